package dev.wecomsync.callback;

import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds callback requests the way WeCom sends them, encrypted with {@link CallbackCrypto}.
 * (Stands in for the testkit's callback sender until that lands.)
 */
final class TestSender {
    static final String TOKEN = "T0kenForTests";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String CORP_ID = "ww0123456789abcdef";

    /** A request: method, raw query, body. */
    record Request(String method, String rawQuery, String body) {}

    private final CallbackCrypto crypto;
    private final Clock clock;
    private final AtomicLong nonces = new AtomicLong(1000);

    TestSender(Clock clock) {
        this(CallbackCrypto.of(TOKEN, AES_KEY, CORP_ID), clock);
    }

    TestSender(CallbackCrypto crypto, Clock clock) {
        this.crypto = crypto;
        this.clock = clock;
    }

    CallbackCrypto crypto() {
        return crypto;
    }

    /** An event POST with the current timestamp. */
    Request event(String plaintextXml) {
        return event(plaintextXml, clock.instant().getEpochSecond());
    }

    Request event(String plaintextXml, long timestamp) {
        EncryptedMessage m = crypto.encrypt(plaintextXml, Long.toString(timestamp), nextNonce());
        String body = "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName><Encrypt><![CDATA["
                + m.encrypt() + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>";
        return new Request("POST", query(m), body);
    }

    /** A URL-verification GET whose echostr decrypts to {@code plaintext}. */
    Request verify(String plaintext) {
        EncryptedMessage m = crypto.encrypt(plaintext, Long.toString(clock.instant().getEpochSecond()),
                nextNonce());
        return new Request("GET", query(m) + "&echostr=" + encode(m.encrypt()), null);
    }

    /** A create_user event for {@code userId}; distinct ids give distinct messages. */
    static String createUser(String userId, long createTime) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>" + createTime + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType>create_user</ChangeType><UserID><![CDATA[" + userId + "]]></UserID>"
                + "<Department><![CDATA[1]]></Department></xml>";
    }

    private static String query(EncryptedMessage m) {
        return "msg_signature=" + m.msgSignature() + "&timestamp=" + m.timestamp()
                + "&nonce=" + encode(m.nonce());
    }

    private String nextNonce() {
        return "n" + Long.toString(nonces.incrementAndGet(), 36);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
