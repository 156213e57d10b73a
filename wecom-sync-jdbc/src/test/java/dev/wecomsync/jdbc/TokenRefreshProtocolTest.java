package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link JdbcTokenStore#getOrRefresh}: one instance refreshes while the others wait; when its
 * {@code gettoken} fails, another instance tries at once instead of waiting out the lease; leases run
 * on the database's clock. These stores have no test clock: leases are real, and short.
 */
class TokenRefreshProtocolTest {

    static final Key KEY = new Key("ww-protocol", "0123456789abcdef");

    @Nested
    class OnH2 extends Cases {
        OnH2() {
            super(Databases.H2);
        }
    }

    @Nested
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    class OnPostgreSQL extends Cases {
        OnPostgreSQL() {
            super(Databases.POSTGRESQL);
        }
    }

    @Nested
    @EnabledIfEnvironmentVariable(named = Databases.MARIADB_URL, matches = ".+")
    class OnMariaDB extends Cases {
        OnMariaDB() {
            super(Databases.MARIADB);
        }
    }

    abstract static class Cases extends DatabaseTest {
        Cases(Databases database) {
            super(database);
        }

        JdbcTokenStore store() {
            return JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix)
                    .pollInterval(Duration.ofMillis(10)).build();
        }

        static Token token(String value) {
            return new Token(value, Instant.now().plus(Duration.ofHours(2)));
        }

        @Test
        void aFailedFetchIsRetriedAtOnceByTheInstanceThatWaited() throws Exception {
            JdbcTokenStore a = store();
            JdbcTokenStore b = store();
            CountDownLatch aFetching = new CountDownLatch(1);
            CountDownLatch bWaiting = new CountDownLatch(1);
            CompletableFuture<Token> first = CompletableFuture.supplyAsync(() -> a.getOrRefresh(KEY, t -> true, () -> {
                aFetching.countDown();
                await(bWaiting);
                throw new IllegalStateException("gettoken failed on instance a");
            }));
            await(aFetching);
            AtomicInteger bFetches = new AtomicInteger();
            long[] failedAt = new long[1];
            CompletableFuture<Token> second = CompletableFuture.supplyAsync(() -> b.getOrRefresh(KEY, t -> true, () -> {
                bFetches.incrementAndGet();
                return token("from-b");
            }));
            Thread.sleep(50); // b finds a's lease and polls the row
            bWaiting.countDown();
            assertThatThrownBy(first::join).hasRootCauseMessage("gettoken failed on instance a");
            failedAt[0] = System.nanoTime();

            Token got = second.get(5, TimeUnit.SECONDS);
            long afterFailure = System.nanoTime() - failedAt[0];

            assertThat(got.value()).isEqualTo("from-b");
            assertThat(bFetches).hasValue(1);
            assertThat(Duration.ofNanos(afterFailure)).isLessThan(Duration.ofSeconds(1))
                    .isLessThan(JdbcTokenStore.DEFAULT_REFRESH_LEASE);
            assertThat(a.getOrRefresh(KEY, t -> true, () -> token("unused")).value()).isEqualTo("from-b");
        }

        @Test
        void leasesRunOnTheDatabaseClock() throws Exception {
            JdbcTokenStore a = JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix)
                    .refreshLease(Duration.ofMillis(300)).build();
            assertThat(a.get(KEY)).as("a takes the lease").isEmpty();
            long dbNow = new dev.wecomsync.jdbc.internal.Database(dataSource, dialect, "test").currentTimeMillis("now");
            long until;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT refresh_until FROM " + prefix + "token");
                    ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                until = r.getLong(1);
            }
            assertThat(until - dbNow).isBetween(0L, 300L);

            // a dies holding the lease: b waits it out on the database's clock, then fetches.
            JdbcTokenStore b = JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix)
                    .refreshLease(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).build();
            long start = System.nanoTime();
            Token got = b.getOrRefresh(KEY, t -> true, () -> token("from-b"));
            assertThat(got.value()).isEqualTo("from-b");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void aClientWhoseGettokenFailsHandsOverToAnotherInstanceWithinASecond() throws Exception {
            try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(5, 2, 3)).build()) {
                sim.addAppSecret("handover-secret");
                sim.latency(Duration.ofMillis(300));
                sim.failNext("gettoken", 1, -1);
                WeComClient a = client(sim);
                WeComClient b = client(sim);

                CompletableFuture<String> first = CompletableFuture.supplyAsync(a::accessToken);
                // Once a's gettoken reached the simulator, a holds the lease and waits 300 ms for its failure.
                long arrived = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (sim.callCount("gettoken") == 0 && System.nanoTime() < arrived) Thread.sleep(5);
                assertThat(sim.callCount("gettoken")).as("a's gettoken reached WeCom").isEqualTo(1);
                long start = System.nanoTime();
                String token = b.accessToken();
                Duration waited = Duration.ofNanos(System.nanoTime() - start);

                assertThatThrownBy(first::join).hasCauseInstanceOf(WeComApiException.class);
                assertThat(token).isNotBlank();
                assertThat(sim.callCount("gettoken")).isEqualTo(2);
                // a's gettoken ends at most 300 ms after b starts waiting; b's own takes 300 ms.
                assertThat(waited).isLessThan(Duration.ofMillis(200 + 300 + 1_000));
            }
        }

        WeComClient client(WeComSimulator sim) {
            return WeComClient.builder().corpId(sim.corpId()).secret("handover-secret").baseUrl(sim.baseUrl())
                    .retryPolicy(RetryPolicy.none()).tokenStore(store()).build();
        }

        static void await(CountDownLatch latch) {
            try {
                if (!latch.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
