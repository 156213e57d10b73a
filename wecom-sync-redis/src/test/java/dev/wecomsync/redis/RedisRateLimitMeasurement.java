package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RateLimiter.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the README and reports, not a test of correctness: the calls a minute the simulator
 * sees from 1, 2 and 4 instances sharing one {@link RedisRateLimiter} of 900 a minute (the simulator
 * allows 1,000), with time running 15 times faster for both (a "minute" is 4 real seconds, each run
 * two of them); and what one shared-limit acquire costs on Redis. Runs only when asked:
 * {@code mvn -B -ntp -pl wecom-sync-redis -am verify -Dtest=RedisRateLimitMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dwecomsync.measure=true} with {@value RedisTest#REDIS_URL} set.
 */
@EnabledIfSystemProperty(named = "wecomsync.measure", matches = "true")
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisRateLimitMeasurement extends RedisTest {

    static final int FACTOR = 15;
    static final Limits LIMITS = new Limits(900, 100_000);

    @Test
    void measure() throws Exception {
        for (int instances : new int[] {1, 2, 4}) {
            try (QuotaLoad load = new QuotaLoad(FACTOR, 1_000)) {
                List<RateLimiter> limiters = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    limiters.add(track(RedisRateLimiter.builder().uri(url()).keyPrefix(prefix)
                            .corpId(load.simulator.corpId() + "-" + instances).limits(LIMITS).timeScale(FACTOR).build()));
                }
                QuotaLoad.Result r = load.run(limiters, 16, Duration.ofSeconds(8));
                System.out.printf(Locale.ROOT, "Redis      %d instance(s) x 16 threads, shared limit 900/min: "
                        + "%.0f calls per simulated minute, %d answered 45009%n",
                        instances, r.perSimulatedMinute(), r.rejected());
                assertThat(r.rejected()).isZero();
            }
        }
        acquireCost(1);
        acquireCost(8);
    }

    /** Acquires that never wait (limits far above the load): what the Redis round trip costs. */
    private void acquireCost(int threads) throws Exception {
        RedisRateLimiter limiter = track(RedisRateLimiter.builder().uri(url()).keyPrefix(prefix).corpId("ww-measure")
                .limits(new Limits(100_000_000, 100_000_000)).build());
        for (int i = 0; i < 500; i++) limiter.acquire("warm-up/" + threads);
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) limiter.acquire("user/get-" + threads);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - t0;
        int total = threads * perThread;
        System.out.printf(Locale.ROOT, "Redis      shared-limit acquire, %d thread(s) on one API: %.0f us each "
                + "(%.0f acquires/s)%n", threads, nanos / 1_000.0 / perThread, total * 1e9 / nanos);
        assertThat(limiter.usingLocalShare()).isFalse();
    }
}
