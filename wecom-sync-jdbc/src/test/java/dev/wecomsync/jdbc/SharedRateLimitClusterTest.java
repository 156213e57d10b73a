package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RateLimiter.Limits;
import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Four instances of 16 threads each, every instance with its own client and its own
 * {@link JdbcRateLimiter} on the shared table, call a simulator that allows 1,000 calls a minute:
 * the simulator never answers 45009 (it would as soon as any of its minute windows counted more
 * than 1,000), with the database up and with it down. Time runs 30 times faster for the simulator
 * and the limiters alike (a "minute" is four real seconds), so each case takes about eight seconds.
 */
class SharedRateLimitClusterTest {

    static final int FACTOR = 15;
    static final int QUOTA = 1_000;
    static final Limits LIMITS = new Limits(900, 100_000);
    static final int INSTANCES = 4;
    static final int THREADS = 16;
    static final Duration RUN = Duration.ofSeconds(8); // two of the simulator's minutes

    @Test
    void withoutASharedLimitFourInstancesGetTheCorpBanned() throws Exception {
        // The control: four instances, each limited on its own to the limit, together break the quota.
        // One thread on a manual clock, so the machine's speed plays no part: a limiter's wait moves
        // the clock that the limiters and the simulator share instead of sleeping. A tenth of the
        // quota and of the limit keeps the calls few: 4 x 40 calls in about 21 s of the manual clock.
        int quota = QUOTA / 10;
        Limits limits = new Limits(LIMITS.perMinute() / 10, LIMITS.perHour());
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
        Instant start = clock.instant();
        try (WeComSimulator simulator = WeComSimulator.builder().clock(clock).org(Org.generate(20, 3, 7)).build()) {
            simulator.addAppSecret(QuotaLoad.SECRET);
            simulator.rateLimitPerMinute(QuotaLoad.API, quota);
            List<String> userIds = simulator.org().users().stream().map(SimUser::userId).toList();
            List<WeComClient> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                RateLimiter own = new dev.wecomsync.client.internal.LocalRateLimiter(limits, clock, clock::advance);
                instances.add(WeComClient.builder().corpId(simulator.corpId()).secret(QuotaLoad.SECRET)
                        .baseUrl(simulator.baseUrl()).retryPolicy(RetryPolicy.none()).rateLimiter(own).build());
            }
            int rejected = 0;
            for (int round = 0; round < 40; round++) {
                for (WeComClient instance : instances) {
                    try {
                        instance.users().get(userIds.get(round % userIds.size()));
                    } catch (WeComApiException e) {
                        if (e.errcode() != 45009) throw e;
                        rejected++;
                    }
                }
            }
            assertThat(Duration.between(start, clock.instant())).as("160 calls within one minute")
                    .isLessThan(Duration.ofMinutes(1));
            assertThat(rejected).as("45009 answers").isPositive();
        }
    }

    @Nested
    @OnEveryDatabase
    class Shared extends DatabaseTest {
        final QuotaLoad load = new QuotaLoad(FACTOR, QUOTA);

        Shared(Databases database) {
            super(database);
        }

        @AfterEach
        void stopSimulator() {
            load.close();
        }

        List<JdbcRateLimiter> instances(SwitchableDataSource source) {
            List<JdbcRateLimiter> limiters = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                limiters.add(JdbcRateLimiter.builder().dataSource(source).dialect(dialect).tablePrefix(prefix)
                        .corpId(load.simulator.corpId()).limits(LIMITS).expectedInstances(INSTANCES)
                        .retryInterval(Duration.ofMillis(200)).timeScale(FACTOR).build());
            }
            return limiters;
        }

        @Test
        void fourInstancesStayUnderTheCorpQuota() throws Exception {
            List<JdbcRateLimiter> limiters = instances(new SwitchableDataSource(dataSource));

            QuotaLoad.Result result = load.run(List.copyOf(limiters), THREADS, RUN);

            assertThat(result.rejected()).as("45009 answers in %s", result).isZero();
            assertThat(result.otherFailures()).isZero();
            // The limit, not the machine, is what held the instances back: nearly the whole limit was used.
            assertThat(result.perSimulatedMinute()).as("%s", result).isBetween(LIMITS.perMinute() * 0.6, LIMITS.perMinute() * 1.15);
            assertThat(limiters).noneMatch(JdbcRateLimiter::usingLocalShare);
        }

        @Test
        void withTheDatabaseDownEachInstanceKeepsToItsShare() throws Exception {
            SwitchableDataSource source = new SwitchableDataSource(dataSource);
            List<JdbcRateLimiter> limiters = instances(source);
            source.down(true);

            QuotaLoad.Result result = load.run(List.copyOf(limiters), THREADS, RUN);

            assertThat(result.rejected()).as("45009 answers in %s", result).isZero();
            assertThat(result.otherFailures()).isZero();
            assertThat(result.perSimulatedMinute()).as("%s", result).isBetween(LIMITS.perMinute() * 0.6, LIMITS.perMinute() * 1.15);
            assertThat(limiters).allMatch(JdbcRateLimiter::usingLocalShare);

            source.down(false); // back: the next call after the retry interval uses the shared bucket again
            Thread.sleep(250);
            for (JdbcRateLimiter limiter : limiters) limiter.acquire(QuotaLoad.API);
            assertThat(limiters).noneMatch(JdbcRateLimiter::usingLocalShare);
        }
    }
}
