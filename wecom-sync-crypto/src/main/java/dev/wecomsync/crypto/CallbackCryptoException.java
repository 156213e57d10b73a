package dev.wecomsync.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A WeCom callback could not be verified or decrypted. The message says what was wrong and never
 * contains the token, the key, the ciphertext or the plaintext.
 *
 * <p>{@link #reason()} tells the cases apart; {@link #code()} is the number WeCom's official
 * samples ({@code WXBizMsgCrypt}) use for the same failure, for logs and for comparing notes with
 * other implementations.
 */
public final class CallbackCryptoException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** Why a callback was refused. */
    public enum Reason {
        /** The {@code msg_signature} does not match: wrong token, or a forged or altered request. */
        SIGNATURE_INVALID(-40001),
        /** The timestamp is missing, not a number, or outside the replay window. */
        TIMESTAMP_INVALID(-40001),
        /** The POST body is not the XML WeCom sends (or it declares a DTD, which is refused). */
        XML_INVALID(-40002),
        /** The message was encrypted for another receiver (corpid / suite id). */
        RECEIVE_ID_MISMATCH(-40005),
        /** AES decryption failed: a ciphertext of the wrong length, or the wrong key. */
        DECRYPT_FAILED(-40007),
        /** The decrypted buffer is malformed: bad padding, length field or UTF-8. */
        BUFFER_INVALID(-40008),
        /** The ciphertext is not Base64. */
        BASE64_INVALID(-40010),
        /** The input is over the size limit and was refused before any work was done. */
        TOO_LARGE(-40002);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        /** The official WXBizMsgCrypt error number for this reason. */
        public int code() {
            return code;
        }
    }

    private final Reason reason;

    CallbackCryptoException(Reason reason, String message) {
        this(reason, message, null);
    }

    CallbackCryptoException(Reason reason, String message, Throwable cause) {
        super(message + " (" + Objects.requireNonNull(reason) + ", " + reason.code() + ")", cause);
        this.reason = reason;
    }

    /** Why the callback was refused; never null. */
    public Reason reason() {
        return reason;
    }

    /** The official WXBizMsgCrypt error number, such as -40001 for a bad signature. */
    public int code() {
        return reason.code();
    }
}
