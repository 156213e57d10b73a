package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.TestSender.Request;
import dev.wecomsync.testkit.ManualClock;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nothing a request carries outlives {@link CallbackHandler#handle}: not the body of an accepted
 * or refused request, not the decrypted message once the listener let go of its event, and a
 * flood of forged bodies leaves the heap flat.
 */
class RetentionTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final TestSender sender = new TestSender(clock);
    private final List<ContactEvent> delivered = new CopyOnWriteArrayList<>();
    private final CallbackHandler handler =
            CallbackHandler.builder().crypto(sender.crypto()).clock(clock).onEvent(delivered::add).build();

    /** The status a request got, and a weak reference to the body it carried. */
    private record Outcome(WeakReference<String> body, int status) {}

    @Test
    void theBodyOfAnAcceptedEventIsUnreachableOnceHandleReturns() {
        Outcome outcome = handle(handler, sender.event(TestSender.createUser("u1", 1)));
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(Heap.collected(outcome.body())).as("body collected").isTrue();
        assertThat(delivered).singleElement().isInstanceOf(UserCreated.class);
    }

    @Test
    void theBodyOfEveryRefusedRequestIsUnreachableOnceHandleReturns() {
        Request valid = sender.event(TestSender.createUser("u2", 1));
        long stale = clock.instant().getEpochSecond() - 600;
        Object[][] cases = {
            {"bad signature", new Request("POST", valid.rawQuery().replaceFirst("msg_signature=[0-9a-f]+",
                    "msg_signature=" + "0".repeat(40)), valid.body()), 403},
            {"bad XML", new Request("POST", valid.rawQuery(), valid.body().substring(0, 50)), 400},
            {"DTD", new Request("POST", valid.rawQuery(), Hostile.xxe()), 400},
            {"stale timestamp", sender.event(TestSender.createUser("u3", 1), stale), 403},
            {"DTD in the message", sender.event(Hostile.billionLaughs()), 400},
            {"not a WeCom message", sender.event("<xml><Event>change_contact</Event></xml>"), 400},
        };
        for (Object[] c : cases) {
            Outcome outcome = handle(handler, (Request) c[1]);
            assertThat(outcome.status()).as("%s", c[0]).isEqualTo(c[2]);
            assertThat(Heap.collected(outcome.body())).as("body collected for %s", c[0]).isTrue();
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void theDecryptedMessageIsUnreachableOnceTheListenerDropsItsEvent() throws Exception {
        List<WeakReference<String>> messages = new CopyOnWriteArrayList<>();
        CallbackHandler sync = CallbackHandler.builder().crypto(sender.crypto()).clock(clock)
                .onEvent(e -> messages.add(new WeakReference<>(e.rawXml()))).build();
        assertThat(handle(sync, sender.event(TestSender.createUser("u4", 1))).status()).isEqualTo(200);

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CallbackHandler async = CallbackHandler.builder().crypto(sender.crypto()).clock(clock)
                    .onEvent(e -> messages.add(new WeakReference<>(e.rawXml()))).async(executor, 4).build();
            assertThat(handle(async, sender.event(TestSender.createUser("u5", 1))).status()).isEqualTo(200);
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(messages).hasSize(2);
        for (WeakReference<String> message : messages) {
            assertThat(Heap.collected(message)).as("decrypted message collected").isTrue();
        }
    }

    @Test
    void twoThousandForged64KiBBodiesLeaveTheRetainedHeapFlat() {
        String query = "msg_signature=" + "0".repeat(40) + "&timestamp=" + clock.instant().getEpochSecond()
                + "&nonce=n1";
        long before = Heap.retained();
        int forbidden = 0;
        for (int i = 0; i < 2_000; i++) {
            if (handler.handle("POST", query, forgedBody(i, 64 * 1024)).status() == 403) forbidden++;
        }
        long growth = Heap.retained() - before;
        assertThat(forbidden).isEqualTo(2_000);
        // Kept bodies would add 2,000 x 64 KiB = 125 MiB at least.
        assertThat(growth).as("retained heap growth in bytes").isLessThan(16L << 20);
    }

    /** A distinct, well-formed body of {@code length} characters whose Encrypt is not signed. */
    private static String forgedBody(int i, int length) {
        String head = "<xml><ToUserName><![CDATA[" + TestSender.CORP_ID + "]]></ToUserName><Encrypt><![CDATA[" + i;
        String tail = "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>";
        StringBuilder sb = new StringBuilder(length).append(head);
        while (sb.length() < length - tail.length()) sb.append('A');
        return sb.append(tail).toString();
    }

    /** Handles {@code r} with a fresh copy of its body, so that only the handler can keep it. */
    private static Outcome handle(CallbackHandler handler, Request r) {
        String copy = new String(r.body().toCharArray());
        WeakReference<String> ref = new WeakReference<>(copy);
        return new Outcome(ref, handler.handle(r.method(), r.rawQuery(), copy).status());
    }
}
