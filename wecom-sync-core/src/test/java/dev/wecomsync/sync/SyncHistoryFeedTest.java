package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.sync.SyncHistory.Outcome;
import dev.wecomsync.sync.SyncHistory.Run;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link WeComSync.Builder#history}: what the engine hands a {@link SyncHistory}, and when. */
class SyncHistoryFeedTest {

    private final FakeOrg org = FakeOrg.generate(10, 120);
    private final RecordingTarget target = new RecordingTarget();
    private final ListHistory history = new ListHistory();

    private WeComSync sync(SyncHistory history) {
        return WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target)
                .batchSize(10).history(history).build();
    }

    @Test
    void everyFullSyncIsRecordedAfterTheTargetHeardOfItAndDryRunsAreNot() {
        WeComSync sync = sync(history);

        SyncReport first = sync.fullSync();
        SyncReport dry = sync.dryRun();
        org.removeUser("user7");
        SyncReport second = sync.fullSync();

        assertThat(dry.dryRun()).isTrue();
        assertThat(history.reports).containsExactly(first, second);
        assertThat(history.targetHadFinished).containsExactly(true, true);
        assertThat(second.changes()).extracting(RecordChange::id).containsExactly("user7");
    }

    @Test
    void aFailedRunIsRecordedWithItsFailures() {
        target.refuseUser = u -> u.userId().equals("user3"); // one batch of 10 of twelve: not quarantined
        SyncReport report = sync(history).fullSync();

        assertThat(history.reports).containsExactly(report);
        Run run = Run.of(report, 10_000);
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.failures()).isEqualTo(report.failures()).isNotEmpty();
        assertThat(run.users()).isEqualTo(report.users());
        assertThat(run.finishedAt()).isEqualTo(report.startedAt().plus(report.duration()));
    }

    @Test
    void aHistoryThatThrowsDoesNotFailTheSync() {
        SyncHistory broken = new ListHistory() {
            @Override
            public void record(SyncReport report) {
                throw new IllegalStateException("history is down");
            }
        };

        SyncReport report = sync(broken).fullSync();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.users().created()).isEqualTo(120);
        assertThat(target.finished).isSameAs(report);
        assertThat(target.users).hasSize(120);
    }

    @Test
    void aRunKeepsAtMostTheGivenNumberOfChangesAndSaysHowManyItLeftOut() {
        SyncReport report = sync(history).fullSync();

        Run all = Run.of(report, 10_000);
        Run cut = Run.of(report, 100);

        assertThat(all.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(all.changesKept()).isEqualTo(130);
        assertThat(all.changesLeftOut()).isZero();
        assertThat(all.changesTruncated()).isFalse();
        assertThat(cut.changesKept()).isEqualTo(100);
        assertThat(cut.changesLeftOut()).isEqualTo(30);
        assertThat(cut.changesTruncated()).isTrue();
    }

    /** Keeps the reports it is given, and whether the target had been told of each one first. */
    private class ListHistory implements SyncHistory {
        final List<SyncReport> reports = new CopyOnWriteArrayList<>();
        final List<Boolean> targetHadFinished = new CopyOnWriteArrayList<>();

        @Override
        public void record(SyncReport report) {
            targetHadFinished.add(target.finished == report);
            reports.add(report);
        }

        @Override
        public List<Run> recentRuns(int limit) {
            return reports.stream().map(r -> Run.of(r, Integer.MAX_VALUE)).limit(limit).toList();
        }

        @Override
        public Optional<Run> run(String runId) {
            return recentRuns(Integer.MAX_VALUE).stream().filter(r -> r.id().equals(runId)).findFirst();
        }

        @Override
        public List<RecordChange> changes(String runId) {
            return reports.stream().filter(r -> r.runId().equals(runId)).flatMap(r -> r.changes().stream()).toList();
        }
    }
}
