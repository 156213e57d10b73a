package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Four {@link WeComClient}s, one per simulated instance, each with its own {@link JdbcTokenStore} on
 * the shared table, call the simulator from many threads at once: the cluster fetches one token
 * per expiry.
 */
@OnEveryDatabase
class SharedTokenClusterTest extends DatabaseTest {

    static final String SECRET = "app-secret-for-the-cluster";

    static final int INSTANCES = 4;
    static final int THREADS_PER_INSTANCE = 4;
    static final int CALLS_PER_THREAD = 5;

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    final List<WeComClient> clients = new ArrayList<>();
    WeComSimulator simulator;
    ExecutorService pool;

    SharedTokenClusterTest(Databases database) {
        super(database);
    }

    @BeforeEach
    void startInstances() {
        simulator = WeComSimulator.builder().clock(clock).org(Org.generate(30, 5, 11)).build();
        simulator.addAppSecret(SECRET);
        for (int i = 0; i < INSTANCES; i++) {
            clients.add(WeComClient.builder()
                    .corpId(simulator.corpId())
                    .secret(SECRET)
                    .baseUrl(simulator.baseUrl())
                    .clock(clock)
                    .tokenStore(JdbcTokenStore.builder().dataSource(dataSource).tablePrefix(prefix).clock(clock).build())
                    .build());
        }
        pool = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
    }

    @AfterEach
    void stopInstances() {
        pool.shutdownNow();
        simulator.close();
    }

    /** Every instance calls department/list from several threads, all released at once. */
    void load() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (WeComClient client : clients) {
            for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    int seen = 0;
                    for (int i = 0; i < CALLS_PER_THREAD; i++) seen = client.departments().list().size();
                    return seen;
                }));
            }
        }
        start.countDown();
        for (Future<Integer> call : calls) assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(5); // the org has 5 departments
    }

    @Test
    void theClusterFetchesOneTokenPerExpiry() throws Exception {
        load();
        assertThat(simulator.callCount("gettoken")).isEqualTo(1);
        assertThat(simulator.callCount("department/list"))
                .isEqualTo(INSTANCES * THREADS_PER_INSTANCE * CALLS_PER_THREAD);

        clock.advance(Duration.ofMinutes(60));
        load();
        assertThat(simulator.callCount("gettoken")).as("still valid").isEqualTo(1);

        clock.advance(Duration.ofMinutes(56)); // 4 minutes before expiry: due for refresh
        load();
        assertThat(simulator.callCount("gettoken")).isEqualTo(2);

        clock.advance(Duration.ofHours(3)); // every token long expired
        load();
        assertThat(simulator.callCount("gettoken")).isEqualTo(3);
    }

    @Test
    void aTokenWeComRevokedIsReplacedOnceForTheCluster() throws Exception {
        load();
        simulator.revokeTokens();

        load();

        assertThat(simulator.callCount("gettoken")).isEqualTo(2);
    }
}
