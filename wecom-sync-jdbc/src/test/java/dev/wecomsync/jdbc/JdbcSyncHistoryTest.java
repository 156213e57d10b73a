package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncHistory.Outcome;
import dev.wecomsync.sync.SyncHistory.Run;
import dev.wecomsync.sync.SyncPlan;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@OnEveryDatabase
class JdbcSyncHistoryTest extends DatabaseTest {

    /** A report started at {@code start} with {@code changes} deletions and {@code failures} failures. */
    static SyncReport report(Instant start, int changes, int failures) {
        List<RecordChange> log = IntStream.range(0, changes)
                .mapToObj(i -> RecordChange.of(EntityKind.USER, "user" + i, RecordChange.Type.DELETED)).toList();
        List<SyncReport.Failure> failed = IntStream.range(0, failures)
                .mapToObj(i -> new SyncReport.Failure(EntityKind.USER, List.of("a" + i, "b" + i), "upsertUsers",
                        "refused " + i)).toList();
        return new SyncReport(UUID.randomUUID().toString(), start, Duration.ofMillis(1_500), false,
                SyncPlan.LIST_PER_DEPARTMENT, "department/list with the app secret", SyncReport.Counts.ZERO,
                new SyncReport.Counts(0, 0, 10, 0, changes, 0, failures), failed, Optional.empty(), Map.of(), log,
                false);
    }

