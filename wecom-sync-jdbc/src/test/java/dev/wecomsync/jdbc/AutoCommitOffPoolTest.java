package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.sync.EntityKind;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hosts often configure their pool with auto-commit off (Spring, JPA). Every store must still
 * commit its work: what one store writes through such a pool, a store on another pool sees.
 */
class AutoCommitOffPoolTest {

    final String prefix = "wsa" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    final HikariDataSource manual = pool();
    final HikariDataSource other = (HikariDataSource) Databases.H2.dataSource();

    static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:wecomsync;DB_CLOSE_DELAY=-1");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    @AfterEach
    void dropTables() throws Exception {
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            for (String t : DatabaseTest.TABLES) s.execute("DROP TABLE IF EXISTS " + prefix + t);
        }
        manual.close();
    }

    @Test
    void everyStoreCommitsThroughAPoolWithAutoCommitOff() throws Exception {
        JdbcSchema.create(manual, prefix);

        JdbcEventDeduplicator dedup = JdbcEventDeduplicator.builder().dataSource(manual).tablePrefix(prefix).build();
        dedup.commit(dedup.claim("key", Duration.ofMinutes(1)));
        assertThat(JdbcEventDeduplicator.builder().dataSource(other).tablePrefix(prefix).build()
                .claim("key", Duration.ofMinutes(1)).state()).isEqualTo(EventClaim.State.DELIVERED);

        Key key = new Key("corp", "0123456789abcdef");
        JdbcTokenStore.builder().dataSource(manual).tablePrefix(prefix).build()
                .put(key, new Token("tok", Instant.now().plus(Duration.ofHours(2))));
        assertThat(JdbcTokenStore.builder().dataSource(other).tablePrefix(prefix).build().get(key))
                .map(Token::value).contains("tok");

        JdbcSyncStateStore.builder().dataSource(manual).tablePrefix(prefix).build()
                .put(EntityKind.USER, Map.of("u1", JdbcSyncStateStoreTest.fp("f1")));
        assertThat(JdbcSyncStateStore.builder().dataSource(other).tablePrefix(prefix).build().read(EntityKind.USER))
                .containsEntry("u1", JdbcSyncStateStoreTest.fp("f1"));

        JdbcSyncLock lock = JdbcSyncLock.builder().dataSource(manual).tablePrefix(prefix).build();
        assertThat(lock.tryLock()).isTrue();
        JdbcSyncLock elsewhere = JdbcSyncLock.builder().dataSource(other).tablePrefix(prefix).build();
        assertThat(elsewhere.tryLock()).isFalse();
        lock.close();
        assertThat(elsewhere.tryLock()).isTrue();
        elsewhere.close();

        try (Connection c = manual.getConnection()) {
            assertThat(c.getAutoCommit()).as("the pool's setting is restored").isFalse();
        }
    }
}
