package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.ContactEventListener;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import dev.wecomsync.server.CallbackServer;
import dev.wecomsync.testkit.CallbackEvent;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.WeComSimulator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three callback endpoints (one per simulated instance, each with its own
 * {@link JdbcEventDeduplicator} on the shared table) receive the simulator's events, and every
 * event is resent, as WeCom retries, to the other instances.
 */
@OnEveryDatabase
class SharedDeduplicatorClusterTest extends DatabaseTest {

    static final String TOKEN = "QDG6eK";
    static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    static final int INSTANCES = 3;

    final ManualClock clock = new ManualClock(Instant.now());
    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final List<ContactEventListener> listeners = new ArrayList<>();
    final List<CallbackServer> servers = new ArrayList<>();
    final List<CallbackSender> senders = new ArrayList<>();
    WeComSimulator simulator;
    CallbackSender sender;

    SharedDeduplicatorClusterTest(Databases database) {
        super(database);
    }

    @BeforeEach
    void startInstances() {
        simulator = WeComSimulator.builder().clock(clock).build();
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, AES_KEY, simulator.corpId());
        for (int i = 0; i < INSTANCES; i++) {
            int instance = i;
            listeners.add(event -> record(event));
            CallbackHandler handler = CallbackHandler.builder()
                    .crypto(crypto)
                    .clock(clock)
                    .onEvent(event -> listeners.get(instance).onEvent(event))
                    .deduplicator(JdbcEventDeduplicator.builder().dataSource(dataSource).tablePrefix(prefix)
                            .clock(clock).build())
                    .build();
            servers.add(CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), "/wecom/callback", handler));
        }
        for (int i = 0; i < INSTANCES; i++) senders.add(simulator.callbacks(url(i), TOKEN, AES_KEY));
        sender = senders.get(0);
    }

    @AfterEach
    void stopInstances() {
        servers.forEach(CallbackServer::close);
        simulator.close();
    }

    String url(int instance) {
        return "http://127.0.0.1:" + servers.get(instance).port() + "/wecom/callback";
    }

    /** The same request on another instance, as when WeCom's retry lands behind another node. */
    Delivery resendTo(Delivery earlier, int instance) {
        return senders.get(instance).resend(earlier);
    }

    void record(ContactEvent event) {
        deliveries.computeIfAbsent(event.rawXml(), k -> new AtomicInteger()).incrementAndGet();
    }

    List<CallbackEvent> events(int count) {
        List<CallbackEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(i % 2 == 0 ? sender.events().deleteUser("user" + i) : sender.events().deleteParty(100 + i));
        }
        return events;
    }

    @Test
    void everyEventResentToEveryInstanceIsDeliveredExactlyOnce() throws Exception {
        List<CallbackEvent> events = events(12);
        List<Delivery> first = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            first.add(resendTo(sender.send(events.get(i)), i % INSTANCES));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Delivery>> retries = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                Delivery d = first.get(i);
                for (int j = 1; j <= INSTANCES; j++) {
                    int target = (i + j) % INSTANCES;
                    retries.add(pool.submit(() -> resendTo(d, target)));
                }
            }
            for (Future<Delivery> retry : retries) {
                assertThat(retry.get(10, TimeUnit.SECONDS).accepted()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(first).allMatch(Delivery::accepted);
        assertThat(deliveries).hasSize(events.size());
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void concurrentCopiesOfOneEventOnAllInstancesAreDeliveredOnce() throws Exception {
        Delivery original = sender.send(sender.events().deleteUser("zhangsan"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Delivery>> copies = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int target = i % INSTANCES;
                    copies.add(pool.submit(() -> {
                        start.await();
                        return resendTo(original, target);
                    }));
                }
                start.countDown();
                for (Future<Delivery> copy : copies) {
                    assertThat(copy.get(10, TimeUnit.SECONDS).status()).isIn(200, 503);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void anInstanceWhoseListenerFailsLeavesTheEventToTheRetry() {
        listeners.set(0, event -> {
            throw new IllegalStateException("target database down");
        });

        Delivery failed = sender.send(sender.events().deleteUser("lisi"));
        assertThat(failed.accepted()).as("WeCom will retry").isFalse();
        assertThat(deliveries).isEmpty();

        assertThat(resendTo(failed, 1).accepted()).isTrue();
        assertThat(resendTo(failed, 2).accepted()).isTrue();
        assertThat(resendTo(failed, 0).accepted()).as("already delivered: acknowledged").isTrue();
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void theClaimOfAnInstanceThatHangsExpiresAndAnotherDelivers() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        listeners.set(0, event -> {
            hung.countDown();
            wake.await();
            throw new IllegalStateException("the process was gone for a minute");
        });
        CallbackEvent event = sender.events().deleteParty(42);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Delivery copy = encrypted(event);
            Future<Delivery> stuck = pool.submit(() -> sender.resend(copy));
            assertThat(hung.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(resendTo(copy, 1).status()).as("claimed by instance 0").isEqualTo(503);
            clock.advance(CallbackHandler.DEFAULT_CLAIM_LEASE);
            assertThat(resendTo(copy, 1).accepted()).as("lease over: instance 1 delivers").isTrue();
            assertThat(deliveries.values()).singleElement().satisfies(n -> assertThat(n).hasValue(1));

            wake.countDown();
            assertThat(stuck.get(5, TimeUnit.SECONDS).accepted()).isFalse();
            assertThat(resendTo(copy, 2).accepted()).as("the late failure did not undo it").isTrue();
            assertThat(deliveries.values()).singleElement().satisfies(n -> assertThat(n).hasValue(1));
        } finally {
            wake.countDown();
            pool.shutdownNow();
        }
    }

    /** The request WeCom would POST for {@code event} to one instance (the sender records it only once answered). */
    private Delivery encrypted(CallbackEvent event) {
        String timestamp = String.valueOf(clock.millis() / 1000);
        String nonce = "1234567890";
        EncryptedMessage m = CallbackCrypto.of(TOKEN, AES_KEY, simulator.corpId()).encrypt(event.xml(), timestamp, nonce);
        String body = "<xml><ToUserName><![CDATA[" + simulator.corpId() + "]]></ToUserName><Encrypt><![CDATA["
                + m.encrypt() + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>";
        return new Delivery(event, "msg_signature=" + m.msgSignature() + "&timestamp=" + timestamp + "&nonce=" + nonce,
                body, m.msgSignature(), timestamp, nonce, 0, "");
    }
}
