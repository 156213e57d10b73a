package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.TestSender.Request;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler in inbox mode, without a network: answers, retries, parking, order, capacity, close. */
class InboxModeTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final TestSender sender = new TestSender(clock);
    private final InboxProbe probe = new InboxProbe();
    private final CountDownLatch proceed = new CountDownLatch(1);
    private final List<CallbackHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        proceed.countDown();
        handlers.forEach(CallbackHandler::close);
    }

    private CallbackHandler.Builder builder(EventInbox inbox, ContactEventListener listener) {
        return CallbackHandler.builder().crypto(sender.crypto()).clock(clock).inbox(inbox).onEvent(listener)
                .inboxListener(probe).pollInterval(Duration.ofMillis(5)).retryDelay(Duration.ofSeconds(10),
                        Duration.ofSeconds(40));
    }

    private CallbackHandler start(CallbackHandler.Builder builder) {
        CallbackHandler handler = builder.build();
        handlers.add(handler);
        return handler;
    }

    private static CallbackResponse send(CallbackHandler handler, Request r) {
        return handler.handle(r.method(), r.rawQuery(), r.body());
    }

    private static String userId(ContactEvent e) {
        return ((UserCreated) e).userId();
    }

    @Test
    void answers200BeforeTheListenerRunsAndStoresAResendOnce() {
        AtomicInteger calls = new AtomicInteger();
        CallbackHandler handler = start(builder(EventInbox.inMemory(), e -> {
            proceed.await();
            calls.incrementAndGet();
        }));
        Request request = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, request)).isEqualTo(CallbackResponse.text(200, ""));
        assertThat(send(handler, request)).isEqualTo(CallbackResponse.text(200, ""));
        assertThat(handler.inboxStats()).get().extracting(InboxStats::depth).isEqualTo(1L);

        proceed.countDown();
        probe.awaitApplied(1);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(handler.inboxStats()).get().satisfies(s -> {
            assertThat(s.depth()).isZero();
            assertThat(s.applied()).isEqualTo(1);
        });
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailedAttemptIsRetriedWhenItsNextAttemptTimeComes() {
        AtomicInteger calls = new AtomicInteger();
        CallbackHandler handler = start(builder(EventInbox.inMemory(), e -> {
            if (calls.incrementAndGet() < 3) throw new IllegalStateException("errcode 45009");
        }));
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(200);
        probe.awaitRetried(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(handler.inboxStats().orElseThrow().oldestPendingAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(calls).as("not due before ~10 s").hasValue(1);
        clock.advance(Duration.ofSeconds(7));
        probe.awaitRetried(2);
        clock.advance(Duration.ofSeconds(25));
        probe.awaitApplied(1);
        assertThat(calls).hasValue(3);
        assertThat(handler.inboxStats().orElseThrow().retried()).isEqualTo(2);
    }

    @Test
    void afterMaxAttemptsAnEventIsParkedReportedAndCanBeRetried() {
        AtomicInteger calls = new AtomicInteger();
        CallbackHandler handler = start(builder(EventInbox.inMemory(), e -> {
            if (calls.incrementAndGet() <= 2) throw new IllegalStateException("host database down");
        }).maxAttempts(2));
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(200);
        probe.awaitRetried(1);
        clock.advance(Duration.ofMinutes(1));
        probe.awaitParked(1);

        assertThat(handler.parkedEvents(10)).singleElement().satisfies(p -> {
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(p.lastError()).isEqualTo("IllegalStateException: host database down");
            assertThat(p.orderKeys()).containsExactly("user:u1");
            assertThat(p.toString()).doesNotContain("<xml>");
        });
        assertThat(handler.inboxStats().orElseThrow()).satisfies(s -> {
            assertThat(s.parked()).isEqualTo(1);
            assertThat(s.depth()).isZero();
            assertThat(s.parkedTotal()).isEqualTo(1);
        });
        assertThat(handler.retryParked()).isEqualTo(1);
        probe.awaitApplied(1);
        assertThat(handler.parkedEvents(10)).isEmpty();
        assertThat(calls).hasValue(3);
    }

    @Test
    void eventsOfOneUserAreAppliedInArrivalOrderOthersInParallel() {
        List<String> order = new ArrayList<>();
        CountDownLatch bothRunning = new CountDownLatch(2);
        CallbackHandler handler = start(builder(EventInbox.inMemory(), e -> {
            String id = userId(e);
            if (id.equals("b") || id.equals("c")) {
                bothRunning.countDown();
                bothRunning.await();   // b and c run at once, or this never returns
            }
            synchronized (order) {
                order.add(id + ":" + e.createTime().getEpochSecond());
            }
        }).workers(4));
        for (int i = 1; i <= 5; i++) {
            send(handler, sender.event(TestSender.createUser(i % 2 == 0 ? "A" : "a", i))); // one user
        }
        send(handler, sender.event(TestSender.createUser("b", 1)));
        send(handler, sender.event(TestSender.createUser("c", 1)));
        probe.awaitApplied(7);
        assertThat(order.stream().filter(s -> s.startsWith("a:") || s.startsWith("A:")))
                .containsExactly("a:1", "A:2", "a:3", "A:4", "a:5");
    }

    @Test
    void aFullInboxAnswers503AndLosesNothingItAnswered200() {
        List<String> applied = new ArrayList<>();
        CallbackHandler handler = start(builder(EventInbox.inMemory(3), e -> {
            proceed.await();
            synchronized (applied) {
                applied.add(userId(e));
            }
        }).workers(1));
        List<Request> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Request r = sender.event(TestSender.createUser("u" + i, 1));
            CallbackResponse answer = send(handler, r);
            if (answer.status() == 200) accepted.add("u" + i);
            else refused.add(r);
            if (answer.status() != 200) assertThat(answer).isEqualTo(CallbackResponse.text(503, "inbox full; retry later"));
        }
        assertThat(accepted).hasSize(3);
        proceed.countDown();
        probe.awaitApplied(3);
        for (Request r : refused) { // WeCom's retries, until the inbox has room again
            int before = probe.applied().size();
            int status = send(handler, r).status();
            for (int tries = 0; status == 503 && tries < 10; tries++) {
                probe.awaitApplied(before + 1); // a full inbox holds events not applied before the send
                before = probe.applied().size();
                status = send(handler, r).status();
            }
            assertThat(status).as("WeCom's retry").isEqualTo(200);
        }
        probe.awaitApplied(10);
        assertThat(applied).containsAll(accepted).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void closeLetsRunningEventsFinishThenRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CallbackHandler handler = start(builder(EventInbox.inMemory(), e -> {
            started.countDown();
            proceed.await();
        }).closeTimeout(Duration.ofSeconds(30)));
        send(handler, sender.event(TestSender.createUser("u1", 1)));
        started.await();
        var closing = Executors.newSingleThreadExecutor().submit(handler::close);
        proceed.countDown();
        closing.get();
        assertThat(probe.applied()).hasSize(1);
        assertThat(send(handler, sender.event(TestSender.createUser("u2", 1))))
                .isEqualTo(CallbackResponse.text(503, "shutting down; retry later"));
    }

    @Test
    void anInboxExcludesDeduplicatorAndAsyncAndDirectModeHasNoInboxCalls() {
        CallbackHandler.Builder withDedup = builder(EventInbox.inMemory(), e -> { })
                .deduplicator(EventDeduplicator.inMemory(Duration.ofMinutes(1), 10, clock));
        assertThatThrownBy(withDedup::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("an inbox de-duplicates events itself: drop deduplicator(...)");
        CallbackHandler direct = CallbackHandler.builder().crypto(sender.crypto()).onEvent(e -> { }).build();
        handlers.add(direct);
        assertThat(direct.inboxStats()).isEmpty();
        assertThatThrownBy(direct::retryParked).isInstanceOf(IllegalStateException.class)
                .hasMessage("no inbox configured (CallbackHandler.Builder.inbox)");
        assertThatThrownBy(() -> builder(EventInbox.inMemory(), e -> { }).retryDelay(Duration.ofSeconds(2),
                Duration.ofSeconds(1))).hasMessage("max < first: PT1S < PT2S");
    }
}
