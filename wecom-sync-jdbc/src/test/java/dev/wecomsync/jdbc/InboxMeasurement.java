package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the README, not a test of correctness: how fast {@code handle()} acknowledges
 * events (verify, decrypt, parse, store) with each inbox, and how fast workers drain an inbox when
 * every WeCom call takes 20 ms. Runs only when asked: {@code mvn -B -ntp -pl wecom-sync-jdbc -am
 * verify -Dtest=InboxMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dwecomsync.measure=true}.
 */
@EnabledIfSystemProperty(named = "wecomsync.measure", matches = "true")
class InboxMeasurement {
    static final String TOKEN = "measureToken";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final int ACK_EVENTS = 6_000;
    static final int SENDERS = 8;

    @Test
    void measure() throws Exception {
        List<Databases> databases = new ArrayList<>(List.of(Databases.H2));
        if (System.getenv(Databases.POSTGRES_URL) != null) databases.add(Databases.POSTGRESQL);
        if (System.getenv(Databases.MARIADB_URL) != null) databases.add(Databases.MARIADB);
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(1_000, 40, 3)).build()) {
            sim.addAppSecret("app");
            ack(sim, "in-memory", EventInbox::inMemory);
            for (Databases d : databases) ack(sim, "JdbcEventInbox on " + d, () -> jdbcInbox(d.dataSource()));
            drain(sim, "in-memory", EventInbox.inMemory(), 4);
            drain(sim, "in-memory", EventInbox.inMemory(), 16);
            for (Databases d : databases) drain(sim, "JdbcEventInbox on " + d, jdbcInbox(d.dataSource()), 16);
        }
    }

    private static EventInbox jdbcInbox(DataSource ds) {
        String prefix = "wim" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        JdbcSchema.create(ds, prefix);
        return JdbcEventInbox.builder().dataSource(ds).tablePrefix(prefix).build();
    }

    /** {@code ACK_EVENTS} distinct events, signed beforehand, from {@code SENDERS} threads; the workers drain meanwhile. */
    private static void ack(WeComSimulator sim, String name, Supplier<EventInbox> inbox) throws Exception {
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, KEY, sim.corpId());
        List<String[]> requests = new ArrayList<>();
        for (int i = 0; i < ACK_EVENTS; i++) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            EncryptedMessage m = crypto.encrypt(createUser(sim.corpId(), "u" + i), timestamp, "n" + i);
            requests.add(new String[] {"msg_signature=" + m.msgSignature() + "&timestamp=" + timestamp + "&nonce=n" + i,
                    "<xml><ToUserName><![CDATA[" + sim.corpId() + "]]></ToUserName><Encrypt><![CDATA[" + m.encrypt()
                            + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>"});
        }
        long[] nanos = new long[ACK_EVENTS];
        try (CallbackHandler handler = CallbackHandler.builder().crypto(crypto)
                .inbox(inbox.get()).onEvent(e -> { }).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
            long start = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int i = thread; i < ACK_EVENTS; i += SENDERS) {
                        long t0 = System.nanoTime();
                        CallbackResponse r = handler.handle("POST", requests.get(i)[0], requests.get(i)[1]);
                        nanos[i] = System.nanoTime() - t0;
                        assertThat(r.status()).isEqualTo(200);
                    }
                }));
            }
            for (Future<?> f : work) f.get();
            long elapsed = System.nanoTime() - start;
            threads.shutdown();
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("ack %-32s %,6d events, %d threads: p50 %.2f ms, p99 %.2f ms, %,.0f events/s%n", name,
                    ACK_EVENTS, SENDERS, sorted[ACK_EVENTS / 2] / 1e6, sorted[ACK_EVENTS * 99 / 100] / 1e6,
                    ACK_EVENTS / (elapsed / 1e9));
        }
    }

    /** Events about distinct users, each re-read with {@code user/get} taking 20 ms, drained by {@code workers}. */
    private static void drain(WeComSimulator sim, String name, EventInbox inbox, int workers) throws Exception {
        int events = 400;
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl())
                .maxConcurrency(16).build();
        WeComSync sync = WeComSync.builder().client(client).target(new NoTarget()).build();
        sync.fullSync();
        CountDownLatch applied = new CountDownLatch(events);
        try (CallbackHandler handler = CallbackHandler.builder().crypto(CallbackCrypto.of(TOKEN, KEY, sim.corpId()))
                .inbox(inbox).onEvent(sync::apply).workers(workers).inboxListener(new InboxListener() {
                    @Override
                    public void onApplied(ContactEvent event, InboxEvent entry) {
                        applied.countDown();
                    }
                }).build()) {
            CallbackSender sender = sim.callbacks((m, q, b) -> {
                CallbackResponse r = handler.handle(m, q, b);
                return new CallbackTransport.Reply(r.status(), r.body());
            }, TOKEN, KEY);
            sim.latency(Duration.ofMillis(20));
            sender.emitChanges(EventForm.FULL);
            long start = System.nanoTime();
            List<SimUser> users = sim.org().users();
            String tag = UUID.randomUUID().toString().substring(0, 6);
            for (int i = 0; i < events; i++) {
                String position = "drain " + tag + " " + i;
                sim.org().updateUser(users.get(i).userId(), u -> u.withPosition(position));
            }
            assertThat(applied.await(5, TimeUnit.MINUTES)).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            sender.close();
            sim.clearFaults();
            System.out.printf("drain %-30s %d events, %2d workers, 20 ms per WeCom call: %.1f s, %.0f events/s%n",
                    name, events, workers, seconds, events / seconds);
        }
    }

    private static String createUser(String corpId, String userId) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + System.currentTimeMillis() / 1000 + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_contact]]></Event><ChangeType>create_user</ChangeType><UserID><![CDATA["
                + userId + UUID.randomUUID() + "]]></UserID><Department><![CDATA[1]]></Department></xml>";
    }

    /** A target that keeps nothing: the drain measures the inbox, the client and the engine. */
    private static final class NoTarget implements SyncTarget {
        @Override public void upsertDepartments(List<Department> departments) { }
        @Override public void upsertUsers(List<User> users) { }
        @Override public void renameUser(String oldUserId, String newUserId) { }
        @Override public void deleteUsers(List<String> userIds) { }
        @Override public void deleteDepartments(List<Long> departmentIds) { }
    }
}
