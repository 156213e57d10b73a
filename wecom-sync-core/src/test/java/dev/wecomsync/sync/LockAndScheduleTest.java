package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockAndScheduleTest {

    private final FakeOrg org = FakeOrg.generate(5, 20);

    @Test
    void twoFullSyncsNeverOverlap() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingTarget target = new RecordingTarget() {
            @Override
            public void onSyncStarted(SyncRun run) {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SyncLock shared = SyncLock.inProcess();
        WeComSync first = WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target)
                .lock(shared).build();
        WeComSync second = WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null)
                .target(new RecordingTarget()).lock(shared).build();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<SyncReport> running = executor.submit(first::fullSync);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(first::fullSync).isInstanceOf(SyncInProgressException.class);
            assertThatThrownBy(second::fullSync).isInstanceOf(SyncInProgressException.class);

            release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(second.fullSync().users().created()).isEqualTo(20);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void scheduleRunsFullSyncsUntilCancelled() throws Exception {
        CountDownLatch twoRuns = new CountDownLatch(2);
        RecordingTarget target = new RecordingTarget() {
            @Override
            public void onSyncFinished(SyncReport report) {
                super.onSyncFinished(report);
                twoRuns.countDown();
            }
        };
        WeComSync sync = WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target).build();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledSync scheduled = sync.schedule(executor, Duration.ofMillis(1));

            assertThat(twoRuns.await(10, TimeUnit.SECONDS)).isTrue();
            scheduled.cancel();

            assertThat(scheduled.isCancelled()).isTrue();
            assertThat(scheduled.lastFailure()).isEmpty();
            assertThat(target.users).hasSize(20);
        } finally {
            executor.shutdownNow();
        }
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void builderNamesWhatIsMissing() {
        assertThatThrownBy(() -> WeComSync.builder().target(new RecordingTarget()).build())
                .hasMessage("client == null");
        assertThatThrownBy(() -> WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).build())
                .hasMessage("target == null");
        assertThatThrownBy(() -> WeComSync.builder().batchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> DeletionGuard.maxFraction(1.5)).hasMessageContaining("fraction");
    }

    @Test
    void aTargetThatIsAlsoAStateStoreKeepsTheState() {
        class StatefulTarget extends RecordingTarget implements SyncStateStore {
            final InMemorySyncStateStore state = new InMemorySyncStateStore();

            @Override
            public java.util.Map<String, Fingerprint> read(EntityKind kind) {
                return state.read(kind);
            }

            @Override
            public void put(EntityKind kind, java.util.Map<String, Fingerprint> fingerprints) {
                state.put(kind, fingerprints);
            }

            @Override
            public void remove(EntityKind kind, java.util.Collection<String> ids) {
                state.remove(kind, ids);
            }
        }
        StatefulTarget target = new StatefulTarget();

        WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target).build().fullSync();

        assertThat(target.state.size(EntityKind.USER)).isEqualTo(20);
        assertThat(target.state.size(EntityKind.DEPARTMENT)).isEqualTo(5);
    }

    @Test
    void defaultGuardAllowsUpToTwentyPercent() {
        assertThat(DeletionGuard.DEFAULT.allows(EntityKind.USER, 20, 100)).isTrue();
        assertThat(DeletionGuard.DEFAULT.allows(EntityKind.USER, 21, 100)).isFalse();
        assertThat(DeletionGuard.DEFAULT.allows(EntityKind.DEPARTMENT, 0, 0)).isTrue();
    }
}
