package dev.wecomsync.crypto;

import static dev.wecomsync.crypto.CallbackCryptoTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The POST body: WeCom's XML envelope around the ciphertext, and hostile XML. */
class DecryptMessageTest {

    private final CallbackCrypto crypto = CallbackCrypto.of(CallbackCryptoTest.TOKEN, CallbackCryptoTest.KEY, CallbackCryptoTest.CORP)
            .withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, CallbackCryptoTest.VECTOR_CLOCK);
    private final EncryptedMessage m = crypto.encrypt("<xml><Event>change_contact</Event></xml>", "1409659813", "abc123");

    @Test
    void readsEncryptInEveryShapeWeComSends() throws Exception {
        String e = m.encrypt();
        String[] bodies = {
            "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><AgentID><![CDATA[218]]></AgentID><Encrypt><![CDATA[" + e + "]]></Encrypt></xml>",
            "<xml><ToUserName>wx5823bf96d3bd56c7</ToUserName><Encrypt>" + e + "</Encrypt><AgentID>218</AgentID></xml>",
            "<xml>\n  <ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n  <AgentID></AgentID>\n  <Encrypt>\n   <![CDATA[" + e + "]]>\n  </Encrypt>\n</xml>\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><Encrypt><![CDATA[" + e + "]]></Encrypt></xml>",
            "<xml><AgentID/><Encrypt>" + e.substring(0, 10) + "<![CDATA[" + e.substring(10) + "]]></Encrypt></xml>",
            m.toXml(),
        };
        for (String body : bodies) {
            assertThat(crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), body))
                    .as(body).isEqualTo("<xml><Event>change_contact</Event></xml>");
        }
    }

    @Test
    void refusesABodyWithoutEncrypt() {
        assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(),
                "<xml><ToUserName>x</ToUserName></xml>"), Reason.XML_INVALID);
        assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(),
                "<xml><Encrypt>   </Encrypt></xml>"), Reason.XML_INVALID);
        // Encrypt nested deeper is not WeCom's envelope
        assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(),
                "<xml><a><Encrypt>" + m.encrypt() + "</Encrypt></a></xml>"), Reason.XML_INVALID);
    }

    @Test
    void refusesMalformedXml() {
        for (String body : new String[] {"not xml", "<xml><Encrypt>abc</xml>", "<xml>", "{\"Encrypt\":\"x\"}"}) {
            assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), body), Reason.XML_INVALID);
        }
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><Encrypt>&xxe;</Encrypt></xml>";
        assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), xxe), Reason.XML_INVALID);
    }

    @Test
    void refusesBillionLaughsQuickly() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10));
            dtd.append("\">");
        }
        String body = dtd + "]><xml><Encrypt>&lol9;</Encrypt></xml>";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), m.nonce(), body), Reason.XML_INVALID));
    }

    @Test
    void checksTheSignatureOfTheEncryptValue() {
        String body = "<xml><Encrypt>" + m.encrypt() + "</Encrypt></xml>";
        assertReason(() -> crypto.decryptMessage(m.msgSignature(), m.timestamp(), "other", body), Reason.SIGNATURE_INVALID);
    }
}
