package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wecomsync.callback.TestSender.Request;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler without a network: every status of the table, de-duplication and async mode. */
class CallbackHandlerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final TestSender sender = new TestSender(clock);
    private final List<ContactEvent> delivered = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CallbackHandler.Builder handler() {
        return CallbackHandler.builder().crypto(sender.crypto()).clock(clock).onEvent(delivered::add);
    }

    private static CallbackResponse send(CallbackHandler handler, Request r) {
        return handler.handle(r.method(), r.rawQuery(), r.body());
    }

    @Test
    void urlVerificationAnswersVectorA1PlaintextExactly() {
        CallbackHandler handler = CallbackHandler.builder().crypto(VectorA.CRYPTO)
                .clock(new ManualClock(VectorA.NOW)).onEvent(delivered::add).build();
        CallbackResponse r = handler.handle("GET", VectorA.A1_QUERY, null);
        assertThat(r).isEqualTo(new CallbackResponse(200, VectorA.A1_REPLY, "text/plain; charset=utf-8"));
    }

    @Test
    void vectorA2ChatMessageIsDeliveredAsUnknownEvent() {
        CallbackHandler handler = CallbackHandler.builder().crypto(VectorA.CRYPTO)
                .clock(new ManualClock(VectorA.NOW)).onEvent(delivered::add).build();
        assertThat(handler.handle("POST", VectorA.A2_QUERY, VectorA.A2_BODY).status()).isEqualTo(200);
        assertThat(delivered).singleElement().isInstanceOfSatisfying(UnknownEvent.class, e -> {
            assertThat(e.msgType()).isEqualTo("text");
            assertThat(e.rawXml()).contains("<Content><![CDATA[hello]]></Content>");
        });
    }

    @Test
    void vectorA1IsStaleUnderTheDefaultReplayWindow() {
        CallbackHandler handler = CallbackHandler.builder().crypto(VectorA.CRYPTO).onEvent(delivered::add).build();
        assertThat(handler.handle("GET", VectorA.A1_QUERY, null).status()).isEqualTo(403);
    }

    @Test
    void eventIsDeliveredAndAcknowledgedWithEmptyBody() {
        CallbackHandler handler = handler().build();
        CallbackResponse r = send(handler, sender.event(TestSender.createUser("u1", 1)));
        assertThat(r).isEqualTo(new CallbackResponse(200, "", CallbackResponse.TEXT_PLAIN));
        assertThat(delivered).singleElement().isInstanceOfSatisfying(UserCreated.class,
                e -> assertThat(e.userId()).isEqualTo("u1"));
    }

    @Test
    void resentEventIsDeliveredOnceButDistinctEventsOfTheSameSecondAreNot() {
        CallbackHandler handler = handler().build();
        Request first = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, first).status()).isEqualTo(200);
        assertThat(send(handler, first).status()).isEqualTo(200);
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status())
                .as("same plaintext, new nonce: still the same event").isEqualTo(200);
        assertThat(send(handler, sender.event(TestSender.createUser("u2", 1))).status()).isEqualTo(200);
        assertThat(delivered).extracting(e -> ((UserCreated) e).userId()).containsExactly("u1", "u2");
    }

    @Test
    void defaultDeduplicatorRemembersEventsForTheWholeSpanTheirTimestampIsAccepted() {
        CallbackHandler handler = handler().build();
        // Accepted at the future edge of the window, then replayed at the past edge, 10 minutes later.
        Request request = sender.event(TestSender.createUser("u1", 1), clock.instant().getEpochSecond() + 300);
        assertThat(send(handler, request).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(10));
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(handler, request).status()).as("now outside the window").isEqualTo(403);
    }

    @Test
    void listenerFailureAnswers500AndTheResendIsDelivered() {
        AtomicInteger calls = new AtomicInteger();
        CallbackHandler handler = handler().onEvent(e -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("database down");
            delivered.add(e);
        }).build();
        Request request = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, request).status()).isEqualTo(500);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(calls).hasValue(2);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void listenerErrorIsStill500AndHandleNeverThrows() {
        CallbackHandler handler = handler().onEvent(e -> {
            throw new AssertionError("bug");
        }).build();
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(500);
    }

    @Test
    void concurrentDeliveryOfTheSameEventReachesTheListenerOnceAndTheOtherGets503() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        CallbackHandler handler = handler().onEvent(e -> {
            entered.countDown();
            proceed.await();
            delivered.add(e);
        }).build();
        Request request = sender.event(TestSender.createUser("u1", 1));
        Future<CallbackResponse> first = threads.submit(() -> send(handler, request));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CallbackResponse second = send(handler, request);
        assertThat(second.status()).isEqualTo(503);
        proceed.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void badSignatureStaleTimestampAndOtherCorpAre403() {
        CallbackHandler handler = handler().build();
        Request good = sender.event(TestSender.createUser("u1", 1));
        String sig = good.rawQuery().substring("msg_signature=".length(), "msg_signature=".length() + 40);
        String forgedSig = sig.substring(0, 39) + (sig.charAt(39) == '0' ? '1' : '0');
        assertThat(handler.handle("POST", good.rawQuery().replace(sig, forgedSig), good.body()).status())
                .isEqualTo(403);

        Request stale = sender.event(TestSender.createUser("u1", 1), clock.instant().getEpochSecond() - 301);
        assertThat(send(handler, stale).status()).isEqualTo(403);
        Request future = sender.event(TestSender.createUser("u1", 1), clock.instant().getEpochSecond() + 301);
        assertThat(send(handler, future).status()).isEqualTo(403);
        Request edge = sender.event(TestSender.createUser("u9", 1), clock.instant().getEpochSecond() - 300);
        assertThat(send(handler, edge).status()).isEqualTo(200);

        TestSender otherCorp = new TestSender(
                CallbackCrypto.of(TestSender.TOKEN, TestSender.AES_KEY, "wwSomeoneElse"), clock);
        assertThat(send(handler, otherCorp.event(TestSender.createUser("u1", 1))).status()).isEqualTo(403);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void maxAgeIsConfigurable() {
        CallbackHandler handler = handler().maxAge(Duration.ofSeconds(30)).build();
        long now = clock.instant().getEpochSecond();
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1), now - 31)).status()).isEqualTo(403);
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1), now - 29)).status()).isEqualTo(200);
    }

    @Test
    void malformedRequestsAre400() {
        CallbackHandler handler = handler().build();
        Request good = sender.event(TestSender.createUser("u1", 1));
        assertThat(handler.handle("POST", null, good.body()).status()).isEqualTo(400);
        assertThat(handler.handle("POST", "timestamp=1&nonce=2", good.body()).status()).isEqualTo(400);
        assertThat(handler.handle("POST", good.rawQuery() + "&nonce=x", good.body()).status()).isEqualTo(400);
        assertThat(handler.handle("POST", good.rawQuery(), "").status()).isEqualTo(400);
        assertThat(handler.handle("POST", good.rawQuery(), null).status()).isEqualTo(400);
        assertThat(handler.handle("POST", good.rawQuery(), "<xml><Encrypt>").status()).isEqualTo(400);
        assertThat(handler.handle("GET", "msg_signature=a&timestamp=1&nonce=2", null).status()).isEqualTo(400);
        assertThat(handler.handle("GET", "msg_signature=a&timestamp=1&nonce=2&echostr=%zz", null).status())
                .isEqualTo(400);
        // Signed correctly, but the plaintext is not an event WeCom could send.
        assertThat(send(handler, sender.event("<xml><ChangeType>create_user</ChangeType></xml>")).status())
                .isEqualTo(400);
        assertThat(send(handler, sender.event("plain text")).status()).isEqualTo(400);
        assertThat(delivered).isEmpty();
    }

    @Test
    void otherMethodsAre405() {
        CallbackHandler handler = handler().build();
        for (String method : new String[] {"PUT", "DELETE", "HEAD", "OPTIONS", "", null}) {
            assertThat(handler.handle(method, "a=b", "").status()).as(String.valueOf(method)).isEqualTo(405);
        }
    }

    @Test
    void bodyOverTheLimitIs413CountingUtf8Bytes() {
        CallbackHandler handler = handler().maxBodyBytes(1000).build();
        assertThat(handler.maxBodyBytes()).isEqualTo(1000);
        assertThat(handler.handle("POST", "a=b", "x".repeat(1001)).status()).isEqualTo(413);
        assertThat(handler.handle("POST", "a=b", "你".repeat(334)).status()).as("1002 bytes").isEqualTo(413);
        assertThat(handler.handle("POST", "a=b", "你".repeat(333)).status()).as("999 bytes").isEqualTo(400);
        assertThat(handler.handle("POST", "a=b", "\uD83D\uDE00".repeat(250)).status()).as("1000 bytes")
                .isEqualTo(400);
        assertThat(CallbackHandler.builder().crypto(sender.crypto()).onEvent(delivered::add).build().maxBodyBytes())
                .isEqualTo(1 << 20);
    }

    @Test
    void hostileXmlIsRefusedQuicklyOutsideAndInsideTheEncryption() {
        CallbackHandler handler = handler().build();
        Request good = sender.event(TestSender.createUser("u1", 1));
        String xxeOuter = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + good.body().replace("<ToUserName>", "<ToUserName>&e;");
        // Quickly: the parser refuses any DTD before reading it (EventParserTest); the timeout only
        // keeps an expanding parser from hanging the build.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(handler.handle("POST", good.rawQuery(), xxeOuter).status()).isEqualTo(400);
            assertThat(send(handler, sender.event(Hostile.xxe())).status()).isEqualTo(400);
            assertThat(send(handler, sender.event(Hostile.billionLaughs())).status()).isEqualTo(400);
        });
        assertThat(delivered).isEmpty();
    }

    @Test
    void deduplicatorFailureIs503AndTheEventIsNotLost() {
        AtomicInteger claims = new AtomicInteger();
        EventDeduplicator flaky = new EventDeduplicator() {
            final EventDeduplicator real = EventDeduplicator.inMemory(Duration.ofMinutes(11), 10, clock);

            @Override
            public EventClaim claim(String eventKey, Duration lease) {
                if (claims.incrementAndGet() == 1) throw new IllegalStateException("store down");
                return real.claim(eventKey, lease);
            }

            @Override
            public void commit(EventClaim claim) {
                real.commit(claim);
            }

            @Override
            public void release(EventClaim claim) {
                real.release(claim);
            }
        };
        CallbackHandler handler = handler().deduplicator(flaky).build();
        Request request = sender.event(TestSender.createUser("u1", 1));
        assertThat(send(handler, request).status()).isEqualTo(503);
        assertThat(send(handler, request).status()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void methodReferencesReturningAValueFitTheListener() {
        CallbackHandler handler = handler().onEvent(this::applyLikeTheSyncEngine).build();
        assertThat(send(handler, sender.event(TestSender.createUser("u1", 1))).status()).isEqualTo(200);
        assertThat(delivered).hasSize(1);
    }

    private String applyLikeTheSyncEngine(ContactEvent event) {
        delivered.add(event);
        return "a report";
    }

    @Test
    void builderRefusesMissingOrInvalidSettings() {
        assertThatThrownBy(() -> CallbackHandler.builder().onEvent(delivered::add).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("crypto == null");
        assertThatThrownBy(() -> CallbackHandler.builder().crypto(sender.crypto()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("listener == null");
        assertThatThrownBy(() -> handler().maxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handler().maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handler().async(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> handler().claimLease(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
