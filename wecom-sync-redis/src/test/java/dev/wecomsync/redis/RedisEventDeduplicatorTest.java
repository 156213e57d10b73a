package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventClaim.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link RedisEventDeduplicator} on two instances: a claimed event is in progress for the other,
 * a committed one delivered, a released one claimable again; a lease that ran out can be taken over,
 * and its old holder can then neither commit nor release the new claim.
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisEventDeduplicatorTest extends RedisTest {

    static final String EVENT = "a".repeat(64);
    static final Duration LEASE = Duration.ofMinutes(1);

    RedisEventDeduplicator instance() {
        return track(RedisEventDeduplicator.builder().uri(url()).keyPrefix(prefix).retention(Duration.ofMinutes(10)).build());
    }

    String key() {
        return "wecomsync:" + prefix + "event:" + EVENT;
    }

    @Test
    void aClaimedEventIsInProgressElsewhereAndDeliveredOnceCommitted() {
        RedisEventDeduplicator a = instance();
        RedisEventDeduplicator b = instance();

        EventClaim claim = a.claim(EVENT, LEASE);
        assertThat(claim.state()).isEqualTo(State.CLAIMED);
        assertThat(b.claim(EVENT, LEASE).state()).isEqualTo(State.IN_PROGRESS);

        a.commit(claim);

        assertThat(b.claim(EVENT, LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(a.claim(EVENT, LEASE).state()).isEqualTo(State.DELIVERED);
        assertThat(Duration.ofMillis(redis().pttl(key()))).isGreaterThan(Duration.ofMinutes(9)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aReleasedEventCanBeClaimedAgain() {
        RedisEventDeduplicator a = instance();
        RedisEventDeduplicator b = instance();
        EventClaim failed = a.claim(EVENT, LEASE);

        a.release(failed);

        EventClaim retry = b.claim(EVENT, LEASE);
        assertThat(retry.state()).isEqualTo(State.CLAIMED);
        b.commit(retry);
        assertThat(a.claim(EVENT, LEASE).state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsOldHolderCannotTouchTheNewClaim() throws Exception {
        RedisEventDeduplicator a = instance();
        RedisEventDeduplicator b = instance();
        EventClaim stale = a.claim(EVENT, Duration.ofMillis(200));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (redis().exists(key()) > 0 && System.nanoTime() < deadline) Thread.sleep(20);

        EventClaim current = b.claim(EVENT, LEASE);
        assertThat(current.state()).isEqualTo(State.CLAIMED);

        a.release(stale);
        assertThat(a.claim(EVENT, LEASE).state()).as("the stale release left b's claim").isEqualTo(State.IN_PROGRESS);
        a.commit(stale);
        assertThat(a.claim(EVENT, LEASE).state()).as("the stale commit left b's claim").isEqualTo(State.IN_PROGRESS);
        b.release(current);
        assertThat(redis().exists(key())).isZero();
    }

    @Test
    void ofManyConcurrentDeliveriesExactlyOneClaims() throws Exception {
        List<RedisEventDeduplicator> instances = List.of(instance(), instance());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<EventClaim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RedisEventDeduplicator d = instances.get(i % 2);
                claims.add(pool.submit(() -> {
                    start.await();
                    return d.claim(EVENT, LEASE);
                }));
            }
            start.countDown();
            int claimed = 0;
            for (Future<EventClaim> f : claims) if (f.get().state() == State.CLAIMED) claimed++;
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badKeysAndLeasesAreRefusedWithoutAskingRedis() {
        RedisEventDeduplicator a = instance();
        assertThatThrownBy(() -> a.claim("", LEASE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> a.claim("x".repeat(129), LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.claim(EVENT, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease must be positive");
        assertThat(keys()).isEmpty();
    }
}
