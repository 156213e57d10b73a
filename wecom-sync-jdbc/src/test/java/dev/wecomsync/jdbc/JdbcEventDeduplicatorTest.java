package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventClaim.State;
import dev.wecomsync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@OnEveryDatabase
class JdbcEventDeduplicatorTest extends DatabaseTest {

    static final Duration LEASE = Duration.ofMinutes(1);
    static final String KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));

    JdbcEventDeduplicatorTest(Databases database) {
        super(database);
    }

    /** One deduplicator per simulated instance, all on the same table. */
    JdbcEventDeduplicator instance() {
        return JdbcEventDeduplicator.builder().dataSource(dataSource).tablePrefix(prefix).clock(clock).build();
    }

    @Test
    void aClaimedEventIsInProgressElsewhereAndDeliveredAfterCommit() {
        JdbcEventDeduplicator a = instance();
        JdbcEventDeduplicator b = instance();

        EventClaim claim = a.claim(KEY, LEASE);
        assertThat(claim.state()).isEqualTo(State.CLAIMED);
        assertThat(claim.token()).isNotEmpty();
        assertThat(b.claim(KEY, LEASE).state()).isEqualTo(State.IN_PROGRESS);

        a.commit(claim);
        assertThat(b.claim(KEY, LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(a.claim(KEY, LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(b.claim(KEY.replace('9', '8'), LEASE).state()).isEqualTo(State.CLAIMED);
    }

    @Test
    void aReleasedClaimCanBeClaimedAgainByAnotherInstance() {
        JdbcEventDeduplicator a = instance();
        JdbcEventDeduplicator b = instance();
        EventClaim first = a.claim(KEY, LEASE);

        a.release(first);

        EventClaim second = b.claim(KEY, LEASE);
        assertThat(second.state()).isEqualTo(State.CLAIMED);
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void theClaimOfADeadInstanceExpiresAndItsLateCommitOrReleaseChangesNothing() {
        JdbcEventDeduplicator dead = instance();
        JdbcEventDeduplicator live = instance();
        EventClaim stale = dead.claim(KEY, LEASE);

        clock.advance(LEASE.minusSeconds(1));
        assertThat(live.claim(KEY, LEASE).state()).isEqualTo(State.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(1));
        EventClaim fresh = live.claim(KEY, LEASE);
        assertThat(fresh.state()).isEqualTo(State.CLAIMED);

        dead.release(stale);
        assertThat(dead.claim(KEY, LEASE).state()).as("the old holder cannot free the new claim")
                .isEqualTo(State.IN_PROGRESS);
        dead.commit(stale);
        assertThat(dead.claim(KEY, LEASE).state()).as("nor commit it").isEqualTo(State.IN_PROGRESS);

        live.commit(fresh);
        assertThat(dead.claim(KEY, LEASE).state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void aCommitAfterTheLeaseStillCountsWhenNobodyTookTheEventOver() {
        JdbcEventDeduplicator a = instance();
        EventClaim claim = a.claim(KEY, LEASE);
        clock.advance(LEASE.multipliedBy(2));

        a.commit(claim);

        assertThat(instance().claim(KEY, LEASE).state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void deliveredEventsAreForgottenAfterTheRetentionAndPurged() {
        JdbcEventDeduplicator a = JdbcEventDeduplicator.builder().dataSource(dataSource).tablePrefix(prefix)
                .clock(clock).retention(Duration.ofMinutes(15)).build();
        a.commit(a.claim(KEY, LEASE));
        a.claim("other", LEASE); // never committed: expires with its lease

        clock.advance(Duration.ofMinutes(14));
        assertThat(a.purge()).as("only the abandoned claim is over").isEqualTo(1);
        assertThat(a.claim(KEY, LEASE).state()).isEqualTo(State.DELIVERED);

        clock.advance(Duration.ofMinutes(2));
        assertThat(a.purge()).isEqualTo(1);
        assertThat(a.claim(KEY, LEASE).state()).isEqualTo(State.CLAIMED);
    }

    @Test
    void claimPurgesByItselfOncePerInterval() {
        JdbcEventDeduplicator a = JdbcEventDeduplicator.builder().dataSource(dataSource).tablePrefix(prefix)
                .clock(clock).retention(Duration.ofMinutes(10)).purgeInterval(Duration.ofMinutes(5)).build();
        for (int i = 0; i < 5; i++) a.commit(a.claim("old-" + i, LEASE));
        clock.advance(Duration.ofMinutes(11));

        a.claim("new", LEASE);

        assertThat(a.purge()).as("the claim purged them already").isZero();
    }

    @Test
    void concurrentClaimsOfOneEventOnManyInstancesGrantExactlyOne() throws Exception {
        int threads = 8;
        List<JdbcEventDeduplicator> instances = List.of(instance(), instance(), instance(), instance());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String key = KEY + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<State>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    JdbcEventDeduplicator d = instances.get(t % instances.size());
                    results.add(pool.submit(() -> {
                        start.await();
                        return d.claim(key, LEASE).state();
                    }));
                }
                start.countDown();
                List<State> states = new ArrayList<>();
                for (Future<State> f : results) states.add(f.get());
                assertThat(states).filteredOn(s -> s == State.CLAIMED).hasSize(1);
                assertThat(states).filteredOn(s -> s == State.IN_PROGRESS).hasSize(threads - 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentTakeoversOfAnExpiredClaimGrantExactlyOne() throws Exception {
        List<JdbcEventDeduplicator> instances = List.of(instance(), instance(), instance(), instance());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "expired-" + round;
                instances.get(0).claim(key, LEASE);
                clock.advance(LEASE);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<State>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    JdbcEventDeduplicator d = instances.get(t % instances.size());
                    results.add(pool.submit(() -> {
                        start.await();
                        return d.claim(key, LEASE).state();
                    }));
                }
                start.countDown();
                int claimed = 0;
                for (Future<State> f : results) claimed += f.get() == State.CLAIMED ? 1 : 0;
                assertThat(claimed).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toStringNamesTheTable() {
        assertThat(instance().toString()).contains(prefix + "event");
    }
}
