package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.crypto.CallbackCryptoException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers a handler gives to requests it refuses before any event exists, by whether WeCom's
 * retry could succeed: 400 malformed, 403 verification failed, 405 wrong method, 413 too large,
 * 500 a bug of ours.
 */
public final class Refusals {
    private static final Logger log = LoggerFactory.getLogger("dev.wecomsync.callback.CallbackHandler");

    public static final CallbackResponse MALFORMED = CallbackResponse.text(400, "malformed request");
    public static final CallbackResponse FORBIDDEN = CallbackResponse.text(403, "verification failed");
    public static final CallbackResponse NOT_ALLOWED = CallbackResponse.text(405, "use GET or POST");
    public static final CallbackResponse TOO_LARGE = CallbackResponse.text(413, "body too large");
    public static final CallbackResponse INTERNAL = CallbackResponse.text(500, "internal error");

    private Refusals() {}

    /** Logs and answers a {@code what} (URL verification, event) that failed verification or decryption. */
    public static CallbackResponse of(String what, CallbackCryptoException e) {
        log.warn("Refused {}: {} ({})", what, e.reason(), e.code());
        return switch (e.reason()) {
            case SIGNATURE_INVALID, TIMESTAMP_INVALID, RECEIVE_ID_MISMATCH -> FORBIDDEN;
            case TOO_LARGE -> TOO_LARGE;
            default -> MALFORMED;
        };
    }

    /** The non-empty value of query parameter {@code name}. */
    public static String required(Map<String, String> query, String name) throws MalformedMessageException {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException("query lacks " + name);
        }
        return value;
    }

    /** Whether {@code body} takes more than {@code maxBytes} bytes in UTF-8, counted without encoding it. */
    public static boolean exceeds(String body, int maxBytes) {
        if (body.length() > maxBytes) return true; // every char is at least one byte
        if ((long) body.length() * 3 <= maxBytes) return false; // and at most three
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a pair is 4
        }
        return bytes > maxBytes;
    }
}
