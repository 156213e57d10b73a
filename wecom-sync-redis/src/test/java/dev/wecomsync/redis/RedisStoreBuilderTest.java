package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the builders refuse, and that building never connects: runs without Redis. */
class RedisStoreBuilderTest {

    @Test
    void aStoreNeedsToKnowWhereRedisIs() {
        assertThatThrownBy(() -> RedisTokenStore.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("say where Redis is");
        assertThatThrownBy(() -> RedisRateLimiter.builder().uri("redis://127.0.0.1:1").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("corpId == null");
        assertThatThrownBy(() -> RedisRateLimiter.builder().uri("redis://127.0.0.1:1").corpId(" ").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("corpId is blank");
    }

    @Test
    void aBadUriIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> RedisSyncLock.builder().uri("http://user:hunter2@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://host:port")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void keyPrefixesAreShortAndPlain() {
        assertThatThrownBy(() -> RedisSyncLock.builder().keyPrefix("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has space");
        assertThatThrownBy(() -> RedisSyncLock.builder().keyPrefix("x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        try (RedisSyncLock lock = RedisSyncLock.builder().uri("redis://127.0.0.1:1").keyPrefix("app-1:").build()) {
            assertThat(lock.toString()).contains("wecomsync:app-1:lock:full-sync");
        }
    }

    @Test
    void leasesAndHeartbeatsMustFit() {
        assertThatThrownBy(() -> RedisSyncLock.builder().uri("redis://127.0.0.1:1").lease(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than the lease");
        assertThatThrownBy(() -> RedisSyncLock.builder().lease(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> RedisRateLimiter.builder().expectedInstances(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildingDoesNotConnect() {
        // Nothing listens on port 1: a store must still build, and say so only when used.
        try (RedisEventDeduplicator d = RedisEventDeduplicator.builder().uri("redis://127.0.0.1:1").build()) {
            assertThat(d.toString()).contains("wecomsync:event:");
        }
    }
}
