package dev.wecomsync.crypto;

import java.util.Objects;

/**
 * An encrypted, signed reply to WeCom, as {@link CallbackCrypto#encrypt} makes it.
 *
 * @param encrypt the Base64 ciphertext
 * @param msgSignature the signature over token, timestamp, nonce and {@code encrypt}
 * @param timestamp the timestamp that was signed
 * @param nonce the nonce that was signed
 */
public record EncryptedMessage(String encrypt, String msgSignature, String timestamp, String nonce) {

    public EncryptedMessage {
        Objects.requireNonNull(encrypt, "encrypt == null");
        Objects.requireNonNull(msgSignature, "msgSignature == null");
        Objects.requireNonNull(timestamp, "timestamp == null");
        Objects.requireNonNull(nonce, "nonce == null");
    }

    /**
     * The reply body in WeCom's layout:
     * {@code <xml><Encrypt>…</Encrypt><MsgSignature>…</MsgSignature><TimeStamp>…</TimeStamp><Nonce>…</Nonce></xml>}.
     * Values are wrapped in CDATA where WeCom's samples do; the timestamp is escaped text.
     */
    public String toXml() {
        return "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt>"
                + "<MsgSignature><![CDATA[" + msgSignature + "]]></MsgSignature>"
                + "<TimeStamp>" + escape(timestamp) + "</TimeStamp>"
                + "<Nonce><![CDATA[" + cdataSafe(nonce) + "]]></Nonce></xml>";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cdataSafe(String value) {
        return value.replace("]]>", "]]]]><![CDATA[>");
    }
}
