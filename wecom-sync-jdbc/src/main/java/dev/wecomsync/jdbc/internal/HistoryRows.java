package dev.wecomsync.jdbc.internal;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncHistory.Outcome;
import dev.wecomsync.sync.SyncHistory.Run;
import dev.wecomsync.sync.SyncPlan;
import dev.wecomsync.sync.SyncReport.Counts;
import dev.wecomsync.sync.SyncReport.Failure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL behind {@code JdbcSyncHistory}: a run's row in {@code <prefix>run}, its failures in
 * {@code <prefix>run_failure} and its changes in {@code <prefix>run_change}, written with
 * multi-row {@code INSERT}s of {@value #ROWS_PER_INSERT} rows sent as one JDBC batch, read back
 * newest first, and deleted together by the retention. Every method works on the caller's
 * connection, so that a run and the retention it triggers are one transaction.
 */
public final class HistoryRows {

    /** Rows per multi-row {@code INSERT}. */
    public static final int ROWS_PER_INSERT = 500;
    /** The most characters kept of a reason or a list of field names (the columns' size). */
    public static final int MAX_SHORT_TEXT = 1000;
    /** The most characters kept of the plan reason, the notices and the withheld-deletions line. */
    public static final int MAX_TEXT = 10_000;
    /** The most characters kept of one failure's ids. */
    public static final int MAX_IDS_TEXT = 60_000;
    private static final int MAX_ID = 255;
    private static final int MAX_OPERATION = 128;

    private static final List<String> RUN_COLUMNS = List.of("run_id", "scope", "started_at", "finished_at", "outcome",
            "dry_run", "plan", "plan_reason", "departments_created", "departments_updated", "departments_unchanged",
            "departments_renamed", "departments_deleted", "departments_held_back", "departments_failed",
            "users_created", "users_updated", "users_unchanged", "users_renamed", "users_deleted", "users_held_back",
            "users_failed", "deletions_withheld", "notices", "changes_kept", "changes_left_out", "changes_truncated",
            "failures_left_out");
    private static final List<String> CHANGE_COLUMNS = List.of("run_id", "seq", "kind", "change_type", "entity_id",
            "previous_id", "changed_fields", "reason");
    private static final List<String> FAILURE_COLUMNS = List.of("run_id", "seq", "kind", "operation", "reason", "ids");

    private static final Logger log = LoggerFactory.getLogger(HistoryRows.class);

    private final String runs;
    private final String changes;
    private final String failures;
    private final String scope;

    public HistoryRows(String tablePrefix, String scope) {
        this.runs = tablePrefix + "run";
        this.changes = tablePrefix + "run_change";
        this.failures = tablePrefix + "run_failure";
        this.scope = scope;
    }

    public String runTable() {
        return runs;
    }

    /** Inserts the run, its failures and its changes; false (and nothing written) when the run id is there already. */
    public boolean insert(Connection c, Run run, List<Failure> runFailures, List<RecordChange> runChanges)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + runs + " WHERE run_id = ?")) {
            s.setString(1, run.id());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return false;
                }
            }
        }
        insertRows(c, runs, RUN_COLUMNS, List.of(run), (s, p, i, row) -> bindRun(s, p, row));
        insertRows(c, failures, FAILURE_COLUMNS, runFailures, (s, p, i, f) -> {
            s.setString(p, run.id());
            s.setInt(p + 1, i);
            s.setString(p + 2, f.kind().name());
            s.setString(p + 3, cut(f.operation(), MAX_OPERATION));
            s.setString(p + 4, cut(f.reason(), MAX_SHORT_TEXT));
            s.setString(p + 5, joinCut(f.ids(), "\n", MAX_IDS_TEXT));
        });
        insertRows(c, changes, CHANGE_COLUMNS, runChanges, (s, p, i, ch) -> {
            s.setString(p, run.id());
            s.setInt(p + 1, i);
            s.setString(p + 2, ch.kind().name());
            s.setString(p + 3, ch.type().name());
            s.setString(p + 4, cut(ch.id(), MAX_ID));
            setNullable(s, p + 5, ch.previousId().map(id -> cut(id, MAX_ID)));
            s.setString(p + 6, joinCut(ch.changedFields(), ",", MAX_SHORT_TEXT));
            setNullable(s, p + 7, ch.reason().map(why -> cut(why, MAX_SHORT_TEXT)));
        });
        return true;
    }

    private void bindRun(PreparedStatement s, int p, Run run) throws SQLException {
        s.setString(p, run.id());
        s.setString(p + 1, scope);
        s.setLong(p + 2, run.startedAt().toEpochMilli());
        s.setLong(p + 3, run.finishedAt().toEpochMilli());
        s.setString(p + 4, run.outcome().name());
        s.setInt(p + 5, run.dryRun() ? 1 : 0);
        s.setString(p + 6, run.plan().name());
        s.setString(p + 7, cut(run.planReason(), MAX_TEXT));
        int next = p + 8;
        for (Counts counts : List.of(run.departments(), run.users())) {
            for (int value : new int[] {counts.created(), counts.updated(), counts.unchanged(), counts.renamed(),
                    counts.deleted(), counts.heldBack(), counts.failed()}) {
                s.setInt(next++, value);
            }
        }
        setNullable(s, next, run.deletionsWithheld().map(why -> cut(why, MAX_TEXT)));
        setNullable(s, next + 1, run.notices().isEmpty() ? Optional.empty()
                : Optional.of(joinCut(run.notices(), "\n", MAX_TEXT)));
        s.setInt(next + 2, run.changesKept());
        s.setInt(next + 3, run.changesLeftOut());
        s.setInt(next + 4, run.changesTruncated() ? 1 : 0);
        s.setInt(next + 5, run.failuresLeftOut());
    }

    /** The ids of this scope's runs beyond the newest {@code keepRuns} or started before {@code cutoffMillis}. */
    public List<String> expired(Connection c, int keepRuns, long cutoffMillis) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT run_id, started_at FROM " + runs
                + " WHERE scope = ? ORDER BY started_at DESC, seq DESC")) {
            s.setString(1, scope);
            try (ResultSet r = s.executeQuery()) {
                for (int i = 0; r.next(); i++) {
                    if (i >= keepRuns || r.getLong(2) < cutoffMillis) {
                        out.add(r.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Deletes these runs with their changes and failures. */
    public void delete(Connection c, List<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return;
        }
        for (String table : List.of(changes, failures, runs)) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                for (String id : runIds) {
                    s.setString(1, id);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    /** The newest {@code limit} runs of this scope, or the one with {@code runId} when it is not null. */
    public List<Run> read(Connection c, String runId, int limit) throws SQLException {
        String sql = "SELECT " + String.join(", ", RUN_COLUMNS) + " FROM " + runs + " WHERE scope = ?"
                + (runId == null ? "" : " AND run_id = ?") + " ORDER BY started_at DESC, seq DESC LIMIT " + limit;
        List<Run> read = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, scope);
            if (runId != null) {
                s.setString(2, runId);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Run run = run(r);
                    if (run != null) {
                        read.add(run);
                    }
                }
            }
        }
        Map<String, List<Failure>> byRun = failures(c, read.stream().map(Run::id).toList());
        return read.stream().map(run -> withFailures(run, byRun.getOrDefault(run.id(), List.of()))).toList();
    }

    private Run run(ResultSet r) throws SQLException {
        String id = r.getString(1);
        try {
            Counts[] counts = new Counts[2];
            for (int k = 0; k < 2; k++) {
                int f = 9 + 7 * k;
                counts[k] = new Counts(r.getInt(f), r.getInt(f + 1), r.getInt(f + 2), r.getInt(f + 3), r.getInt(f + 4),
                        r.getInt(f + 5), r.getInt(f + 6));
            }
            String notices = r.getString(24);
            return new Run(id, Instant.ofEpochMilli(r.getLong(3)), Instant.ofEpochMilli(r.getLong(4)),
                    Outcome.valueOf(r.getString(5)), r.getInt(6) != 0, SyncPlan.valueOf(r.getString(7)),
                    r.getString(8), counts[0], counts[1], List.of(), r.getInt(28), Optional.ofNullable(r.getString(23)),
                    notices == null ? List.of() : Arrays.asList(notices.split("\n")), r.getInt(25), r.getInt(26),
                    r.getInt(27) != 0);
        } catch (IllegalArgumentException e) {
            log.warn("{}: run {} has an unknown outcome or plan; ignoring it", runs, id);
            return null;
        }
    }

    private Map<String, List<Failure>> failures(Connection c, List<String> runIds) throws SQLException {
        Map<String, List<Failure>> out = new HashMap<>();
        for (int from = 0; from < runIds.size(); from += ROWS_PER_INSERT) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + ROWS_PER_INSERT));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("SELECT run_id, kind, operation, reason, ids FROM " + failures
                    + " WHERE run_id IN (" + marks + ") ORDER BY run_id, seq")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String ids = r.getString(5);
                        try {
                            out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Failure(
                                    EntityKind.valueOf(r.getString(2)), ids.isEmpty() ? List.of()
                                    : Arrays.asList(ids.split("\n")), r.getString(3), r.getString(4)));
                        } catch (IllegalArgumentException e) {
                            log.warn("{}: a failure of run {} has an unknown kind; ignoring it", failures,
                                    r.getString(1));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The changes kept for a run of this scope, in their order. */
    public List<RecordChange> changes(Connection c, String runId) throws SQLException {
        List<RecordChange> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT c.kind, c.change_type, c.entity_id, c.previous_id,"
                + " c.changed_fields, c.reason FROM " + changes + " c JOIN " + runs + " r ON r.run_id = c.run_id"
                + " WHERE c.run_id = ? AND r.scope = ? ORDER BY c.seq")) {
            s.setString(1, runId);
            s.setString(2, scope);
            s.setFetchSize(1_000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String fields = r.getString(5);
                    try {
                        out.add(new RecordChange(EntityKind.valueOf(r.getString(1)), r.getString(3),
                                RecordChange.Type.valueOf(r.getString(2)), Optional.ofNullable(r.getString(4)),
                                fields.isEmpty() ? List.of() : Arrays.asList(fields.split(",")), Optional.empty(),
                                Optional.empty(), Optional.ofNullable(r.getString(6))));
                    } catch (IllegalArgumentException e) {
                        log.warn("{}: a change of run {} has an unknown kind or type; ignoring it", changes, runId);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static Run withFailures(Run r, List<Failure> failures) {
        return new Run(r.id(), r.startedAt(), r.finishedAt(), r.outcome(), r.dryRun(), r.plan(), r.planReason(),
                r.departments(), r.users(), failures, r.failuresLeftOut(), r.deletionsWithheld(), r.notices(),
                r.changesKept(), r.changesLeftOut(), r.changesTruncated());
    }

    /** Binds one row's parameters, the first at {@code first}; {@code index} is the row's position. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement s, int first, int index, T row) throws SQLException;
    }

    /** Multi-row inserts of {@value #ROWS_PER_INSERT} rows in one JDBC batch, then one for the rest. */
    private static <T> void insertRows(Connection c, String table, List<String> columns, List<T> rows,
            RowBinder<T> binder) throws SQLException {
        int full = rows.size() / ROWS_PER_INSERT;
        int rest = rows.size() % ROWS_PER_INSERT;
        if (full > 0) {
            try (PreparedStatement s = c.prepareStatement(insertSql(table, columns, ROWS_PER_INSERT))) {
                for (int chunk = 0; chunk < full; chunk++) {
                    bindRows(s, columns.size(), rows, chunk * ROWS_PER_INSERT, ROWS_PER_INSERT, binder);
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (rest > 0) {
            try (PreparedStatement s = c.prepareStatement(insertSql(table, columns, rest))) {
                bindRows(s, columns.size(), rows, full * ROWS_PER_INSERT, rest, binder);
                s.executeUpdate();
            }
        }
    }

    private static <T> void bindRows(PreparedStatement s, int width, List<T> rows, int from, int count,
            RowBinder<T> binder) throws SQLException {
        for (int i = 0; i < count; i++) {
            binder.bind(s, 1 + i * width, from + i, rows.get(from + i));
        }
    }

    private static String insertSql(String table, List<String> columns, int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, row));
    }

    private static void setNullable(PreparedStatement s, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            s.setString(index, value.get());
        } else {
            s.setNull(index, Types.VARCHAR);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** The items joined, as many whole items as fit in {@code max} characters. */
    private static String joinCut(List<String> items, String separator, int max) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            int needed = (out.length() == 0 ? 0 : separator.length()) + item.length();
            if (out.length() + needed > max) {
                break;
            }
            if (out.length() > 0) {
                out.append(separator);
            }
            out.append(item);
        }
        return out.toString();
    }
}
