package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link RedisTokenStore}: the token is shared, invalidated only while it is the stored one, and
 * refreshed by one instance at a time; when that instance's {@code gettoken} fails, another tries
 * at once instead of waiting out the lease; a dead holder's lease runs out on Redis's clock.
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisTokenStoreTest extends RedisTest {

    static final Key KEY = new Key("ww-protocol", "0123456789abcdef");

    RedisTokenStore store() {
        return track(RedisTokenStore.builder().uri(url()).keyPrefix(prefix).pollInterval(Duration.ofMillis(10)).build());
    }

    static Token token(String value) {
        return new Token(value, Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void aTokenPutByOneInstanceIsTheOthersAndOnlyItselfIsInvalidated() {
        RedisTokenStore a = store();
        RedisTokenStore b = store();
        assertThat(b.get(KEY)).isEmpty();
        Token first = token("token-one");

        a.put(KEY, first);

        assertThat(b.get(KEY)).contains(first);
        b.invalidate(KEY, token("some-older-token"));
        assertThat(a.get(KEY)).as("a different token leaves the stored one").contains(first);
        b.invalidate(KEY, first);
        assertThat(a.get(KEY)).isEmpty();
        assertThat(redis().pttl("wecomsync:" + prefix + "token:" + KEY)).as("no such key any more").isEqualTo(-2);
    }

    @Test
    void aStoredTokenKeyExpiresAfterTheToken() {
        RedisTokenStore a = store();
        a.put(KEY, token("token-one"));
        long ttl = redis().pttl("wecomsync:" + prefix + "token:" + KEY);
        assertThat(Duration.ofMillis(ttl)).isGreaterThan(Duration.ofHours(2)).isLessThanOrEqualTo(Duration.ofHours(3));
    }

    @Test
    void theTokenValueStaysOutOfToStringAndKeysHoldOnlyTheFingerprint() {
        RedisTokenStore a = store();
        a.put(KEY, token("secret-token-value"));
        assertThat(a.toString()).doesNotContain("secret-token-value");
        assertThat(a.get(KEY).orElseThrow().toString()).doesNotContain("secret-token-value");
        assertThat(keys()).allMatch(k -> !k.contains("secret-token-value"));
    }

    @Test
    void oneInstanceRefreshesWhileTheOthersWaitForItsToken() throws Exception {
        RedisTokenStore a = store();
        RedisTokenStore b = store();
        CountDownLatch aFetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Token> first = CompletableFuture.supplyAsync(() -> a.getOrRefresh(KEY, t -> true, () -> {
            aFetching.countDown();
            await(release);
            return token("from-a");
        }));
        await(aFetching);
        AtomicInteger bFetches = new AtomicInteger();
        CompletableFuture<Token> second = CompletableFuture.supplyAsync(() -> b.getOrRefresh(KEY, t -> true, () -> {
            bFetches.incrementAndGet();
            return token("from-b");
        }));
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).value()).isEqualTo("from-a");
        assertThat(second.get(5, TimeUnit.SECONDS).value()).isEqualTo("from-a");
        assertThat(bFetches).hasValue(0);
        assertThat(redis().exists("wecomsync:" + prefix + "token:" + KEY + ":refresh")).as("lease freed").isZero();
    }

    @Test
    void aFailedFetchIsRetriedAtOnceByTheInstanceThatWaited() throws Exception {
        RedisTokenStore a = store();
        RedisTokenStore b = store();
        CountDownLatch aFetching = new CountDownLatch(1);
        CountDownLatch bWaiting = new CountDownLatch(1);
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
        assertThat(redis().get(leaseKey())).as("a holds the refresh lease while it fetches").isNotNull();
        Thread.sleep(50); // b finds a's lease and polls
        assertThat(bFetches).as("b waits while a holds the lease").hasValue(0);
        bWaiting.countDown();
        assertThatThrownBy(first::join).hasRootCauseMessage("gettoken failed on instance a");
        long failedAt = System.nanoTime();

        Token got = second.get(5, TimeUnit.SECONDS);
        Duration afterFailure = Duration.ofNanos(System.nanoTime() - failedAt);

        assertThat(got.value()).isEqualTo("from-b");
        assertThat(bFetches).hasValue(1);
        assertThat(afterFailure).isLessThan(Duration.ofSeconds(1)).isLessThan(RedisTokenStore.DEFAULT_REFRESH_LEASE);
        assertThat(a.getOrRefresh(KEY, t -> true, () -> token("unused")).value()).isEqualTo("from-b");
    }

    @Test
    void aDeadHoldersLeaseRunsOutOnRedisClock() {
        // a takes the lease as if it were about to fetch, and dies: Redis drops its lease after 2 s.
        redis().set(leaseKey(), "an-instance-that-died", io.lettuce.core.SetArgs.Builder.px(2_000));
        RedisTokenStore b = track(RedisTokenStore.builder().uri(url()).keyPrefix(prefix)
                .refreshLease(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).build());
        long start = System.nanoTime();

        Token got = b.getOrRefresh(KEY, t -> true, () -> token("from-b"));

        assertThat(got.value()).isEqualTo("from-b");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before b's own 20 s wait runs out")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(redis().exists(leaseKey())).as("b freed the lease it took once the dead one had run out").isZero();
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
            assertThat(a.accessToken()).as("a now uses b's token").isEqualTo(token);
        }
    }

    @Test
    void whenRedisIsUnreachableTheCallFailsWithoutTheToken() {
        RedisTokenStore down = track(RedisTokenStore.builder().uri("redis://127.0.0.1:" + closedPort())
                .commandTimeout(Duration.ofMillis(500)).build());
        assertThatThrownBy(() -> down.put(KEY, token("secret-token-value")))
                .isInstanceOf(RedisStoreException.class)
                .hasMessageContaining("RedisTokenStore: put")
                .hasMessageNotContaining("secret-token-value");
    }

    WeComClient client(WeComSimulator sim) {
        return WeComClient.builder().corpId(sim.corpId()).secret("handover-secret").baseUrl(sim.baseUrl())
                .retryPolicy(RetryPolicy.none()).tokenStore(store()).build();
    }

    String leaseKey() {
        return "wecomsync:" + prefix + "token:" + KEY + ":refresh";
    }

    static int closedPort() {
        try {
            return RedisRateLimitClusterTest.closedPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
