package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.testkit.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store on its own, driven the way the client drives it; see {@link SharedTokenClusterTest} for real clients. */
@OnEveryDatabase
class JdbcTokenStoreTest extends DatabaseTest {

    static final Key KEY = new Key("ww5e1f0c2d9a7b3e48", "0123456789abcdef");
    static final String SECRET_TOKEN = "tok-SENSITIVE-9b1c";

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    final AtomicInteger fetches = new AtomicInteger();

    JdbcTokenStoreTest(Databases database) {
        super(database);
    }

    JdbcTokenStore instance() {
        return instance(JdbcTokenStore.builder());
    }

    JdbcTokenStore instance(JdbcTokenStore.Builder builder) {
        return builder.dataSource(dataSource).tablePrefix(prefix).clock(clock).build();
    }

    Token token(String value, Duration lifetime) {
        return new Token(value, clock.instant().plus(lifetime));
    }

    /**
     * What the client does: use the stored token when it is not due, else fetch one and store
     * it, one thread at a time per process (the client's single flight).
     */
    String clientToken(JdbcTokenStore store) {
        synchronized (store) {
            return clientTokenUnsynchronized(store);
        }
    }

    String clientTokenUnsynchronized(JdbcTokenStore store) {
        Optional<Token> stored = store.get(KEY);
        if (stored.isPresent() && clock.instant().isBefore(stored.get().expiresAt().minus(Duration.ofMinutes(5)))) {
            return stored.get().value();
        }
        Token fresh = token("token-" + fetches.incrementAndGet(), Duration.ofHours(2));
        store.put(KEY, fresh);
        return fresh.value();
    }

