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
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcTokenStore#getOrRefresh}: one instance refreshes while the others wait; when its
 * {@code gettoken} fails, another instance tries at once instead of waiting out the lease; leases run
 * on the database's clock. These stores have no test clock: leases are real, and short. Where a test
 * needs to know that an instance waits, or that only another instance can end its wait, that
 * instance's waits are {@link TestWaits}.
 */
@OnEveryDatabase
class TokenRefreshProtocolTest extends DatabaseTest {

    static final Key KEY = new Key("ww-protocol", "0123456789abcdef");

    TokenRefreshProtocolTest(Databases database) {
        super(database);
    }

    JdbcTokenStore store() {
        return store(JdbcTokenStore.builder());
    }

    JdbcTokenStore store(JdbcTokenStore.Builder builder) {
        return builder.dataSource(dataSource).tablePrefix(prefix).pollInterval(Duration.ofMillis(10)).build();
    }

    static Token token(String value) {
        return new Token(value, Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void aFailedFetchIsRetriedAtOnceByTheInstanceThatWaited() throws Exception {
        CountDownLatch aFetching = new CountDownLatch(1);
        CountDownLatch bWaiting = new CountDownLatch(1);
        CountDownLatch aFailed = new CountDownLatch(1);
        TestWaits bWaits = TestWaits.virtual(n -> {
            bWaiting.countDown(); // b found a's lease and polls the row
            aFailed.await(30, TimeUnit.SECONDS);
        });
        JdbcTokenStore a = store();
        JdbcTokenStore b = store(JdbcTokenStore.builder().waits(bWaits));
        CompletableFuture<Token> first = CompletableFuture.supplyAsync(() -> a.getOrRefresh(KEY, t -> true, () -> {
            aFetching.countDown();
            await(bWaiting);
            throw new IllegalStateException("gettoken failed on instance a");
        }));
        await(aFetching);
        AtomicInteger bFetches = new AtomicInteger();
        CompletableFuture<Token> second = CompletableFuture.supplyAsync(() -> b.getOrRefresh(KEY, t -> true, () -> {
            bFetches.incrementAndGet();
            return token("from-b");
        }));
        assertThatThrownBy(first::join).hasRootCauseMessage("gettoken failed on instance a");
        aFailed.countDown();

        Token got = second.get(30, TimeUnit.SECONDS);

        assertThat(got.value()).isEqualTo("from-b");
        assertThat(bFetches).hasValue(1);
        assertThat(bWaits.count()).as("b fetches on its first look after a's failure").isOne();
        assertThat(bWaits.elapsed()).as("one poll, not a lease").isLessThan(JdbcTokenStore.DEFAULT_REFRESH_LEASE);
        assertThat(a.getOrRefresh(KEY, t -> true, () -> token("unused")).value()).isEqualTo("from-b");
    }

    @Test
    void leasesRunOnTheDatabaseClock() throws Exception {
        JdbcTokenStore a = JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix)
                .refreshLease(Duration.ofMillis(300)).build();
        var database = new dev.wecomsync.jdbc.internal.Database(dataSource, dialect, "test");
        long before = database.currentTimeMillis("now");
        assertThat(a.get(KEY)).as("a takes the lease").isEmpty();
        long after = database.currentTimeMillis("now");
        long until;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT refresh_until FROM " + prefix + "token");
                ResultSet r = s.executeQuery()) {
            assertThat(r.next()).isTrue();
            until = r.getLong(1);
        }
        assertThat(until).as("one lease after the database's now").isBetween(before + 300 - 50, after + 300 + 50);

        // a dies holding the lease: b waits it out on the database's clock, then fetches. b's own time
        // stands, so its own deadline never comes: only a's lease running out can end its wait.
        TestWaits bWaits = TestWaits.standing();
        JdbcTokenStore b = store(JdbcTokenStore.builder().refreshLease(Duration.ofSeconds(5)).waits(bWaits));
        Token got = b.getOrRefresh(KEY, t -> true, () -> token("from-b"));
        assertThat(got.value()).isEqualTo("from-b");
        assertThat(bWaits.count()).as("b waited for a's lease").isPositive();
    }

    @Test
    void aClientWhoseGettokenFailsHandsOverToAnotherInstanceBeforeAnyLeaseRunsOut() throws Exception {
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(5, 2, 3)).build()) {
            sim.addAppSecret("handover-secret");
            sim.latency(Duration.ofMillis(300));
            sim.failNext("gettoken", 1, -1);
            // a's lease is far longer than the test; b's own time stands: only a's release ends b's wait.
            WeComClient a = client(sim, store(JdbcTokenStore.builder().refreshLease(Duration.ofMinutes(10))));
            TestWaits bWaits = TestWaits.standing();
            WeComClient b = client(sim, store(JdbcTokenStore.builder().waits(bWaits)));

            CompletableFuture<String> first = CompletableFuture.supplyAsync(a::accessToken);
            // Once a's gettoken reached the simulator, a holds the lease and waits 300 ms for its failure.
            long arrived = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sim.callCount("gettoken") == 0 && System.nanoTime() < arrived) Thread.sleep(5);
            assertThat(sim.callCount("gettoken")).as("a's gettoken reached WeCom").isEqualTo(1);
            String token = b.accessToken();

            assertThatThrownBy(first::join).hasCauseInstanceOf(WeComApiException.class);
            assertThat(token).isNotBlank();
            assertThat(sim.callCount("gettoken")).isEqualTo(2);
        }
    }

    WeComClient client(WeComSimulator sim, JdbcTokenStore store) {
        return WeComClient.builder().corpId(sim.corpId()).secret("handover-secret").baseUrl(sim.baseUrl())
                .retryPolicy(RetryPolicy.none()).tokenStore(store).build();
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
