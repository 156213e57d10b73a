package dev.wecomsync.sync.internal;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.PendingDeletion.Reason;
import dev.wecomsync.sync.SyncPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for the records a full sync found missing, which are deleted now, in this order:
 * quarantine and failed reads stop everything; a record missing for less than the delay waits;
 * the guard holds back too many at once unless approved; a direct read confirms the rest (at most
 * {@code confirmationLimit} reads); only "does not exist" or "outside the configured scope" is
 * deleted. What waits is stored as {@link PendingDeletion}s, what came back is forgotten.
 */
final class DeletionRules {

    private static final Logger log = LoggerFactory.getLogger(DeletionRules.class);

    private final EngineConfig config;
    private final Recorder recorder;
    private final Writer writer;
    private final boolean dryRun;
    private final Instant now;
    private final Map<String, PendingDeletion> keep = new LinkedHashMap<>();
    private final List<String> why = new ArrayList<>();

    DeletionRules(EngineConfig config, Recorder recorder, Writer writer, boolean dryRun, Instant now) {
        this.config = config;
        this.recorder = recorder;
        this.writer = writer;
        this.dryRun = dryRun;
        this.now = now;
    }

    /**
     * Applies the rules to what {@code gone} found; returns why deletions were held back or skipped,
     * or null when every due deletion was made.
     *
     * @param readCalls the WeCom calls the run made so far, for the quarantine ratio
     */
    String apply(Deletions gone, Confirmations confirmations, Progress progress, long readCalls) {
        double ratio = recorder.failureRatio(readCalls);
        if (ratio > config.quarantineRatio()) {
            recorder.quarantined();
            String message = "quarantined: " + percent(ratio) + " of reads or writes failed (above "
                    + percent(config.quarantineRatio()) + "), so no deletions were made and the pending deletions "
                    + "were left as they were; the next healthy run proceeds";
            recorder.notice(message);
            Deletions.logHeld(message);
            return message;
        }
        if (!recorder.readsComplete()) {
            return "no deletions: " + recorder.readFailures() + " read(s) failed in this run, so what is missing "
                    + "may only be unread";
        }
        DeletionStateStore state = config.deletions();
        Map<String, PendingDeletion> pending = new HashMap<>();
        state.pendingDeletions().forEach(p -> pending.put(p.key(), p));
        List<Deletions.Candidate> candidates = gone.candidates();
        Set<String> missing = new LinkedHashSet<>();
        candidates.forEach(c -> missing.add(c.key()));
        List<PendingDeletion> back = pending.values().stream().filter(p -> !missing.contains(p.key())).toList();

        Map<EntityKind, List<Deletions.Candidate>> due = new EnumMap<>(EntityKind.class);
        List<Deletions.Candidate> approved = new ArrayList<>();
        for (Deletions.Candidate c : candidates) {
            PendingDeletion prior = pending.get(c.key());
            Instant since = prior == null ? now : prior.since();
            boolean isApproved = prior != null && prior.approved();
            if (isApproved) {
                approved.add(c);
            } else if (Deletions.due(since, config.deletionDelay(), now)) {
                due.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
            } else {
                hold(c, new PendingDeletion(c.kind(), c.id(), since, Reason.DELAY, "missing since " + since
                        + "; deleted after " + since.plus(config.deletionDelay()) + " if still missing", false));
            }
        }
        List<Deletions.Candidate> allowed = new ArrayList<>(approved);
        guard(EntityKind.USER, due.getOrDefault(EntityKind.USER, List.of()), gone.knownUsers, "users", pending, allowed);
        guard(EntityKind.DEPARTMENT, due.getOrDefault(EntityKind.DEPARTMENT, List.of()), gone.knownDepartments,
                "departments", pending, allowed);

        Map<EntityKind, Set<String>> delete = new EnumMap<>(EntityKind.class);
        delete.put(EntityKind.USER, new LinkedHashSet<>());
        delete.put(EntityKind.DEPARTMENT, new LinkedHashSet<>());
        List<Deletions.Candidate> toRead = new ArrayList<>();
        for (Deletions.Candidate c : allowed) {
            if (c.knownOutOfScope()) {
                delete.get(c.kind()).add(c.id());
            } else {
                toRead.add(c);
            }
        }
        Set<String> approvedKeys = new java.util.HashSet<>();
        approved.forEach(c -> approvedKeys.add(c.key()));
        toRead.sort(Comparator.comparing((Deletions.Candidate c) -> !approvedKeys.contains(c.key()))
                .thenComparing(c -> since(pending, c)).thenComparing(Deletions.Candidate::key));
        if (toRead.size() > config.confirmationLimit()) {
            List<Deletions.Candidate> later = toRead.subList(config.confirmationLimit(), toRead.size());
            String detail = "not read yet: more deletions were due than the confirmationLimit of "
                    + config.confirmationLimit() + " reads per run";
            later.forEach(c -> hold(c, pendingOf(pending, c, Reason.CONFIRMATION_LIMIT, detail)));
            recorder.notice(later.size() + " deletion(s) wait for a confirmation read in a later run (confirmationLimit "
                    + config.confirmationLimit() + ")");
            toRead = new ArrayList<>(toRead.subList(0, config.confirmationLimit()));
        }
        List<String> unconfirmed = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        confirmations.confirm(toRead, v -> {
            switch (v.outcome()) {
                case GONE, OUT_OF_SCOPE -> delete.get(v.candidate().kind()).add(v.candidate().id());
                case EXISTS -> {
                    existing.add(v.candidate().key());
                    v.user().ifPresent(u -> writeExisting(gone, v.candidate().id(), u));
                }
                case UNCONFIRMED -> {
                    Deletions.Candidate c = v.candidate();
                    keep.put(c.key(), pendingOf(pending, c, Reason.UNCONFIRMED, v.reason()));
                    recorder.unconfirmed(c.kind(), c.id(), v.reason());
                    unconfirmed.add(c.key());
                }
            }
        });
        writer.flush(EntityKind.USER);
        if (!unconfirmed.isEmpty()) {
            why.add(unconfirmed.size() + " not confirmed by a direct read (outside the visible scope, forbidden, or a "
                    + "failure), so not deleted; first: " + unconfirmed.get(0));
        }
        Set<String> deleted = delete(gone, delete, progress);
        store(state, back, deleted, existing);
        if (why.isEmpty()) {
            return null;
        }
        String message = String.join("; ", why);
        Deletions.logHeld(message);
        return message;
    }

