package io.contactsync.mapping;

import java.util.Locale;

/** Argument-less text clean-ups, applied the same way in both directions. Locale-independent. */
enum TextTransform implements ValueTransform {
    TRIM {
        @Override
        public String toCtct(String value) {
            return value.strip();
        }
    },
    LOWERCASE {
        @Override
        public String toCtct(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    },
    UPPERCASE {
        @Override
        public String toCtct(String value) {
            return value.toUpperCase(Locale.ROOT);
        }
    },
    /** First letter of each word upper case, the rest lower case; a word starts after any non-letter. */
    TITLECASE {
        @Override
        public String toCtct(String value) {
            StringBuilder out = new StringBuilder(value.length());
            boolean startOfWord = true;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                boolean letter = Character.isLetter(cp);
                out.appendCodePoint(letter && startOfWord ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
                startOfWord = !letter;
                i += Character.charCount(cp);
            }
            return out.toString();
        }
    };

    @Override
    public String toCrm(String value) {
        return toCtct(value);
    }
}