    @Test
    void aTokenStoredByOneInstanceIsUsedByAll() {
        JdbcTokenStore a = instance();
        JdbcTokenStore b = instance();
        assertThat(a.get(KEY)).as("nothing stored: a may fetch").isEmpty();

        a.put(KEY, token(SECRET_TOKEN, Duration.ofHours(2)));

        Optional<Token> seen = b.get(KEY);
        assertThat(seen).isPresent();
        assertThat(seen.get().value()).isEqualTo(SECRET_TOKEN);
        assertThat(seen.get().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(b.get(new Key(KEY.corpId(), "fedcba9876543210"))).isEmpty();
        assertThat(a.toString() + b + seen.get()).doesNotContain(SECRET_TOKEN);
    }

    @Test
    void whileOneInstanceRefreshesTheOthersWaitForItsToken() throws Exception {
        CountDownLatch bWaits = new CountDownLatch(1);
        CountDownLatch aPut = new CountDownLatch(1);
        TestWaits waits = TestWaits.virtual(n -> {
            bWaits.countDown();
            aPut.await(30, TimeUnit.SECONDS); // b stays in its first wait until a has put its token
        });
        JdbcTokenStore a = instance();
        JdbcTokenStore b = instance(JdbcTokenStore.builder().waits(waits));
        assertThat(a.get(KEY)).isEmpty(); // a holds the refresh lease now

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Token>> waiting = pool.submit(() -> b.get(KEY));
            assertThat(bWaits.await(30, TimeUnit.SECONDS)).as("b finds a's lease and waits").isTrue();
            assertThat(waiting).as("b waits for a's refresh").isNotDone();

            a.put(KEY, token("from-a", Duration.ofHours(2)));
            aPut.countDown();

            assertThat(waiting.get(30, TimeUnit.SECONDS)).map(Token::value).contains("from-a");
            assertThat(waits.count()).as("b's next look finds a's token").isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenDueForRefreshIsRefreshedByOneInstanceOnly() {
        JdbcTokenStore a = instance();
        JdbcTokenStore b = instance();
        a.put(KEY, token("old", Duration.ofMinutes(10)));
        assertThat(clientToken(b)).isEqualTo("old");

        clock.advance(Duration.ofMinutes(6)); // within the 5-minute margin
        Optional<Token> forA = a.get(KEY);
        assertThat(forA).as("a gets the old token back: it must refresh").map(Token::value).contains("old");

        a.put(KEY, token("new", Duration.ofHours(2)));
        assertThat(b.get(KEY)).map(Token::value).contains("new");
    }

    @Test
    void theLeaseOfAnInstanceThatDiedWhileRefreshingRunsOut() {
        TestWaits waits = TestWaits.virtual();
        JdbcTokenStore dead = instance();
        JdbcTokenStore live = instance(JdbcTokenStore.builder().waits(waits));
        assertThat(dead.get(KEY)).isEmpty(); // takes the lease, never puts

        clock.advance(JdbcTokenStore.DEFAULT_REFRESH_LEASE);

        assertThat(live.get(KEY)).isEmpty();
        assertThat(waits.count()).as("the lease ran out: live takes it without waiting").isZero();
    }

    @Test
    void waitingIsBoundedEvenWhenTheClockStands() {
        TestWaits waits = TestWaits.virtual();
        JdbcTokenStore holder = instance();
        JdbcTokenStore waiter = instance(JdbcTokenStore.builder().refreshLease(Duration.ofMillis(300)).waits(waits));
        holder.get(KEY);

        assertThat(waiter.get(KEY)).isEmpty();
        assertThat(waits.elapsed()).as("the waiter waits out one lease, and one poll more at most")
                .isBetween(Duration.ofMillis(300), Duration.ofMillis(300).plus(JdbcTokenStore.DEFAULT_POLL_INTERVAL));
    }

    @Test
    void theInstanceThatTookTheLeaseMayRetryAtOnceFromAnyThread() throws Exception {
        TestWaits waits = TestWaits.virtual();
        JdbcTokenStore a = instance(JdbcTokenStore.builder().waits(waits));
        assertThat(a.get(KEY)).isEmpty(); // took the lease; then gettoken failed, nothing was put

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(() -> a.get(KEY)).get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(waits.count()).as("its own lease does not make it wait").isZero();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void invalidateClearsOnlyTheRejectedToken() {
        JdbcTokenStore a = instance();
        Token first = token("first", Duration.ofHours(2));
        a.put(KEY, first);
        Token second = token("second", Duration.ofHours(2));
        a.put(KEY, second);

        a.invalidate(KEY, first);
        assertThat(a.get(KEY)).contains(second);

        a.invalidate(KEY, second);
        assertThat(instance().get(KEY)).isEmpty();
    }

    @Test
    void failuresNeverCarryTheToken() {
        String huge = SECRET_TOKEN + "x".repeat(3_000); // longer than the column
        assertThatThrownBy(() -> instance().put(KEY, token(huge, Duration.ofHours(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET_TOKEN);
        String wide = SECRET_TOKEN + "y".repeat(2_000); // fits the store's check, not a narrowed column
        narrowTheTokenColumn();
        Throwable tooLong = catchThrowable(() -> instance().put(KEY, token(wide, Duration.ofHours(2))));
        JdbcTokenStore noTable = JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix + "missing_").build();
        Throwable missing = catchThrowable(() -> noTable.put(KEY, token(SECRET_TOKEN, Duration.ofHours(2))));

        for (Throwable failure : new Throwable[] {tooLong, missing}) {
            assertThat(failure).isInstanceOf(JdbcStoreException.class).hasMessageStartingWith("JdbcTokenStore: put");
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(SECRET_TOKEN);
        }
    }

    /** A DBA made the column narrower than the shipped script: the driver's "too long" failure must stay clean. */
    private void narrowTheTokenColumn() {
        String sql = switch (dialect) {
            case POSTGRESQL -> "ALTER TABLE " + prefix + "token ALTER COLUMN token_value TYPE VARCHAR(100)";
            case MYSQL -> "ALTER TABLE " + prefix + "token MODIFY token_value VARCHAR(100)";
            case H2 -> "ALTER TABLE " + prefix + "token ALTER COLUMN token_value SET DATA TYPE VARCHAR(100)";
        };
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            if (dialect == SqlDialect.MYSQL) s.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void manyInstancesUnderLoadFetchOncePerExpiry() throws Exception {
        List<JdbcTokenStore> instances = List.of(instance(), instance(), instance(), instance());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int expiry = 1; expiry <= 3; expiry++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    JdbcTokenStore store = instances.get(t % instances.size());
                    results.add(pool.submit(() -> {
                        start.await();
                        String last = null;
                        for (int i = 0; i < 10; i++) last = clientToken(store);
                        return last;
                    }));
                }
                start.countDown();
                for (Future<String> f : results) assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("token-" + expiry);
                assertThat(fetches).hasValue(expiry);
                clock.advance(Duration.ofHours(2).minusMinutes(4));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
