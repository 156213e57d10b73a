package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncPhase;
import dev.wecomsync.sync.SyncPlan;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full sync, in a straight line: start from the plan the secrets allow; read the
 * departments; compare each with the state and write the changed ones parent-first; read the
 * users and do the same while reads go on; then delete what is gone (users first, departments
 * children-first) when every read succeeded and the deletion guard agrees. A run that writes
 * does so through a {@link RunGuard}: when it loses its {@link SyncLock} it stops at once.
 */
final class FullSync {

    private static final Logger log = LoggerFactory.getLogger(FullSync.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Engine engine;
    private final EngineConfig config;
    private final boolean dryRun;
    private final SyncLock lock;

    FullSync(Engine engine, boolean dryRun, SyncLock lock) {
        this.engine = engine;
        this.config = engine.config();
        this.dryRun = dryRun;
        this.lock = lock;
    }

    SyncReport run() {
        Instant start = config.clock().instant();
        SyncRun run = new SyncRun(UUID.randomUUID().toString(), start, dryRun);
        ApiCalls calls = new ApiCalls();
        Directory app = new CountingDirectory(config.app(), calls);
        Directory contactSync = config.contactSync() == null ? null : new CountingDirectory(config.contactSync(), calls);
        Recorder recorder = new Recorder(config.changeLimit());
        Progress progress = new Progress(config.listener());
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), daemonThreads());
        ReadContext reads = new ReadContext(app, contactSync, engine.plans(), recorder, pool, config.concurrency(), progress);
        EventMarks marks = engine.marks();
        SyncPlan plan = SyncPlan.NONE;
        String withheld;
        log.info("full sync {} started{}", run.id(), dryRun ? " (dry run)" : "");
        engine.plans().restart();
        marks.fullSyncStarted();
        try {
            if (!dryRun) {
                config.target().onSyncStarted(run);
            }
            StateSnapshot state = StateSnapshot.read(config.store());
            Writer writer = new Writer(config, dryRun, engine.writeLock(), recorder,
                    dryRun ? null : new RunGuard(lock, config.store(), state, recorder));
            Instant structureReadAt = config.clock().instant();
            DepartmentReads.Read departments = new DepartmentReads(reads,
                    refs -> engine.structure().offer(refs, structureReadAt)).read();
            if (departments == null) {
                withheld = "no deletions: the departments could not be read";
            } else {
                ScopedRead scoped = ScopedRead.of(config.scope(), departments);
                noteScopeChange(state, recorder);
                writeDepartments(scoped.read().departments(), state, writer, marks, progress);
                RenameDetection renames = new RenameDetection(config.detectRenames() && !state.users.isEmpty());
                UserReads users = new UserReads(reads, user -> {
                    String id = User.normalizeUserId(user.userId());
                    if (!marks.userTouched(id)) {
                        renames.offer(Change.of(user, state.users.get(id))).forEach(writer::write);
                    }
                }, scoped.inScope());
                users.read(scoped.read());
                Deletions gone = Deletions.find(state, scoped.synced(), users.live(), users.outOfScope(),
                        scoped.outOfScope(), marks);
                renames.resolve(gone, recorder, writer);
                writer.flush(EntityKind.USER);
                plan = engine.plans().current().kind(reads.lister());
                Confirmations confirmations = new Confirmations(reads, new SingleReads(app, contactSync, engine.plans(),
                        engine.structure()), scoped.all(), scoped.inScope(), structureReadAt);
                withheld = new DeletionRules(config, recorder, writer, dryRun, start).apply(gone, confirmations, progress,
                        calls.total());
                if (!dryRun) {
                    writer.checkLock();
                    storeScope();
                }
            }
        } catch (RunGuard.LockLost e) {
            withheld = e.getMessage();
            plan = engine.plans().current().kind(reads.lister());
        } finally {
            pool.shutdownNow();
            marks.fullSyncFinished();
        }
        SyncReport report = recorder.report(run.id(), start, Duration.between(start, config.clock().instant()), dryRun,
                plan, Optional.ofNullable(withheld), calls.snapshot());
        log.info("full sync {} finished: plan {}, {} write(s), {} failure(s)", run.id(), plan, report.writes(),
                report.failures().size());
        if (!dryRun) {
            try {
                config.target().onSyncFinished(report);
            } catch (RuntimeException e) {
                log.warn("SyncTarget.onSyncFinished threw: {}", e.toString());
            }
            record(report);
        }
        return report;
    }

    /** Hands the report to the history, if any; a failure there is logged and leaves the run alone. */
    private void record(SyncReport report) {
        if (config.history() == null) {
            return;
        }
        try {
            config.history().record(report);
        } catch (RuntimeException e) {
            log.warn("SyncHistory.record threw; full sync {} is not in the history: {}", report.runId(), e.toString());
        }
    }

    /** Tells the report when the configured scope differs from the last run's. */
    private void noteScopeChange(StateSnapshot state, Recorder recorder) {
        String now = config.scope().fingerprint();
        Optional<String> last;
        try {
            last = config.deletions().scopeFingerprint();
        } catch (RuntimeException e) {
            log.warn("could not read the last department scope: {}", e.toString());
            return;
        }
        String before = last.orElse(state.users.isEmpty() && state.departments.isEmpty() ? now : "all");
        if (!before.equals(now)) {
            recorder.notice("the department scope changed since the last run: was " + before + ", now " + now
                    + "; records now out of scope are removed by the deletion rules (confirmed, guarded, delayed)");
        }
    }

    private void storeScope() {
        try {
            config.deletions().putScopeFingerprint(config.scope().fingerprint());
        } catch (RuntimeException e) {
            log.warn("could not store the department scope: {}", e.toString());
        }
    }

    private void writeDepartments(List<Department> ordered, StateSnapshot state, Writer writer, EventMarks marks,
            Progress progress) {
        int done = 0;
        for (Department d : ordered) {
            if (!marks.departmentTouched(d.id())) {
                writer.write(Change.of(d, state.departments.get(d.id())));
            }
            if (++done % config.batchSize() == 0) {
                progress.report(SyncPhase.DEPARTMENTS, done, ordered.size());
            }
        }
        writer.flush(EntityKind.DEPARTMENT);
        progress.report(SyncPhase.DEPARTMENTS, ordered.size(), ordered.size());
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
