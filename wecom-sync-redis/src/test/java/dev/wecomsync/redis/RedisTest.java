package dev.wecomsync.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test against the Redis at the URL in {@value #REDIS_URL}, in keys of its
 * own: a random key prefix per test, so that parallel runs never collide; its keys are deleted
 * afterwards, and the stores the test built through {@link #track} are closed. Each subclass carries
 * {@code @EnabledIfEnvironmentVariable(named = REDIS_URL, matches = ".+")} (JUnit does not inherit
 * it), so that it is skipped where no Redis is configured.
 */
abstract class RedisTest {

    static final String REDIS_URL = "WECOM_SYNC_TEST_REDIS_URL";

    final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + ":";
    private final List<AutoCloseable> stores = new ArrayList<>();
    RedisClient admin;
    StatefulRedisConnection<String, String> adminConnection;

    static String url() {
        return System.getenv(REDIS_URL);
    }

    @BeforeEach
    void connect() {
        admin = RedisClient.create(url());
        adminConnection = admin.connect();
    }

    /** What the test sees in Redis, beside the stores. */
    RedisCommands<String, String> redis() {
        return adminConnection.sync();
    }

    <T extends AutoCloseable> T track(T store) {
        stores.add(store);
        return store;
    }

    /** Every key this test's stores wrote. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches("wecomsync:" + prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @AfterEach
    void deleteKeys() throws Exception {
        try {
            for (int i = stores.size() - 1; i >= 0; i--) stores.get(i).close();
            List<String> keys = keys();
            if (!keys.isEmpty()) redis().del(keys.toArray(String[]::new));
        } finally {
            adminConnection.close();
            admin.shutdown();
        }
    }
}
