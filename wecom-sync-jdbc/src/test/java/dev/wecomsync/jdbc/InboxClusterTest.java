package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.ContactEventListener;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handlers on one {@link JdbcEventInbox}: a restart after a stop mid-drain, and two instances draining at once. */
@OnEveryDatabase
class InboxClusterTest extends DatabaseTest {
    static final String TOKEN = "clusterToken";
    static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

        final ManualClock clock = ManualClock.start();
        final List<CallbackHandler> handlers = new ArrayList<>();
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        WeComSimulator sim;

    InboxClusterTest(Databases database) {
            super(database);
        }

        @AfterEach
        void stop() {
            handlers.forEach(CallbackHandler::close);
            if (sim != null) sim.close();
        }

        /** An instance; with the test's manual clock its inbox measures leases on that clock, else on the database's. */
        CallbackHandler instance(Clock handlerClock, ContactEventListener listener, InboxListener observer) {
            JdbcEventInbox.Builder inbox = JdbcEventInbox.builder().dataSource(dataSource).tablePrefix(prefix);
            CallbackHandler handler = CallbackHandler.builder().crypto(CallbackCrypto.of(TOKEN, KEY, sim.corpId()))
                    .clock(handlerClock).onEvent(listener).inboxListener(observer)
                    .inbox((handlerClock == clock ? inbox.leasesOnHandlerTime() : inbox).build())
                    .workers(4).pollInterval(Duration.ofMillis(5)).closeTimeout(Duration.ofMillis(200)).build();
            handlers.add(handler);
            return handler;
        }

        static CallbackTransport to(CallbackHandler handler) {
            return (method, rawQuery, body) -> reply(handler.handle(method, rawQuery, body));
        }

        static CallbackTransport.Reply reply(CallbackResponse r) {
            return new CallbackTransport.Reply(r.status(), r.body());
        }

        static InboxListener countDown(CountDownLatch latch) {
            return new InboxListener() {
                @Override
                public void onApplied(ContactEvent event, InboxEvent entry) {
                    latch.countDown();
                }
            };
        }

        void changePositions(int users, int rounds) {
            List<SimUser> all = sim.org().users();
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < users; i++) {
                    String position = "p" + round;
                    sim.org().updateUser(all.get(i).userId(), u -> u.withPosition(position));
                }
            }
        }

        @Test
        void aStopMidDrainThenARestartAppliesEveryAnsweredEventAtLeastOnce() throws Exception {
            sim = WeComSimulator.builder().org(Org.generate(120, 6, 5)).clock(clock).build();
            CountDownLatch stuck = new CountDownLatch(4); // each of its 4 workers
            CountDownLatch unstick = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            CallbackHandler first = instance(clock, event -> {
                runs.computeIfAbsent(event.rawXml(), k -> new AtomicInteger()).incrementAndGet();
                int call = calls.incrementAndGet();
                if (call > 30) { // applied, but the process "dies" before recording it
                    stuck.countDown();
                    awaitUninterruptibly(unstick);
                }
            }, new InboxListener() { });
            CallbackSender sender = sim.callbacks(to(first), TOKEN, KEY);
            sender.emitChanges(EventForm.FULL);
            changePositions(100, 1);
            assertThat(sender.deliveries()).hasSize(100).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
            assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue();
            first.close(); // its four stuck workers neither finish nor renew their leases

            clock.advance(Duration.ofMinutes(2)); // past the leases of the stuck events
            CountDownLatch drained = new CountDownLatch(70);
            CallbackHandler second = instance(clock,
                    event -> runs.computeIfAbsent(event.rawXml(), k -> new AtomicInteger()).incrementAndGet(),
                    countDown(drained));
            assertThat(drained.await(60, TimeUnit.SECONDS)).isTrue();
            unstick.countDown();

            assertThat(runs).hasSize(100);
            assertThat(runs.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(104);
            assertThat(runs.values().stream().filter(n -> n.get() > 1).count()).as("only the four in flight").isEqualTo(4);
            assertThat(second.inboxStats().orElseThrow()).satisfies(s -> {
                assertThat(s.depth()).isZero();
                assertThat(s.applied()).isEqualTo(70);
            });
            CallbackSender toSecond = sim.callbacks(to(second), TOKEN, KEY);
            for (Delivery d : sender.deliveries()) assertThat(toSecond.resend(d).status()).isEqualTo(200);
            assertThat(runs.values().stream().mapToInt(AtomicInteger::get).sum()).as("resends are duplicates")
                    .isEqualTo(104);
        }

        @Test
        void twoInstancesNeverRunTheSameEventOrUserAtOnceAndKeepEachUsersOrder() throws Exception {
            sim = WeComSimulator.builder().org(Org.generate(120, 6, 9)).build(); // real time: real leases
            Set<String> runningEvents = ConcurrentHashMap.newKeySet();
            Set<String> runningUsers = ConcurrentHashMap.newKeySet();
            Map<String, Integer> lastRound = new ConcurrentHashMap<>();
            List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
            ContactEventListener listener = event -> {
                UserUpdated e = (UserUpdated) event;
                if (!runningEvents.add(e.rawXml())) violations.add("event twice at once: " + e);
                if (!runningUsers.add(e.userId())) violations.add("user twice at once: " + e.userId());
                Thread.yield();
                int round = Integer.parseInt(e.changes().position().orElseThrow().substring(1));
                Integer before = lastRound.put(e.userId(), round);
                if (before != null && before != round - 1) violations.add(e.userId() + " p" + round + " after p" + before);
                runs.computeIfAbsent(e.rawXml(), k -> new AtomicInteger()).incrementAndGet();
                runningUsers.remove(e.userId());
                runningEvents.remove(e.rawXml());
            };
            CountDownLatch done = new CountDownLatch(300);
            CallbackHandler a = instance(Clock.systemUTC(), listener, countDown(done));
            CallbackHandler b = instance(Clock.systemUTC(), listener, countDown(done));
            AtomicInteger turn = new AtomicInteger();
            CallbackTransport balancer = (method, rawQuery, body) -> {
                CallbackHandler one = turn.getAndIncrement() % 2 == 0 ? a : b;
                CallbackHandler other = one == a ? b : a;
                CallbackResponse answer = one.handle(method, rawQuery, body);
                CallbackResponse retryElsewhere = other.handle(method, rawQuery, body); // WeCom's retry, elsewhere
                if (retryElsewhere.status() != 200) violations.add("retry answered " + retryElsewhere.status());
                return reply(answer);
            };
            CallbackSender sender = sim.callbacks(balancer, TOKEN, KEY);
            sender.emitChanges(EventForm.FULL);
            changePositions(100, 3);

            assertThat(sender.deliveries()).hasSize(300).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(violations).isEmpty();
            assertThat(runs).hasSize(300).allSatisfy((xml, n) -> assertThat(n).hasValue(1));
            assertThat(a.inboxStats().orElseThrow().applied()).isPositive();
            assertThat(b.inboxStats().orElseThrow().applied()).isPositive();
            assertThat(a.inboxStats().orElseThrow().depth()).isZero();
        }

        static void awaitUninterruptibly(CountDownLatch latch) {
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
}
