package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncPhase;
import dev.wecomsync.sync.SyncPlan;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full sync: read departments, write the changed ones parent-first; read users, write the
 * changed ones; then delete what is gone, users first, departments children-first — only when
 * every read succeeded and the deletion guard agrees.
 */
final class FullSyncRun {

    private static final Logger log = LoggerFactory.getLogger(FullSyncRun.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final EngineConfig config;
    private final Lock writeLock;
    private final EventMarks marks;
    private final boolean dryRun;

    FullSyncRun(EngineConfig config, Lock writeLock, EventMarks marks, boolean dryRun) {
        this.config = config;
        this.writeLock = writeLock;
        this.marks = marks;
        this.dryRun = dryRun;
    }

    SyncReport run() {
        Instant start = config.clock().instant();
        SyncRun run = new SyncRun(UUID.randomUUID().toString(), start, dryRun);
        ApiCalls calls = new ApiCalls();
        Directory app = new CountingDirectory(config.app(), calls);
        Directory contactSync = config.contactSync() == null ? null : new CountingDirectory(config.contactSync(), calls);
        Tally users = new Tally();
        Tally departments = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), daemonThreads());
        RunContext ctx = new RunContext(app, contactSync, pool, config.concurrency(), config.listener());
        SyncPlan plan = SyncPlan.NONE;
        String withheld = null;
        log.info("full sync {} started{}", run.id(), dryRun ? " (dry run)" : "");
        marks.fullSyncStarted();
        try {
            if (!dryRun) {
                config.target().onSyncStarted(run);
            }
            StateSnapshot state = StateSnapshot.read(config.store());
            TargetWriter writer = new TargetWriter(config.target(), config.store(), config.batchSize(), dryRun,
                    writeLock, users, departments, ctx.failures);
            DepartmentPhase.Read read = new DepartmentPhase(ctx).read();
            if (read != null) {
                writeDepartments(ctx, read.departments(), state, writer);
                UserPhase userPhase = new UserPhase(ctx, user -> {
                    String id = User.normalizeUserId(user.userId());
                    if (!marks.userTouched(id)) {
                        writer.user(user, Fingerprints.user(user), state.users.get(id));
                    }
                });
                userPhase.read(read);
                writer.flushUsers();
                plan = read.listedWith() != null && userPhase.perDepartmentOnly()
                        ? SyncPlan.LIST_PER_DEPARTMENT : SyncPlan.IDS_THEN_DETAILS;
                withheld = delete(ctx, state, read.departments(), userPhase.live(), writer, users, departments);
            } else {
                withheld = "no deletions: the departments could not be read";
            }
        } finally {
            pool.shutdownNow();
            marks.fullSyncFinished();
        }
        ctx.countReadFailures(users, departments);
        ctx.logFailures();
        SyncReport report = new SyncReport(run.id(), start, Duration.between(start, config.clock().instant()), dryRun,
                plan, ctx.planNotes.isEmpty() ? "nothing could be read" : String.join("; ", ctx.planNotes),
                departments.toCounts(), users.toCounts(), ctx.failures, Optional.ofNullable(withheld), calls.snapshot());
        log.info("full sync {} finished: plan {}, {} write(s), {} failure(s)", run.id(), plan, report.writes(),
                report.failures().size());
        if (!dryRun) {
            try {
                config.target().onSyncFinished(report);
            } catch (RuntimeException e) {
                log.warn("SyncTarget.onSyncFinished threw: {}", e.toString());
            }
        }
        return report;
    }

    private void writeDepartments(RunContext ctx, List<Department> ordered, StateSnapshot state, TargetWriter writer) {
        int done = 0;
        for (Department d : ordered) {
            if (!marks.departmentTouched(d.id())) {
                writer.department(d, Fingerprints.department(d), state.departments.get(d.id()));
            }
            if (++done % config.batchSize() == 0) {
                ctx.progress(SyncPhase.DEPARTMENTS, done, ordered.size());
            }
        }
        writer.flushDepartments();
        ctx.progress(SyncPhase.DEPARTMENTS, ordered.size(), ordered.size());
    }

    /** Deletes what is gone from WeCom; returns why deletions were held back, or null. */
    private String delete(RunContext ctx, StateSnapshot state, List<Department> read, Set<String> liveUsers,
            TargetWriter writer, Tally users, Tally departments) {
        if (!ctx.readsComplete()) {
            return "no deletions: " + ctx.readFailures() + " read(s) failed in this run, so what is missing "
                    + "may only be unread";
        }
        List<String> goneUsers = new ArrayList<>();
        state.users.forEach((id, entry) -> {
            if (!liveUsers.contains(id) && !marks.userTouched(id)) {
                goneUsers.add(entry.storedId());
            }
        });
        Set<Long> liveDepartments = new HashSet<>();
        read.forEach(d -> liveDepartments.add(d.id()));
        Map<Long, String> goneDepartments = new HashMap<>();
        state.departments.forEach((id, fp) -> {
            if (!liveDepartments.contains(id) && !marks.departmentTouched(id)) {
                goneDepartments.put(id, fp);
            }
        });
        List<String> why = new ArrayList<>();
        if (!goneUsers.isEmpty() && !config.guard().allows(EntityKind.USER, goneUsers.size(), state.users.size())) {
            users.heldBack = goneUsers.size();
            why.add(heldBack(goneUsers.size(), state.users.size(), "users"));
            goneUsers.clear();
        }
        if (!goneDepartments.isEmpty()
                && !config.guard().allows(EntityKind.DEPARTMENT, goneDepartments.size(), state.departments.size())) {
            departments.heldBack = goneDepartments.size();
            why.add(heldBack(goneDepartments.size(), state.departments.size(), "departments"));
            goneDepartments.clear();
        }
        int total = goneUsers.size() + goneDepartments.size();
        if (total > 0) {
            int[] done = {0};
            ctx.progress(SyncPhase.DELETIONS, 0, total);
            goneUsers.sort(Comparator.naturalOrder());
            writer.deleteUsers(goneUsers, () -> ctx.progress(SyncPhase.DELETIONS,
                    done[0] = Math.min(total, done[0] + config.batchSize()), total));
            done[0] = goneUsers.size();
            writer.deleteDepartments(childrenFirst(goneDepartments), () -> ctx.progress(SyncPhase.DELETIONS,
                    done[0] = Math.min(total, done[0] + config.batchSize()), total));
        }
        if (why.isEmpty()) {
            return null;
        }
        String message = String.join("; ", why) + ": held back by the deletion guard; allow them with "
                + "WeComSync.Builder.allowMassDeletion() or a wider deletionGuard(...)";
        log.warn("full sync: {}", message);
        return message;
    }

    private static String heldBack(int gone, int known, String what) {
        return gone + " of " + known + " " + what + " (" + (known == 0 ? 100 : Math.round(100.0 * gone / known)) + "%) are gone";
    }

    /** Deepest first, by the parent ids recorded in the fingerprints. */
    static List<Long> childrenFirst(Map<Long, String> gone) {
        Map<Long, Integer> depth = new HashMap<>();
        for (Long id : gone.keySet()) {
            int d = 0;
            long parent = Fingerprints.parentOf(gone.get(id));
            Set<Long> path = new HashSet<>(Set.of(id));
            while (gone.containsKey(parent) && path.add(parent)) {
                d++;
                parent = Fingerprints.parentOf(gone.get(parent));
            }
            depth.put(id, d);
        }
        List<Long> ids = new ArrayList<>(gone.keySet());
        ids.sort(Comparator.<Long>comparingInt(depth::get).reversed().thenComparing(Comparator.naturalOrder()));
        return ids;
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wecom-sync-" + pool + "-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
