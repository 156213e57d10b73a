package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncPlan;
import dev.wecomsync.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one run (a full sync, or one record synced on demand) records: counts, failures,
 * plan notes and the change log, and the report built from them. The readers and the
 * {@link Writer} tell it what happened; nothing else counts. Used from one thread.
 */
final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    /** Counts for one kind of record. */
    private static final class Tally {
        int created;
        int updated;
        int unchanged;
        int renamed;
        int deleted;
        int heldBack;
        int failed;

        SyncReport.Counts toCounts() {
            return new SyncReport.Counts(created, updated, unchanged, renamed, deleted, heldBack, failed);
        }
    }

    private final int changeLimit;
    private final Map<EntityKind, Tally> tallies = new EnumMap<>(EntityKind.class);
    private final List<SyncReport.Failure> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<RecordChange> changes = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private boolean truncated;
    private int readFailures;
    private int recordsUnchanged;
    private int recordsSent;
    private int recordsRefused;
    private int confirmationReads;
    private int skipped;
    private boolean quarantined;
    private RuntimeException firstWriteError;

    Recorder(int changeLimit) {
        this.changeLimit = changeLimit;
        for (EntityKind kind : EntityKind.values()) {
            tallies.put(kind, new Tally());
        }
    }

    // ------------------------------------------------------------------ the plan

    /** Adds a note on how the organisation was read (which API, which secret, what it answered). */
    void note(String planNote) {
        notes.add(planNote);
    }

    // ------------------------------------------------------------------ reads

    /** Records a failed read; any failed read blocks every deletion and rename detection of this run. */
    void readFailure(EntityKind kind, List<String> ids, String api, String prefix, RuntimeException e) {
        readFailures++;
        String reason = prefix + ReadError.reason(e);
        log.debug("{} failed for {} {}: {}", api, kind.name().toLowerCase(Locale.ROOT),
                ids.isEmpty() ? "(all)" : ids.size() == 1 ? ids.get(0) : ids.size() + " ids", reason);
        failures.add(new SyncReport.Failure(kind, ids, api, reason));
        tallies.get(kind).failed += ids.size();
        ids.forEach(id -> log(RecordChange.of(kind, id, RecordChange.Type.FAILED)));
    }

    boolean readsComplete() {
        return readFailures == 0;
    }

    int readFailures() {
        return readFailures;
    }

    // ------------------------------------------------------------------ comparisons and writes

    void unchanged(EntityKind kind) {
        tallies.get(kind).unchanged++;
        recordsUnchanged++;
    }

    /** A change the target accepted (or, in a dry run, would have been sent). */
    void accepted(RecordChange change) {
        Tally t = tallies.get(change.kind());
        switch (change.type()) {
            case CREATED -> t.created++;
            case UPDATED -> t.updated++;
            case RENAMED -> t.renamed++;
            case DELETED -> t.deleted++;
            default -> throw new IllegalArgumentException("not an accepted change: " + change.type());
        }
        recordsSent++;
        log(change);
    }

    /** A deletion not made this run (guard, delay, confirmation limit, quarantine), and why. */
    void heldBack(EntityKind kind, String id, String reason) {
        tallies.get(kind).heldBack++;
        log(RecordChange.notDeleted(kind, id, RecordChange.Type.HELD_BACK, reason));
    }

    /** A deletion the confirmation read did not confirm; counted as held back. */
    void unconfirmed(EntityKind kind, String id, String reason) {
        tallies.get(kind).heldBack++;
        log(RecordChange.notDeleted(kind, id, RecordChange.Type.UNCONFIRMED, reason));
    }

    /** A record a full sync did not write because someone else wrote it meanwhile (see {@link RunGuard}). */
    void skipped(RecordChange change, String reason) {
        skipped++;
        log(new RecordChange(change.kind(), change.id(), RecordChange.Type.SKIPPED, change.previousId(),
                change.changedFields(), change.user(), change.department(), Optional.of(reason)));
    }

    /**
     * The run lost its sync lock before writing {@code ids}: one failure for the run, those
     * records failed, and a notice.
     */
    void lockLost(EntityKind kind, List<String> ids, String reason) {
        failures.add(new SyncReport.Failure(kind, ids, RunGuard.LOCK_OPERATION, reason));
        tallies.get(kind).failed += ids.size();
        ids.forEach(id -> log(RecordChange.of(kind, id, RecordChange.Type.FAILED)));
        notices.add(reason);
    }

    /** One direct read made to confirm a deletion. */
    void confirmationRead() {
        confirmationReads++;
    }

    /** A line for {@link SyncReport#notices()}. */
    void notice(String line) {
        notices.add(line);
    }

    void quarantined() {
        quarantined = true;
    }

    /**
     * The larger of the failed share of WeCom reads ({@code readCalls} calls made) and the share of
     * records read (unchanged, sent or refused) that the target refused; 0 when nothing was.
     */
    double failureRatio(long readCalls) {
        double reads = readCalls == 0 ? 0 : (double) readFailures / readCalls;
        int sent = recordsUnchanged + recordsSent + recordsRefused;
        double writes = sent == 0 ? 0 : (double) recordsRefused / sent;
        return Math.max(reads, writes);
    }

    /** A target call that threw: each change it carried failed, and the state did not advance. */
    void refused(EntityKind kind, List<RecordChange> attempted, String operation, RuntimeException e) {
        log.warn("{} failed for {} record(s): {}", operation, attempted.size(), e.toString());
        failures.add(new SyncReport.Failure(kind, attempted.stream().map(RecordChange::id).toList(), operation,
                ReadError.reason(e)));
        tallies.get(kind).failed += attempted.size();
        recordsRefused += attempted.size();
        for (RecordChange c : attempted) {
            log(new RecordChange(c.kind(), c.id(), RecordChange.Type.FAILED, c.previousId(), c.changedFields(), c.user(),
                    c.department()));
        }
        writeError(e);
    }

    /** The target accepted a call but the state store failed to record it: the next run redelivers. */
    void stateFailure(EntityKind kind, List<String> ids, RuntimeException e) {
        log.warn("state store failed for {} record(s): {}", ids.size(), e.toString());
        failures.add(new SyncReport.Failure(kind, ids, "SyncStateStore", ReadError.reason(e)));
        writeError(e);
    }

    /** The first exception a target or state store call threw; empty when none did. */
    Optional<RuntimeException> firstWriteError() {
        return Optional.ofNullable(firstWriteError);
    }

    private void writeError(RuntimeException e) {
        if (firstWriteError == null) {
            firstWriteError = e;
        }
    }

    private void log(RecordChange change) {
        if (changes.size() < changeLimit) {
            changes.add(change);
        } else {
            truncated = true;
        }
    }

    List<RecordChange> changes() {
        return changes;
    }

    // ------------------------------------------------------------------ the report

    SyncReport report(String runId, Instant startedAt, Duration duration, boolean dryRun, SyncPlan plan,
            Optional<String> deletionsWithheld, Map<String, Long> apiCalls) {
        logFailures();
        List<String> lines = new ArrayList<>(notices);
        if (skipped > 0) {
            lines.add(skipped + " record(s) not written: another writer (an event, perhaps on another instance) "
                    + "changed them after this run read the state store, so the newer write stands");
        }
        return new SyncReport(runId, startedAt, duration, dryRun, plan,
                notes.isEmpty() ? "nothing could be read" : String.join("; ", notes),
                tallies.get(EntityKind.DEPARTMENT).toCounts(), tallies.get(EntityKind.USER).toCounts(), failures,
                deletionsWithheld, apiCalls, changes, truncated, quarantined, confirmationReads, lines);
    }

    /** Logs one line per failed API or target call: how many failures, and the first. */
    private void logFailures() {
        Map<String, List<SyncReport.Failure>> byOperation = new TreeMap<>();
        failures.forEach(f -> byOperation.computeIfAbsent(f.operation(), k -> new ArrayList<>()).add(f));
        byOperation.forEach((operation, list) -> log.warn("{} failed {} time(s); first: {}", operation, list.size(),
                list.get(0)));
    }
}
