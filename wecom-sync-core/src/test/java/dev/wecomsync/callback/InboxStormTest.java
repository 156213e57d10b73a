package dev.wecomsync.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.sync.InMemorySyncStateStore;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WeCom's API unwell for minutes of simulated time while callbacks keep coming: every event is
 * answered at once, stored, retried by the inbox workers, and applied once the API recovers.
 */
class InboxStormTest {
    private static final String TOKEN = "stormToken";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final Duration STEP = Duration.ofSeconds(70); // over the longest retry delay (60 s + 10 %)

    private final ManualClock clock = ManualClock.start();
    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(600, 30, 11)).seed(11)
            .clock(clock).build();
    private final MapTarget target = new MapTarget();
    private final InboxProbe probe = new InboxProbe();
    private final AtomicLong slowestAnswerNanos = new AtomicLong();
    private CallbackHandler handler;
    private CallbackSender sender;

    @AfterEach
    void stop() {
        if (sender != null) sender.close();
        if (handler != null) handler.close();
        sim.close();
    }

    private void start(Duration readTimeout, int workers) {
        sim.addAppSecret("app");
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        WeComClient setup = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl()).build();
        assertThat(WeComSync.builder().client(setup).target(target).stateStore(state).build().fullSync().succeeded())
                .isTrue();
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl())
                .readTimeout(readTimeout) // on the system clock: its rate limiter waits in real time
                .retryPolicy(RetryPolicy.none()) // the inbox retries; each attempt is one call
                .build();
        WeComSync sync = WeComSync.builder().client(client).target(target).stateStore(state).build();
        handler = CallbackHandler.builder().crypto(CallbackCrypto.of(TOKEN, KEY, sim.corpId())).clock(clock)
                .inbox(EventInbox.inMemory()).onEvent(sync::apply).inboxListener(probe)
                .workers(workers).maxAttempts(50).retryDelay(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5)).build();
        CallbackTransport timed = (method, rawQuery, body) -> {
            long started = System.nanoTime();
            CallbackResponse r = handler.handle(method, rawQuery, body);
            slowestAnswerNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            return new CallbackTransport.Reply(r.status(), r.body());
        };
        sender = sim.callbacks(timed, TOKEN, KEY);
        sender.emitChanges(EventForm.FULL);
    }

    /** {@code events} changes: renames and deletions of users nobody names as leader, the rest new positions. */
    private void changeOrg(int events) {
        Org org = sim.org();
        Set<String> leaders = org.users().stream().flatMap(u -> u.directLeaders().stream()).collect(Collectors.toSet());
        org.departments().forEach(d -> leaders.addAll(d.leaders()));
        List<SimUser> plain = org.users().stream().filter(u -> !leaders.contains(u.userId())).toList();
        for (int i = 0; i < events; i++) {
            String id = plain.get(i).userId();
            if (i % 50 == 0) org.renameUserId(id, id + ".r");
            else if (i % 50 == 1) org.deleteUser(id);
            else {
                String position = "position " + i;
                org.updateUser(id, u -> u.withPosition(position));
            }
        }
    }

    private void stormThenRecover(int events, Duration storm, Consumer<WeComSimulator> fault) {
        fault.accept(sim);
        changeOrg(events);
        List<Delivery> deliveries = sender.deliveries();
        assertThat(deliveries).hasSize(events).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(Duration.ofNanos(slowestAnswerNanos.get())).isLessThan(Duration.ofSeconds(5));

        probe.awaitRetried(events); // every event failed at least once
        for (Duration passed = Duration.ZERO; passed.compareTo(storm) < 0; passed = passed.plus(STEP)) {
            int before = probe.retried();
            clock.advance(STEP);
            probe.awaitRetried(before + events); // and again at each step of the storm
        }
        assertThat(probe.applied()).isEmpty();
        assertThat(handler.inboxStats().orElseThrow().depth()).isEqualTo(events);

        sim.clearFaults();
        clock.advance(STEP);
        probe.awaitApplied(events);
        assertThat(probe.applied()).hasSize(events);
        assertThat(handler.inboxStats().orElseThrow()).satisfies(s -> {
            assertThat(s.depth()).isZero();
            assertThat(s.parked()).isZero();
            assertThat(s.applied()).isEqualTo(events);
        });
        Map<String, String> expected = MapTarget.view(sim.org());
        Map<String, String> actual = target.view();
        assertThat(difference(actual, expected)).isEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    private static Set<String> difference(Map<String, String> actual, Map<String, String> expected) {
        Set<String> out = new java.util.TreeSet<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) out.add("expected " + k + "=" + v + " but was " + actual.get(k));
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> out.add("unexpected " + k));
        return out;
    }

    @Test
    void rateLimitedUserGetForTwoMinutes() {
        start(Duration.ofSeconds(10), 4);
        stormThenRecover(500, Duration.ofMinutes(2), s -> s.failNext("user/get", 1_000_000, 45009));
    }

    @Test
    void systemBusyStorm() {
        start(Duration.ofSeconds(10), 4);
        stormThenRecover(300, Duration.ofMinutes(2), s -> s.busyRate(1.0));
    }

    @Test
    void readTimeouts() {
        start(Duration.ofMillis(250), 16);
        stormThenRecover(60, Duration.ofMinutes(2), s -> s.latency(Duration.ofMillis(1_000)));
    }
}
