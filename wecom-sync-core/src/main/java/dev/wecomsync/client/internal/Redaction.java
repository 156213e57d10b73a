package dev.wecomsync.client.internal;

import java.util.regex.Pattern;

/** Removes credentials from text that leaves the client (exception messages, logs). */
public final class Redaction {

    private static final Pattern CREDENTIAL_PARAM =
            Pattern.compile("(access_token|corpsecret|secret)=[^&\\s\"',]*", Pattern.CASE_INSENSITIVE);

    private Redaction() {
    }

    /** {@code text} with the values of {@code access_token=}, {@code corpsecret=} and {@code secret=} replaced. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return CREDENTIAL_PARAM.matcher(text).replaceAll("$1=██");
    }
}
