package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RateLimiter.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Four instances of 16 threads each, every instance with its own client and its own
 * {@link RedisRateLimiter} on the same keys, call a simulator that allows 1,000 calls a minute: the
 * simulator never answers 45009 (it would as soon as any of its minute windows counted more than
 * 1,000), with Redis up and with Redis unreachable. Time runs 15 times faster for the simulator and
 * the limiters alike (a "minute" is four real seconds), so each case takes about eight seconds.
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisRateLimitClusterTest extends RedisTest {

    static final int FACTOR = 15;
    static final int QUOTA = 1_000;
    static final Limits LIMITS = new Limits(900, 100_000);
    static final int INSTANCES = 4;
    static final int THREADS = 16;
    static final Duration RUN = Duration.ofSeconds(8); // two of the simulator's minutes

    final QuotaLoad load = new QuotaLoad(FACTOR, QUOTA);

    @AfterEach
    void stopSimulator() {
        load.close();
    }

    List<RedisRateLimiter> instances(String url) {
        List<RedisRateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            limiters.add(track(RedisRateLimiter.builder().uri(url).keyPrefix(prefix).corpId(load.simulator.corpId())
                    .limits(LIMITS).expectedInstances(INSTANCES).retryInterval(Duration.ofMillis(200))
                    .commandTimeout(Duration.ofMillis(500)).timeScale(FACTOR).build()));
        }
        return limiters;
    }

    @Test
    void fourInstancesStayUnderTheCorpQuota() throws Exception {
        List<RedisRateLimiter> limiters = instances(url());

        QuotaLoad.Result result = load.run(List.copyOf(limiters), THREADS, RUN);

        assertThat(result.rejected()).as("45009 answers in %s", result).isZero();
        assertThat(result.otherFailures()).isZero();
        // The limit, not the machine, is what held the instances back: nearly the whole limit was used.
        assertThat(result.perSimulatedMinute()).as("%s", result).isBetween(LIMITS.perMinute() * 0.6, LIMITS.perMinute() * 1.15);
        assertThat(limiters).noneMatch(RedisRateLimiter::usingLocalShare);
        assertThat(keys()).as("one bucket per corp and API").containsExactlyInAnyOrder(
                "wecomsync:" + prefix + "rate:" + load.simulator.corpId() + "/" + QuotaLoad.API,
                "wecomsync:" + prefix + "rate:" + load.simulator.corpId() + "/gettoken");
    }

    @Test
    void withRedisUnreachableEachInstanceKeepsToItsShare() throws Exception {
        List<RedisRateLimiter> limiters = instances("redis://127.0.0.1:" + closedPort());

        QuotaLoad.Result result = load.run(List.copyOf(limiters), THREADS, RUN);

        assertThat(result.rejected()).as("45009 answers in %s", result).isZero();
        assertThat(result.otherFailures()).isZero();
        assertThat(result.perSimulatedMinute()).as("%s", result).isBetween(LIMITS.perMinute() * 0.6, LIMITS.perMinute() * 1.15);
        assertThat(limiters).allMatch(RedisRateLimiter::usingLocalShare);
    }

    @Test
    void whenRedisGoesAwayTheInstancesFallBackAndReturnWhenItIsBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy(url())) {
            List<RedisRateLimiter> limiters = instances(proxy.url());
            for (RedisRateLimiter limiter : limiters) limiter.acquire(QuotaLoad.API);
            assertThat(limiters).noneMatch(RedisRateLimiter::usingLocalShare);

            proxy.down();
            QuotaLoad.Result result = load.run(List.copyOf(limiters), THREADS, RUN);

            assertThat(result.rejected()).as("45009 answers in %s", result).isZero();
            assertThat(result.otherFailures()).isZero();
            assertThat(limiters).allMatch(RedisRateLimiter::usingLocalShare);

            proxy.up(); // back: a call after the retry interval (and Lettuce's reconnect) uses the shared bucket again
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (limiters.stream().anyMatch(RedisRateLimiter::usingLocalShare) && System.nanoTime() < deadline) {
                for (RedisRateLimiter limiter : limiters) limiter.acquire(QuotaLoad.API);
                Thread.sleep(50);
            }
            assertThat(limiters).noneMatch(RedisRateLimiter::usingLocalShare);
        }
    }

    @Test
    void withoutASharedLimitFourInstancesGetTheCorpBanned() throws Exception {
        // The control: the same load with each instance limited on its own breaks the quota.
        List<RateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            limiters.add(new dev.wecomsync.client.internal.LocalRateLimiter(
                    new Limits(LIMITS.perMinute() * FACTOR, LIMITS.perHour() * FACTOR),
                    java.time.Clock.systemUTC(), dev.wecomsync.client.internal.Sleeper.SYSTEM));
        }
        QuotaLoad.Result result = load.run(limiters, THREADS, Duration.ofSeconds(4));
        assertThat(result.rejected()).as("%s", result).isPositive();
    }

    /** A port nothing listens on: connections to it are refused at once. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
