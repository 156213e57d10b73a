package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.EventInbox.Offer;
import dev.wecomsync.callback.InboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@OnEveryDatabase
class JdbcEventInboxTest extends DatabaseTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);

    static String key(int n) {
        return String.format("%064x", n);
    }

    JdbcEventInboxTest(Databases database) {
            super(database);
        }

        /** One inbox per simulated instance, all on the same table; leases on the times the test passes. */
        EventInbox instance() {
            return JdbcEventInbox.builder().dataSource(dataSource).tablePrefix(prefix).leasesOnHandlerTime().build();
        }

        @Test
        void storesOnceAcrossInstancesAndKeepsTheXmlUntilApplied() {
            EventInbox a = instance();
            EventInbox b = instance();
            String xml = "<xml><UserID>张三</UserID></xml>";
            assertThat(a.offer(key(1), xml, List.of("user:zhangsan"), T0)).isEqualTo(Offer.STORED);
            assertThat(b.offer(key(1), xml, List.of("user:zhangsan"), T0)).isEqualTo(Offer.DUPLICATE);
            assertThat(b.backlog()).isEqualTo(new EventInbox.Backlog(1, 0, Optional.of(T0)));

            InboxEvent e = b.claim(10, T0, LEASE).get(0);
            assertThat(e.xml()).isEqualTo(xml);
            assertThat(e.orderKeys()).containsExactly("user:zhangsan");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(a.applied(e, T0)).isTrue();
            assertThat(a.backlog()).isEqualTo(new EventInbox.Backlog(0, 0, Optional.empty()));
            assertThat(a.offer(key(1), xml, List.of(), T0)).isEqualTo(Offer.DUPLICATE);
        }

        @Test
        void eventsOfOneRecordAreClaimedInArrivalOrderAndARenameTiesBothIds() {
            EventInbox inbox = instance();
            inbox.offer(key(1), "<a/>", List.of("user:new"), T0);
            inbox.offer(key(2), "<b/>", List.of("user:old", "user:new"), T0);
            inbox.offer(key(3), "<c/>", List.of("user:old"), T0);
            inbox.offer(key(4), "<d/>", List.of(), T0);
            inbox.offer(key(5), "<e/>", List.of("department:2"), T0);

            List<InboxEvent> first = inbox.claim(10, T0, LEASE);
            assertThat(first).extracting(InboxEvent::key).containsExactly(key(1), key(4), key(5));
            assertThat(inbox.claim(10, T0, LEASE)).isEmpty();
            inbox.applied(first.get(0), T0);
            List<InboxEvent> second = inbox.claim(10, T0, LEASE);
            assertThat(second).extracting(InboxEvent::key).containsExactly(key(2));
            inbox.applied(second.get(0), T0);
            assertThat(inbox.claim(10, T0, LEASE)).extracting(InboxEvent::key).containsExactly(key(3));
        }

        @Test
        void aFailedAttemptKeepsItsErrorAndIsDueAtItsNextAttempt() {
            EventInbox inbox = instance();
            inbox.offer(key(1), "<a/>", List.of("user:a"), T0);
            inbox.offer(key(2), "<b/>", List.of("user:a"), T0);
            InboxEvent e = inbox.claim(10, T0, LEASE).get(0);
            assertThat(inbox.failed(e, "WeComApiException: user/get: errcode 45009", T0.plusSeconds(10), false)).isTrue();

            assertThat(inbox.claim(10, T0.plusSeconds(9), LEASE)).as("key 2 waits behind key 1").isEmpty();
            InboxEvent again = inbox.claim(10, T0.plusSeconds(10), LEASE).get(0);
            assertThat(again.key()).isEqualTo(key(1));
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.lastError()).isEqualTo("WeComApiException: user/get: errcode 45009");
            assertThat(inbox.applied(e, T0.plusSeconds(10))).as("the first claim's token is spent").isFalse();
        }

        @Test
        void anExpiredLeaseIsTakenOverAndTheOldHolderCanNoLongerFinish() {
            EventInbox a = instance();
            EventInbox b = instance();
            a.offer(key(1), "<a/>", List.of(), T0);
            InboxEvent first = a.claim(1, T0, LEASE).get(0);
            assertThat(b.claim(1, T0.plusSeconds(59), LEASE)).isEmpty();
            assertThat(a.renew(first, T0.plusSeconds(90))).isTrue();
            assertThat(b.claim(1, T0.plusSeconds(89), LEASE)).isEmpty();

            InboxEvent second = b.claim(1, T0.plusSeconds(90), LEASE).get(0);
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(a.applied(first, T0.plusSeconds(91))).isFalse();
            assertThat(a.renew(first, T0.plusSeconds(200))).isFalse();
            assertThat(b.applied(second, T0.plusSeconds(91))).isTrue();
        }

        @Test
        void parkedEventsAreListedCountedAndRetried() {
            EventInbox inbox = instance();
            inbox.offer(key(1), "<a/>", List.of("user:a"), T0);
            inbox.offer(key(2), "<b/>", List.of("user:a"), T0.plusSeconds(1));
            inbox.failed(inbox.claim(1, T0, LEASE).get(0), "IllegalStateException: 数据库不可用", T0, true);

            assertThat(inbox.parked(10)).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo(key(1));
                assertThat(p.lastError()).isEqualTo("IllegalStateException: 数据库不可用");
                assertThat(p.attempts()).isEqualTo(1);
            });
            assertThat(inbox.backlog()).isEqualTo(new EventInbox.Backlog(1, 1, Optional.of(T0.plusSeconds(1))));
            assertThat(inbox.claim(10, T0.plusSeconds(1), LEASE)).as("a parked event holds nothing back")
                    .extracting(InboxEvent::key).containsExactly(key(2));
            assertThat(inbox.retry(key(3), T0)).isFalse();
            assertThat(inbox.retry(key(1), T0.plusSeconds(5))).isTrue();
            assertThat(inbox.parked(10)).isEmpty();
            inbox.failed(inbox.claim(1, T0.plusSeconds(5), LEASE).get(0), "again", T0, true);
            assertThat(inbox.retryParked(T0.plusSeconds(6))).isEqualTo(1);
            assertThat(inbox.claim(10, T0.plusSeconds(6), LEASE)).singleElement()
                    .satisfies(e -> assertThat(e.attempts()).as("reset by the retry").isEqualTo(1));
        }

        @Test
        void purgeForgetsAppliedEventsAfterTheRetention() {
            EventInbox inbox = JdbcEventInbox.builder().dataSource(dataSource).tablePrefix(prefix).leasesOnHandlerTime()
                    .retention(Duration.ofMinutes(30)).build();
            inbox.offer(key(1), "<a/>", List.of(), T0);
            inbox.offer(key(2), "<b/>", List.of(), T0);
            inbox.applied(inbox.claim(1, T0, LEASE).get(0), T0);
            assertThat(inbox.purge(T0.plus(Duration.ofMinutes(29)))).isZero();
            assertThat(inbox.purge(T0.plus(Duration.ofMinutes(31)))).as("the pending one stays").isEqualTo(1);
            assertThat(inbox.offer(key(1), "<a/>", List.of(), T0)).isEqualTo(Offer.STORED);
            assertThat(inbox.backlog().pending()).isEqualTo(2);
        }

        @Test
        void instancesClaimingAtOnceNeverGetTheSameEvent() throws Exception {
            EventInbox seed = instance();
            for (int i = 0; i < 200; i++) seed.offer(key(i), "<a/>", List.of("user:u" + i), T0);
            List<EventInbox> instances = List.of(instance(), instance(), instance(), instance());
            ExecutorService threads = Executors.newFixedThreadPool(instances.size());
            try {
                List<Callable<List<String>>> drains = new ArrayList<>();
                for (EventInbox inbox : instances) {
                    drains.add(() -> {
                        List<String> mine = new ArrayList<>();
                        for (List<InboxEvent> batch; !(batch = inbox.claim(7, T0, LEASE)).isEmpty(); ) {
                            batch.forEach(e -> mine.add(e.key()));
                        }
                        return mine;
                    });
                }
                Set<String> all = new HashSet<>();
                int total = 0;
                for (Future<List<String>> f : threads.invokeAll(drains)) {
                    total += f.get().size();
                    all.addAll(f.get());
                }
                assertThat(total).isEqualTo(200);
                assertThat(all).hasSize(200);
            } finally {
                threads.shutdownNow();
            }
        }
}
