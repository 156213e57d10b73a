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
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A test against the Redis of {@value #REDIS_URL} (skipped when it is not set), in keys of its
 * own: a random key prefix per test, so that parallel runs never collide; its keys are deleted
 * afterwards, and so are the stores the test built through {@link #track}.
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
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
