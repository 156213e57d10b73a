package dev.wecomsync.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncInProgressException;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncRun;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link RedisSyncLock}: one holder at a time across lock objects (instances), a heartbeat that keeps
 * the lease, and a holder stalled past its lease that loses the lock for good: {@link
 * RedisSyncLock#isHeld()} turns false once another instance took over, and neither its late
 * heartbeat nor its unlock touch the new holder's lease. Leases are real and short (Redis's clock).
 */
@EnabledIfEnvironmentVariable(named = RedisTest.REDIS_URL, matches = ".+")
class RedisSyncLockTest extends RedisTest {

    final CapturedHeartbeats heart = new CapturedHeartbeats();

    @AfterEach
    void stopHeart() {
        heart.shutdownNow();
    }

    RedisSyncLock lock(Duration lease) {
        return track(RedisSyncLock.builder().uri(url()).keyPrefix(prefix).lease(lease).scheduler(heart).build());
    }

    String key() {
        return "wecomsync:" + prefix + "lock:" + RedisSyncLock.DEFAULT_NAME;
    }

    @Test
    void oneHolderAtATime() {
        RedisSyncLock a = lock(Duration.ofSeconds(30));
        RedisSyncLock b = lock(Duration.ofSeconds(30));

        assertThat(a.tryLock()).isTrue();
        assertThat(a.tryLock()).as("held by this very instance").isFalse();
        assertThat(b.tryLock()).isFalse();
        assertThat(a.isHeld()).isTrue();
        assertThat(b.isHeld()).isFalse();
        assertThat(redis().pttl(key())).isBetween(1L, 30_000L);

        a.unlock();
        assertThat(a.isHeld()).isFalse();
        assertThat(redis().exists(key())).isZero();
        assertThat(b.tryLock()).isTrue();
        assertThat(b.isHeld()).isTrue();
    }

    @Test
    void aHeartbeatExtendsTheLease() throws Exception {
        RedisSyncLock a = lock(Duration.ofSeconds(30));
        assertThat(a.tryLock()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (redis().pttl(key()) > 29_000 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(redis().pttl(key())).isBetween(1L, 29_000L);

        heart.beat();

        assertThat(redis().pttl(key())).isGreaterThan(29_000L);
        assertThat(a.isHeld()).isTrue();
    }

    @Test
    void aHolderStalledPastItsLeaseLosesTheLockForGood() throws Exception {
        RedisSyncLock stalled = lock(Duration.ofMillis(300));
        assertThat(stalled.tryLock()).isTrue(); // then its heartbeats never run: the process stalls
        CapturedHeartbeats otherHeart = new CapturedHeartbeats();
        RedisSyncLock next = track(RedisSyncLock.builder().uri(url()).keyPrefix(prefix).lease(Duration.ofSeconds(30))
                .scheduler(otherHeart).build());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean taken = false;
            while (!taken && System.nanoTime() < deadline) {
                taken = next.tryLock();
                if (!taken) Thread.sleep(20);
            }
            assertThat(taken).as("the lease ran out on Redis's clock and another instance took over").isTrue();

            assertThat(stalled.isHeld()).isFalse();
            String newOwner = redis().get(key());
            heart.beat(); // the stalled holder wakes up: its late heartbeat must not extend the new lease
            stalled.unlock(); // nor may its unlock release it
            assertThat(redis().get(key())).isEqualTo(newOwner);
            assertThat(redis().pttl(key())).isGreaterThan(20_000L);
            assertThat(next.isHeld()).isTrue();
            assertThat(stalled.isHeld()).isFalse();
            assertThat(stalled.tryLock()).isFalse();
        } finally {
            otherHeart.shutdownNow();
        }
    }

    @Test
    void aFullSyncOnOneInstanceKeepsTheOtherOut() throws Exception {
        try (WeComSimulator simulator = WeComSimulator.builder().org(Org.generate(10, 3, 3)).build()) {
            simulator.addAppSecret("app");
            PausingTarget target = new PausingTarget();
            WeComSync a = instance(simulator, target);
            WeComSync b = instance(simulator, target);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<SyncReport> running = pool.submit(a::fullSync);
                assertThat(target.paused.await(10, TimeUnit.SECONDS)).isTrue();

                assertThatThrownBy(b::fullSync).isInstanceOf(SyncInProgressException.class);

                target.resume.countDown();
                assertThat(running.get(30, TimeUnit.SECONDS).succeeded()).isTrue();
            } finally {
                target.resume.countDown();
                pool.shutdownNow();
            }
            assertThat(b.fullSync().succeeded()).as("a released the lock").isTrue();
            assertThat(redis().exists(key())).isZero();
        }
    }

    @Test
    void whenRedisIsUnreachableTryLockFailsAndUnlockDoesNot() {
        RedisSyncLock down = track(RedisSyncLock.builder().uri("redis://127.0.0.1:" + RedisTokenStoreTest.closedPort())
                .commandTimeout(Duration.ofMillis(500)).build());
        assertThatThrownBy(down::tryLock).isInstanceOf(RedisStoreException.class).hasMessageContaining("RedisSyncLock: tryLock");
        assertThat(down.isHeld()).isFalse();
        down.unlock();
    }

    WeComSync instance(WeComSimulator simulator, SyncTarget target) {
        WeComClient client = WeComClient.builder().corpId(simulator.corpId()).secret("app").baseUrl(simulator.baseUrl()).build();
        RedisSyncLock lock = track(RedisSyncLock.builder().uri(url()).keyPrefix(prefix).build());
        return WeComSync.builder().client(client).target(target).lock(lock).build();
    }

    /** Holds the first run at its start until the test lets it go. */
    static final class PausingTarget implements SyncTarget {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        @Override
        public void onSyncStarted(SyncRun run) {
            if (paused.getCount() == 0) return;
            paused.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void upsertDepartments(List<Department> departments) {}

        @Override
        public void upsertUsers(List<User> users) {}

        @Override
        public void renameUser(String oldUserId, String newUserId) {}

        @Override
        public void deleteUsers(List<String> userIds) {}

        @Override
        public void deleteDepartments(List<Long> departmentIds) {}
    }
}
