package io.contactsync.mapping;

/**
 * {@code truncate: N}: cut to at most N characters towards Constant Contact (its fields have length limits, e.g. 50
 * for names; longer values are rejected or cut by the API). Never splits a surrogate pair. Identity towards the CRM.
 */
record TruncateTransform(int maxLength) implements ValueTransform {

    static TruncateTransform of(Object argument) {
        int max;
        try {
            max = Integer.parseInt(String.valueOf(argument));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'truncate' needs a whole number of characters, e.g. {truncate: 50}, not '"
                    + argument + "'");
        }
        if (max < 1) {
            throw new IllegalArgumentException("'truncate' needs a length of at least 1, not " + max);
        }
        return new TruncateTransform(max);
    }

    @Override
    public String toCtct(String value) {
        if (value.length() <= maxLength) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return value.substring(0, end);
    }
}
