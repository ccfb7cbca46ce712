package io.contactsync.crm.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters translated to JDBC {@code ?} placeholders. A colon inside a string literal,
 * a quoted identifier, a comment or a dollar-quoted string is left alone, and so is PostgreSQL's {@code ::} cast.
 * A bare {@code ?} outside those is refused: mixing both styles would shift the parameter positions.
 *
 * @param sql            the statement with every named parameter replaced by {@code ?}
 * @param parameterNames the name of each {@code ?}, in order (a name used twice appears twice)
 */
public record NamedParameterSql(String sql, List<String> parameterNames) {

    public NamedParameterSql {
        parameterNames = List.copyOf(parameterNames);
    }

    /** Parses {@code namedSql}; throws {@link IllegalArgumentException} on a bare {@code ?} or an unclosed quote. */
    public static NamedParameterSql parse(String namedSql) {
        StringBuilder out = new StringBuilder(namedSql.length());
        List<String> names = new ArrayList<>();
        int n = namedSql.length();
        int i = 0;
        while (i < n) {
            char c = namedSql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = closing(namedSql, i + 1, String.valueOf(c), "quote " + c);
            } else if (c == '-' && next(namedSql, i) == '-') {
                int eol = namedSql.indexOf('\n', i);
                end = eol < 0 ? n : eol + 1;
            } else if (c == '/' && next(namedSql, i) == '*') {
                end = closing(namedSql, i + 2, "*/", "comment /*");
            } else if (c == '$' && dollarTag(namedSql, i) != null) {
                String tag = dollarTag(namedSql, i);
                end = closing(namedSql, i + tag.length(), tag, "dollar quote " + tag);
            } else if (c == ':' && next(namedSql, i) == ':') {
                end = i + 2;
            } else if (c == ':' && isNameStart(next(namedSql, i))) {
                end = i + 2;
                while (end < n && isNamePart(namedSql.charAt(end))) {
                    end++;
                }
                names.add(namedSql.substring(i + 1, end));
                out.append('?');
                i = end;
                continue;
            } else if (c == '?') {
                throw new IllegalArgumentException("a '?' placeholder at position " + i
                        + ": use named parameters (:name) only");
            } else {
                end = i + 1;
            }
            out.append(namedSql, i, end);
            i = end;
        }
        return new NamedParameterSql(out.toString(), names);
    }

    /** The 1-based JDBC positions of {@code name}. */
    public List<Integer> positionsOf(String name) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < parameterNames.size(); i++) {
            if (parameterNames.get(i).equals(name)) {
                positions.add(i + 1);
            }
        }
        return positions;
    }

    private static int closing(String s, int from, String terminator, String what) {
        int at = s.indexOf(terminator, from);
        if (at < 0) {
            throw new IllegalArgumentException("unclosed " + what + " starting before position " + from);
        }
        // A doubled quote ('' or "") is an escaped quote inside the literal: the scan simply goes on from there.
        return at + terminator.length();
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, else null (e.g. PostgreSQL's {@code $1}). */
    private static String dollarTag(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (j == i + 1 ? isNameStart(s.charAt(j)) : isNamePart(s.charAt(j)))) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
