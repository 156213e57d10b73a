package dev.wecomsync.jdbc.internal;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Checks a table prefix. Table names are put into SQL text (they cannot be bind parameters), so a
 * prefix must be a plain identifier: a letter or underscore, then letters, digits and underscores.
 */
public final class TablePrefix {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    private TablePrefix() {}

    /** Returns {@code prefix} if it is a plain identifier of at most 40 characters. */
    public static String check(String prefix) {
        requireNonNull(prefix, "tablePrefix == null");
        if (!IDENTIFIER.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be letters, digits and underscores "
                    + "(at most 40, not starting with a digit): " + prefix);
        }
        return prefix;
    }
}
