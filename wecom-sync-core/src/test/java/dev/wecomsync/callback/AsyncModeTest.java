package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.TestSender.Request;
import dev.wecomsync.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncModeTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final TestSender sender = new TestSender(clock);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final LinkedBlockingQueue<ContactEvent> delivered = new LinkedBlockingQueue<>();
    private final CountDownLatch proceed = new CountDownLatch(1);

    @AfterEach
    void stop() {
        proceed.countDown();
        executor.shutdownNow();
    }

    private static CallbackResponse send(CallbackHandler handler, Request r) {
        return handler.handle(r.method(), r.rawQuery(), r.body());
    }

    private CallbackHandler blockingHandler(int maxPending) {
        return CallbackHandler.builder().crypto(sender.crypto()).clock(clock)
                .async(executor, maxPending)
                .onEvent(e -> {
                    proceed.await();
                    delivered.add(e);
                })
                .build();
    }

    @Test
    void acknowledgesBeforeTheListenerRunsThenDelivers() throws Exception {
        CallbackHandler handler = blockingHandler(10);
        Request request = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, request)).isEqualTo(CallbackResponse.text(200, ""));
        assertThat(delivered).isEmpty();
        assertThat(send(handler, request).status()).as("resend while pending").isEqualTo(503);
        proceed.countDown();
        assertThat(delivered.poll(10, TimeUnit.SECONDS)).isInstanceOf(UserCreated.class);
        awaitIdle();
        assertThat(send(handler, request).status()).as("resend after delivery").isEqualTo(200);
        assertThat(delivered).isEmpty();
    }

    @Test
    void fullQueueAnswers503AndTheRefusedEventIsDeliveredWhenResent() throws Exception {
        CallbackHandler handler = blockingHandler(2);
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(200);
        assertThat(send(handler, sender.event(TestSender.createUser("u2", 1))).status()).isEqualTo(200);
        Request third = sender.event(TestSender.createUser("u3", 1));
        assertThat(send(handler, third)).isEqualTo(
                CallbackResponse.text(503, "too many pending events; retry later"));
        proceed.countDown();
        List<String> ids = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) ids.add(((UserCreated) delivered.poll(10, TimeUnit.SECONDS)).userId());
        assertThat(ids).containsExactly("u1", "u2");
        awaitIdle();
        assertThat(send(handler, third).status()).isEqualTo(200);
        assertThat(((UserCreated) delivered.poll(10, TimeUnit.SECONDS)).userId()).isEqualTo("u3");
    }

    @Test
    void rejectingExecutorAnswers503() {
        executor.shutdown();
        CallbackHandler handler = blockingHandler(5);
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(503);
    }

    @Test
    void listenerFailureReleasesTheEvent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallbackHandler handler = CallbackHandler.builder().crypto(sender.crypto()).clock(clock)
                .async(executor, 5)
                .onEvent(e -> {
                    if (calls.incrementAndGet() == 1) throw new IllegalStateException("boom");
                    delivered.add(e);
                })
                .build();
        Request request = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, request).status()).isEqualTo(200);
        awaitIdle();
        assertThat(calls).hasValue(1);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(delivered.poll(10, TimeUnit.SECONDS)).isInstanceOf(UserCreated.class);
        assertThat(calls).hasValue(2);
    }

    /** Waits until the single executor thread has finished everything submitted so far. */
    private void awaitIdle() throws Exception {
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }
}
