package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The engine's fencing on a {@link RedisSyncLock}: a full sync whose holder stalls past its lease
 * (its heartbeats stop; Redis's clock) writes nothing after another instance took the lock over, and says
 * so in its report.
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisFencedFullSyncTest extends RedisTest {

    static final int BATCH = 5;

    final CountDownLatch endStall = new CountDownLatch(1);
    final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService runner = Executors.newSingleThreadExecutor();
    final WeComSimulator simulator = WeComSimulator.builder().org(Org.generate(20, 3, 3)).build();

    @AfterEach
    void stop() {
        runner.shutdownNow();
        endStall.countDown();
        heartbeats.shutdownNow();
        simulator.close();
    }

    @Test
    void aHolderStalledPastItsLeaseWritesNothingAfterTheTakeover() throws Exception {
        simulator.addAppSecret("app");
        PausingTarget target = new PausingTarget();
        RedisSyncLock aLock = track(RedisSyncLock.builder().uri(url()).keyPrefix(prefix)
                .lease(Duration.ofMillis(600)).heartbeatInterval(Duration.ofMillis(100)).scheduler(heartbeats).build());
        RedisSyncLock thief = track(RedisSyncLock.builder().uri(url()).keyPrefix(prefix).build());
        WeComClient client = WeComClient.builder().corpId(simulator.corpId()).secret("app")
                .baseUrl(simulator.baseUrl()).build();
        WeComSync a = WeComSync.builder().client(client).target(target).lock(aLock).batchSize(BATCH).build();

        Future<SyncReport> run = runner.submit(a::fullSync);
        assertThat(target.paused.await(30, TimeUnit.SECONDS)).as("a reached its first user batch").isTrue();
        heartbeats.execute(this::stall); // a's whole process stalls: no more heartbeats
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean taken = false;
        while (!taken && System.nanoTime() < deadline) {
            Thread.sleep(20);
            taken = thief.tryLock();
        }
        assertThat(taken).as("another instance takes the lapsed lease over").isTrue();
        int callsBefore = target.calls.get();
        target.resume.countDown();

        SyncReport report = run.get(30, TimeUnit.SECONDS);
        assertThat(target.calls).as("target calls by a after the takeover").hasValue(callsBefore);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("SyncLock");
            assertThat(f.reason()).contains("lost the sync lock");
        });
        assertThat(report.users().created()).as("the batch a was writing when it stalled").isEqualTo(BATCH);
        assertThat(thief.isHeld()).isTrue();
    }

    void stall() {
        try {
            endStall.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts the target calls; the first user batch waits until the test lets it go. */
    static final class PausingTarget implements SyncTarget {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void upsertDepartments(List<Department> departments) {
            calls.incrementAndGet();
        }

        @Override
        public void upsertUsers(List<User> users) {
            calls.incrementAndGet();
            if (paused.getCount() == 0) return;
            paused.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void renameUser(String oldUserId, String newUserId) {
            calls.incrementAndGet();
        }

        @Override
        public void deleteUsers(List<String> userIds) {
            calls.incrementAndGet();
        }

        @Override
        public void deleteDepartments(List<Long> departmentIds) {
            calls.incrementAndGet();
        }
    }
}
