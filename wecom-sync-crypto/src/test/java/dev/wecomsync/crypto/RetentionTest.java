package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.crypto.CallbackCryptoException.Reason;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Nothing a call was given outlives it: neither an accepted nor a refused body stays reachable
 * from a cache, a pool, a thread-local or the exception, and a flood of forged bodies leaves the
 * heap flat.
 */
class RetentionTest {
    private static final String TS = CallbackCryptoTest.TS;
    private static final String NONCE = CallbackCryptoTest.NONCE;

    private final CallbackCrypto crypto = CallbackCrypto.of(CallbackCryptoTest.TOKEN, CallbackCryptoTest.KEY,
            CallbackCryptoTest.CORP).withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, CallbackCryptoTest.VECTOR_CLOCK);
    private final EncryptedMessage valid = crypto.encrypt("<xml><Event>change_contact</Event></xml>", TS, NONCE);

    /** What a call returned or threw, and a weak reference to the body it was given. */
    private record Outcome(WeakReference<String> body, Object result) {}

    /**
     * WeCom's plain envelope is read without a parser; one with an XML declaration goes through the
     * StAX parser. Each test runs both, so the parser path cannot start keeping bodies unseen.
     */
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @Test
    void anAcceptedBodyIsUnreachableOnceDecryptMessageReturns() {
        for (String body : new String[] {valid.toXml(), DECLARATION + valid.toXml()}) {
            Outcome outcome = decryptMessage(valid.msgSignature(), TS, body);
            assertThat(Heap.collected(outcome.body())).as("body collected: %s", body).isTrue();
            assertThat(outcome.result()).isEqualTo("<xml><Event>change_contact</Event></xml>");
        }
    }

    @Test
    void aRefusedBodyIsUnreachableEvenWhileItsExceptionIsHeld() {
        String stale = "1409659000";
        EncryptedMessage old = crypto.encrypt("<xml/>", stale, NONCE);
        Object[][] cases = {
            {"0".repeat(40), TS, valid.toXml(), Reason.SIGNATURE_INVALID},
            {"0".repeat(40), TS, DECLARATION + valid.toXml(), Reason.SIGNATURE_INVALID},
            {valid.msgSignature(), TS, valid.toXml().substring(0, 60), Reason.XML_INVALID},
            {valid.msgSignature(), TS, "<xml><ToUserName>a</ToUser><Encrypt>" + valid.encrypt() + "</Encrypt></xml>", Reason.XML_INVALID},
            {valid.msgSignature(), TS, "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e \"x\">]><xml><Encrypt>&e;</Encrypt></xml>",
                Reason.XML_INVALID},
            {old.msgSignature(), stale, old.toXml(), Reason.TIMESTAMP_INVALID},
        };
        for (Object[] c : cases) {
            Outcome outcome = decryptMessage((String) c[0], (String) c[1], (String) c[2]);
            assertThat(Heap.collected(outcome.body())).as("body collected for %s: %s", c[3], c[2]).isTrue();
            assertThat(outcome.result()).isInstanceOfSatisfying(CallbackCryptoException.class,
                    e -> assertThat(e.reason()).isEqualTo(c[3]));
        }
    }

    @Test
    void twoThousandForged64KiBBodiesLeaveTheRetainedHeapFlat() {
        String signature = "0".repeat(40);
        long before = Heap.retained();
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            try {
                String body = forgedBody(i, 64 * 1024);
                crypto.decryptMessage(signature, TS, NONCE, i % 2 == 0 ? body : DECLARATION + body);
            } catch (CallbackCryptoException e) {
                if (e.reason() == Reason.SIGNATURE_INVALID) refused++;
            }
        }
        long growth = Heap.retained() - before;
        assertThat(refused).isEqualTo(2_000);
        // Kept bodies would add 2,000 x 64 KiB = 125 MiB at least, half of it on either path.
        assertThat(growth).as("retained heap growth in bytes").isLessThan(16L << 20);
    }

    /** A distinct, well-formed body of {@code length} characters whose Encrypt is not signed. */
    static String forgedBody(int i, int length) {
        String head = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + i;
        String tail = "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        StringBuilder sb = new StringBuilder(length).append(head);
        while (sb.length() < length - tail.length()) sb.append('A');
        return sb.append(tail).toString();
    }

    /** Runs one call on a fresh copy of {@code body}, so that only the call can keep it. */
    private Outcome decryptMessage(String signature, String timestamp, String body) {
        String copy = new String(body.toCharArray());
        WeakReference<String> ref = new WeakReference<>(copy);
        try {
            return new Outcome(ref, crypto.decryptMessage(signature, timestamp, NONCE, copy));
        } catch (CallbackCryptoException e) {
            return new Outcome(ref, e);
        }
    }
}