    static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2)).rateLimitDelay(Duration.ofMillis(2)).totalBudget(Duration.ofSeconds(10))
            .build();

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T02:00:00Z"));
    final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(40, 5, 3)).seed(3).build();
    final MirrorTarget target = new MirrorTarget();

    JdbcSyncHistoryTest(Databases database) {
        super(database);
        sim.addAppSecret("app");
    }

    @AfterEach
    void closeSimulator() {
        sim.close();
    }

    JdbcSyncHistory.Builder history() {
        return JdbcSyncHistory.builder().dataSource(dataSource).tablePrefix(prefix).clock(clock);
    }

    WeComSync sync(JdbcSyncHistory history, UnaryOperator<WeComSync.Builder> settings) {
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl())
                .retryPolicy(FAST).build();
        return settings.apply(WeComSync.builder().client(client).target(target).clock(clock).history(history))
                .build();
    }

    long rows(String table) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + prefix + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void threeRunsAreReadBackNewestFirstWithTheirChangesAndFailures() {
        JdbcSyncHistory history = history().build();
        WeComSync sync = sync(history, b -> b.quarantineRatio(1.0));
        SyncReport first = sync.fullSync();

        SimUser moved = sim.org().users().get(0);
        sim.org().updateUser(moved.userId(), u -> u.withPosition("新职位"));
        target.refuseUpserts = true;
        clock.advance(Duration.ofHours(1));
        SyncReport failed = sync.fullSync();

        target.refuseUpserts = false;
        String gone = sim.org().users().get(1).userId();
        sim.org().deleteUser(gone);
        clock.advance(Duration.ofHours(1));
        SyncReport third = sync.fullSync();

        List<Run> runs = history.recentRuns(10);
        assertThat(runs).extracting(Run::id).containsExactly(third.runId(), failed.runId(), first.runId());
        assertThat(runs).extracting(Run::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.FAILED,
                Outcome.SUCCEEDED);
        assertThat(history.recentRuns(2)).extracting(Run::id).containsExactly(third.runId(), failed.runId());

        Run failedRun = history.run(failed.runId()).orElseThrow();
        assertThat(failedRun).isEqualTo(Run.of(failed, 10_000));
        assertThat(failedRun.failures()).isNotEmpty().isEqualTo(failed.failures());
        assertThat(failedRun.users().failed()).isEqualTo(1);
        assertThat(failedRun.startedAt()).isEqualTo(Instant.parse("2026-03-02T03:00:00Z"));
        assertThat(runs.get(2)).isEqualTo(Run.of(first, 10_000));

        List<RecordChange> created = history.changes(first.runId());
        assertThat(created).hasSize(45).allMatch(c -> c.type() == RecordChange.Type.CREATED)
                .allMatch(c -> c.user().isEmpty() && c.department().isEmpty());
        assertThat(history.changes(failed.runId())).map(RecordChange::toString)
                .containsExactly("FAILED user " + moved.userId() + " [position]");
        assertThat(history.changes(third.runId())).map(RecordChange::toString)
                .isEqualTo(third.changes().stream().map(RecordChange::toString).toList())
                .contains("UPDATED user " + moved.userId() + " [position]", "DELETED user " + gone);
        assertThat(history.toString()).doesNotContain("新职位");
    }

    @Test
    void theChangesOfARunAreBoundedAndTheRunSaysHowManyWereLeftOut() throws Exception {
        JdbcSyncHistory history = history().maxChangesPerRun(1_100).build();
        SyncReport big = report(clock.instant(), 1_234, 3);

        history.record(big);

        Run run = history.run(big.runId()).orElseThrow();
        assertThat(run.changesKept()).isEqualTo(1_100);
        assertThat(run.changesLeftOut()).isEqualTo(134);
        assertThat(run.changesTruncated()).isTrue();
        assertThat(run.users().deleted()).isEqualTo(1_234);
        assertThat(run.failures()).isEqualTo(big.failures());
        assertThat(run.duration()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(history.changes(big.runId())).map(RecordChange::id)
                .isEqualTo(IntStream.range(0, 1_100).mapToObj(i -> "user" + i).toList());
        assertThat(rows("run_change")).isEqualTo(1_100);

        SyncReport none = report(clock.instant(), 5, 0);
        JdbcSyncHistory countsOnly = history().maxChangesPerRun(0).build();
        countsOnly.record(none);
        assertThat(countsOnly.changes(none.runId())).isEmpty();
        assertThat(countsOnly.run(none.runId()).orElseThrow().changesLeftOut()).isEqualTo(5);
    }

    @Test
    void retentionDeletesOldRunsWithTheirChangesAndFailures() throws Exception {
        JdbcSyncHistory history = history().keepRuns(3).keepFor(Duration.ofDays(10)).build();
        JdbcSyncHistory other = history().scope("corp-b").keepRuns(3).build();
        SyncReport elsewhere = report(clock.instant(), 2, 1);
        other.record(elsewhere);
        List<SyncReport> reports = IntStream.range(0, 5)
                .mapToObj(day -> report(clock.instant().plus(Duration.ofDays(day)), 2, 1)).toList();
        reports.forEach(history::record);

        assertThat(history.recentRuns(10)).extracting(Run::id)
                .containsExactly(reports.get(4).runId(), reports.get(3).runId(), reports.get(2).runId());
        assertThat(history.run(reports.get(0).runId())).isEmpty();
        assertThat(history.changes(reports.get(0).runId())).isEmpty();
        assertThat(rows("run")).isEqualTo(3 + 1);
        assertThat(rows("run_change")).isEqualTo((3 + 1) * 2);
        assertThat(rows("run_failure")).isEqualTo(3 + 1);

        clock.advance(Duration.ofDays(14)); // day 14: days 2 and 3 are older than 10 days, day 4 is not
        SyncReport today = report(clock.instant(), 2, 0);
        history.record(today);

        assertThat(history.recentRuns(10)).extracting(Run::id).containsExactly(today.runId(), reports.get(4).runId());
        assertThat(rows("run_change")).isEqualTo((2 + 1) * 2);
        assertThat(rows("run_failure")).isEqualTo(1 + 1);
        assertThat(other.recentRuns(10)).extracting(Run::id).containsExactly(elsewhere.runId());
        assertThat(history.run(elsewhere.runId())).isEmpty();
        assertThat(history.changes(elsewhere.runId())).isEmpty();
    }

    @Test
    void recordingTheSameReportTwiceKeepsOneRun() throws Exception {
        JdbcSyncHistory history = history().build();
        SyncReport report = report(clock.instant(), 3, 1);

        history.record(report);
        history.record(report);

        assertThat(history.recentRuns(10)).hasSize(1);
        assertThat(rows("run_change")).isEqualTo(3);
        assertThat(rows("run_failure")).isEqualTo(1);
    }

    @Test
    void longTextsAreCutToTheirColumnsAndTheRunIsStillRecorded() {
        JdbcSyncHistory history = history().build();
        String longId = "u".repeat(300);
        List<String> manyIds = IntStream.range(0, 20_000).mapToObj(i -> "用户" + i).toList();
        SyncReport report = new SyncReport(UUID.randomUUID().toString(), clock.instant(), Duration.ZERO, false,
                SyncPlan.NONE, "原因".repeat(8_000), SyncReport.Counts.ZERO, SyncReport.Counts.ZERO,
                List.of(new SyncReport.Failure(EntityKind.USER, manyIds, "upsertUsers", "x".repeat(5_000))),
                Optional.of("w".repeat(20_000)), Map.of(),
                List.of(RecordChange.notDeleted(EntityKind.USER, longId, RecordChange.Type.HELD_BACK,
                        "理由".repeat(1_000))), false);

        history.record(report);

        Run run = history.run(report.runId()).orElseThrow();
        assertThat(run.planReason()).hasSize(10_000);
        assertThat(run.deletionsWithheld()).hasValueSatisfying(w -> assertThat(w).hasSize(10_000));
        assertThat(run.failures().get(0).reason()).hasSize(1_000);
        assertThat(run.failures().get(0).ids()).isNotEmpty().isEqualTo(manyIds.subList(0, run.failures().get(0)
                .ids().size()));
        RecordChange change = history.changes(report.runId()).get(0);
        assertThat(change.id()).isEqualTo("u".repeat(255));
        assertThat(change.reason()).hasValueSatisfying(r -> assertThat(r).hasSize(1_000));
    }

    @Test
    void aFailingHistoryDoesNotFailTheSync() {
        JdbcSyncHistory missingTables = JdbcSyncHistory.builder().dataSource(dataSource)
                .tablePrefix("wst_missing_").build();

        SyncReport report = sync(missingTables, b -> b).fullSync();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.users().created()).isEqualTo(40);
        assertThat(target.users).hasSize(40);
        assertThatThrownBy(() -> missingTables.recentRuns(5)).isInstanceOf(JdbcStoreException.class)
                .hasMessageContaining("JdbcSyncHistory: read the last 5 runs from wst_missing_run failed");
    }
}