    private void guard(EntityKind kind, List<Deletions.Candidate> due, int known, String what,
            Map<String, PendingDeletion> pending, List<Deletions.Candidate> allowed) {
        if (due.isEmpty()) {
            return;
        }
        if (config.guard().allows(kind, due.size(), known)) {
            allowed.addAll(due);
            return;
        }
        String figures = due.size() + " of " + known + " " + what + " ("
                + (known == 0 ? 100 : Math.round(100.0 * due.size() / known)) + "%) are gone";
        String detail = "held back by the deletion guard: " + figures
                + "; approve with approveDeletions(...) or widen deletionGuard(...)";
        due.forEach(c -> hold(c, pendingOf(pending, c, Reason.GUARD, detail)));
        why.add(figures + ": held back by the deletion guard; approve them with WeComSync.approveDeletions(...) "
                + "(wecom-sync deletions approve), or allow them with WeComSync.Builder.allowMassDeletion() or a "
                + "wider deletionGuard(...)");
    }

    private void hold(Deletions.Candidate c, PendingDeletion entry) {
        keep.put(c.key(), entry);
        recorder.heldBack(c.kind(), c.id(), entry.detail());
    }

    private PendingDeletion pendingOf(Map<String, PendingDeletion> pending, Deletions.Candidate c, Reason reason,
            String detail) {
        PendingDeletion prior = pending.get(c.key());
        return prior != null ? prior.withReason(reason, detail)
                : new PendingDeletion(c.kind(), c.id(), now, reason, detail, false);
    }

    private Instant since(Map<String, PendingDeletion> pending, Deletions.Candidate c) {
        PendingDeletion prior = pending.get(c.key());
        return prior == null ? now : prior.since();
    }

    /** A user the listing missed but {@code user/get} found in scope: written like a listed one. */
    private void writeExisting(Deletions gone, String storedId, User user) {
        StateSnapshot.UserEntry entry = gone.user(storedId);
        writer.write(Change.of(user, entry));
    }

    private Set<String> delete(Deletions gone, Map<EntityKind, Set<String>> delete, Progress progress) {
        List<String> users = new ArrayList<>(delete.get(EntityKind.USER));
        List<Long> departments = gone.orderDepartments(
                new LinkedHashSet<>(delete.get(EntityKind.DEPARTMENT).stream().map(Long::valueOf).toList()));
        int total = users.size() + departments.size();
        Set<String> deleted = new LinkedHashSet<>();
        if (total == 0) {
            return deleted;
        }
        int[] done = {0};
        progress.report(SyncPhase.DELETIONS, 0, total);
        Runnable step = () -> progress.report(SyncPhase.DELETIONS, done[0] = Math.min(total, done[0] + config.batchSize()),
                total);
        writer.deleteUsers(users, step).forEach(id -> deleted.add(PendingDeletion.key(EntityKind.USER, id)));
        done[0] = users.size();
        writer.deleteDepartments(departments, step).forEach(id -> deleted.add(PendingDeletion.key(EntityKind.DEPARTMENT,
                Long.toString(id))));
        return deleted;
    }

    /** Stores what waits and forgets what was deleted, came back, or exists after all. Not in a dry run. */
    private void store(DeletionStateStore state, List<PendingDeletion> back, Set<String> deleted, List<String> existing) {
        if (dryRun) {
            return;
        }
        writer.checkLock();
        Map<EntityKind, List<String>> forget = new EnumMap<>(EntityKind.class);
        back.forEach(p -> forget.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p.id()));
        for (String key : deleted) {
            addKey(forget, key);
        }
        existing.forEach(key -> addKey(forget, key));
        try {
            if (!keep.isEmpty()) {
                state.putPendingDeletions(List.copyOf(keep.values()));
            }
            forget.forEach(state::removePendingDeletions);
        } catch (RuntimeException e) {
            log.warn("could not store the pending deletions: {}", e.toString());
            recorder.notice("the pending deletions could not be stored (" + ReadError.reason(e) + "); the next run "
                    + "finds them again, with their delay counted from then");
        }
    }

    private static void addKey(Map<EntityKind, List<String>> forget, String key) {
        int colon = key.indexOf(':');
        EntityKind kind = EntityKind.valueOf(key.substring(0, colon).toUpperCase(Locale.ROOT));
        forget.computeIfAbsent(kind, k -> new ArrayList<>()).add(key.substring(colon + 1));
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }
}
