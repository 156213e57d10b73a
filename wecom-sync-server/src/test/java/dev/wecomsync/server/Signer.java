package dev.wecomsync.server;

import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.UrlVerification;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Clock;

/**
 * Signs and encrypts callback requests as WeCom would, with timestamps from its clock (the system clock unless
 * given), using the testkit's sender without sending anything: the tests send the requests themselves.
 */
final class Signer implements AutoCloseable {
    static final String TOKEN = "T0kenForTests";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String CORP_ID = "ww0123456789abcdef";

    /** A request: method, raw query, body. */
    record Request(String method, String rawQuery, String body) {}

    private final WeComSimulator sim;
    private final CallbackSender sender;

    Signer() {
        this(Clock.systemUTC());
    }

    Signer(Clock clock) {
        sim = WeComSimulator.builder().corpId(CORP_ID).clock(clock).org(Org.generate(1, 1, 1)).build();
        sender = sim.callbacks((CallbackTransport) (method, rawQuery, body) -> new CallbackTransport.Reply(0, ""),
                TOKEN, AES_KEY);
    }

    /** What the endpoint's handler needs to verify these requests. */
    CallbackCrypto crypto() {
        return CallbackCrypto.of(TOKEN, AES_KEY, CORP_ID);
    }

    /** An event POST of {@code plaintextXml}, timestamped now. */
    Request event(String plaintextXml) {
        Delivery d = sender.send(plaintextXml);
        return new Request("POST", d.query(), d.body());
    }

    /** A URL verification GET; its expected answer is {@link UrlVerification#expectedBody()}. */
    UrlVerification verification() {
        return sender.verifyUrl();
    }

    /** A create_user event for {@code userId}; distinct ids give distinct messages. */
    static String createUser(String userId) {
        return "<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType>create_user</ChangeType><UserID><![CDATA[" + userId + "]]></UserID>"
                + "<Department><![CDATA[1]]></Department></xml>";
    }

    @Override
    public void close() {
        sender.close();
        sim.close();
    }
}
