package dev.wecomsync.benchmarks;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retained heap (after full GC) of a {@link CallbackHandler} on one thread: first after forged
 * 64 KB bodies refused for their {@code msg_signature}, then after valid signed events. Each
 * figure is the growth over the heap before that phase. Not a JMH benchmark: it measures what
 * stays, not how fast.
 *
 * <pre>
 * java -Xmx2g -cp wecom-sync-benchmarks/target/benchmarks.jar dev.wecomsync.benchmarks.RetainedHeap [forged] [valid]
 * </pre>
 */
public final class RetainedHeap {
    private static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private static final String KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private static final String CORP = "ww1436e0e65a779aee";
    private static final int BODY_BYTES = 64 * 1024;

    private RetainedHeap() {}

    public static void main(String[] args) {
        int forged = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int valid = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, KEY, CORP);
        AtomicLong delivered = new AtomicLong();
        CallbackHandler handler = CallbackHandler.builder().crypto(crypto)
                .onEvent(event -> delivered.incrementAndGet()).build();

        long before = retained();
        int refused = 0;
        for (int i = 0; i < forged; i++) {
            CallbackResponse r = handler.handle("POST", forgedQuery(i), forgedBody(i));
            if (r.status() == 403) refused++;
        }
        long afterForged = retained();
        int accepted = 0;
        for (int i = 0; i < valid; i++) {
            long now = System.currentTimeMillis() / 1000;
            EncryptedMessage m = crypto.encrypt(event(i, now), Long.toString(now), Integer.toString(i));
            String body = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA["
                    + m.encrypt() + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
            String query = "msg_signature=" + m.msgSignature() + "&timestamp=" + m.timestamp()
                    + "&nonce=" + URLEncoder.encode(m.nonce(), StandardCharsets.UTF_8);
            if (handler.handle("POST", query, body).status() == 200) accepted++;
        }
        long afterValid = retained();

        System.out.printf("forged %,d x %d KiB bodies: %,d refused with 403; retained heap %+.1f MiB%n",
                forged, BODY_BYTES / 1024, refused, mib(afterForged - before));
        System.out.printf("valid %,d events: %,d answered 200, %,d delivered; retained heap %+.1f MiB"
                        + " (%.0f bytes per event; includes the de-duplicator's keys)%n",
                valid, accepted, delivered.get(), mib(afterValid - afterForged),
                valid == 0 ? 0.0 : (double) (afterValid - afterForged) / valid);
        if (handler.hashCode() == 0) System.out.println(); // keep the handler reachable until here
    }

    private static String forgedQuery(int i) {
        return "msg_signature=" + "0".repeat(40) + "&timestamp=" + (System.currentTimeMillis() / 1000)
                + "&nonce=" + i;
    }

    /** A distinct well-formed body of about 64 KiB whose Encrypt is Base64 but not signed. */
    private static String forgedBody(int i) {
        String head = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA[" + i;
        String tail = "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        StringBuilder sb = new StringBuilder(BODY_BYTES).append(head);
        while (sb.length() < BODY_BYTES - tail.length()) sb.append('A');
        return sb.append(tail).toString();
    }

    private static String event(int i, long now) {
        return "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + now + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType>"
                + "<UserID><![CDATA[user" + i + "]]></UserID><Name><![CDATA[张三]]></Name>"
                + "<Department><![CDATA[1,2,3]]></Department><Position><![CDATA[产品经理]]></Position></xml>";
    }

    /** Heap in use after full collections, once it stops shrinking. */
    private static long retained() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) return now;
            used = now;
        }
        return used;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
