package dev.wecomsync.sync;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.sync.internal.ClientDirectory;
import dev.wecomsync.sync.internal.Directory;
import dev.wecomsync.sync.internal.Engine;
import dev.wecomsync.sync.internal.EngineConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link SyncTarget} in step with a WeCom organisation: full syncs on demand or on a
 * schedule, and single changes from callback events.
 *
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     .client(appClient)                  // required
 *     .contactSyncClient(contactClient)   // optional: Contacts Sync secret (user/list_id, simplelist)
 *     .target(myTarget)                   // required
 *     .build();
 * SyncReport report = sync.fullSync();
 * report.changes().forEach(System.out::println);          // UPDATED user zhangsan [position]
 * EventResult one = sync.syncUser("zhangsan");             // on demand, like an event
 * CallbackHandler handler = CallbackHandler.builder().crypto(crypto).onEvent(sync::apply).build();
 * }</pre>
 *
 * <h2>Plans</h2>
 * A full sync first tries one call per department ({@code department/list}, {@code user/list})
 * with the Contacts Sync secret if configured, else with the app secret. When WeCom answers
 * 48009 or 48002 it switches to {@code department/simplelist} and {@code user/list_id} for
 * structure and ids, and reads names and details with the app secret. The report names the
 * {@link SyncPlan} and why.
 *
 * <h2>Only changes, never by accident</h2>
 * Each record's fingerprint is kept in the {@link SyncStateStore}; unchanged records are not sent,
 * so a second run over an unchanged organisation makes no target call. Members who left (status 5)
 * or were disabled (2) are sent with their status.
 *
 * <h2>Deletions</h2>
 * A record the target has and this run's listing does not is deleted only when all of these hold:
 * <ol>
 *   <li>every read of the run succeeded, and the run is not quarantined (more than
 *       {@link Builder#quarantineRatio quarantineRatio}, default 40%, of its reads or of the records
 *       it sent failed);</li>
 *   <li>it has been missing for {@link Builder#deletionDelay deletionDelay} (default: no delay),
 *       counted from the first run that missed it; a record that comes back meanwhile is never
 *       deleted;</li>
 *   <li>the {@link DeletionGuard} allows that many deletions at once, or a person approved this one
 *       ({@link #approveDeletions}; an approval also skips the delay);</li>
 *   <li>a direct read confirms it: {@code user/get} or {@code department/get}, with whichever secret
 *       may read it, answers "does not exist", or shows the record outside the configured
 *       {@link DepartmentScope}. Out of the visible scope (60011), forbidden, or any other
 *       failure: not deleted, logged as {@link RecordChange.Type#UNCONFIRMED}, tried again next
 *       run.</li>
 * </ol>
 * A run makes at most {@link Builder#confirmationLimit confirmationLimit} confirmation reads
 * (default 10,000), oldest missing first; the rest wait as {@link PendingDeletion.Reason#CONFIRMATION_LIMIT}
 * for the runs that follow and are never deleted unread. Whatever waits is listed by
 * {@link #pendingDeletions()}, kept in the state store when it implements {@link DeletionStateStore}.
 *
 * <h2>What a run did</h2>
 * {@link SyncReport#changes()} lists every record a full sync created, updated, renamed, deleted,
 * held back or failed, with the names of the fields that changed; {@link #dryRun()} returns the
 * same list without writing anything. With {@link Builder#history(SyncHistory)} each full sync's
 * report and changes are also kept for later ({@link SyncHistory#recentRuns}).
 *
 * <h2>Events and single records</h2>
 * {@link #apply(ContactEvent)} reads the record named by the event again (events are hints, and
 * post-2022 callbacks send skeletons), deletes it when WeCom says it does not exist, and renames a
 * user before anything else when the event carries a new userid. Applying an event twice changes
 * nothing the second time. {@link #syncUser(String)} and {@link #syncDepartment(long)} do the same
 * for one record on demand.
 *
 * <h2>Renames no event announced</h2>
 * A userid changed in WeCom while no event reached us looks to a full sync like one deletion and
 * one creation. With {@link Builder#detectRenames(boolean) detectRenames(true)} a full sync sends
 * {@link SyncTarget#renameUser} instead when that is unambiguous: every read succeeded, exactly one
 * user vanished and exactly one appeared, and the two have equal fields apart from the userid
 * (absent fields included) and a name. Off by default: with few readable fields (post-2022 apps
 * see no mobile or email) a member who left and a newcomer with the same name, department and
 * title on the same day would be merged into one account.
 *
 * <h2>Thread safety</h2>
 * Thread-safe. Full syncs never overlap (see {@link SyncLock}, also for a run that loses a shared
 * lock); events may be applied from any thread, also during a full sync; the target is called from
 * one thread at a time. For events applied on other instances, see {@link SyncStateStore}.
 */
public final class WeComSync {

    private final Engine engine;
    private final SyncLock lock;

    private WeComSync(Engine engine, SyncLock lock) {
        this.engine = engine;
        this.lock = lock;
    }

    /** A builder; {@code client} and {@code target} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the whole organisation and sends the target what changed.
     *
     * @return what happened, also when parts failed (see {@link SyncReport#failures()})
     * @throws SyncInProgressException when another full sync holds the {@link SyncLock}
     * @throws java.util.concurrent.CancellationException when the calling thread was interrupted
     *     (its interrupt flag is set again)
     */
    public SyncReport fullSync() {
        return run(false);
    }

    /**
     * Reads the whole organisation and reports what a full sync would send, without calling the
     * target or the state store (only {@link SyncStateStore#read} is called): the report's
     * {@link SyncReport#changes()} are the changes a full sync would make now.
     *
     * @throws SyncInProgressException when another full sync holds the {@link SyncLock}
     */
    public SyncReport dryRun() {
        return run(true);
    }

    private SyncReport run(boolean dryRun) {
        if (!lock.tryLock()) {
            throw new SyncInProgressException("another full sync is running");
        }
        try {
            return engine.fullSync(dryRun, lock);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies one callback event: re-reads the user or department it names and sends the target
     * the change, if any. Tag, batch-job and unknown events are {@link EventResult.Outcome#IGNORED}.
     *
     * @throws dev.wecomsync.client.WeComException when WeCom could not be read (retry the event)
     * @throws RuntimeException whatever the target or the state store threw (retry the event)
     */
    public EventResult apply(ContactEvent event) {
        return engine.apply(Objects.requireNonNull(event, "event == null"));
    }

    /**
     * Syncs one user now, the way a callback event is applied: re-reads it from WeCom and sends the
     * target the change, if any; deletes it when WeCom says it does not exist (with a
     * {@link Builder#deletionDelay deletionDelay}: makes it a pending deletion for the full syncs
     * instead); skips it (changing nothing) when the secrets may not read it, for example outside
     * the visible scope (60011), or when it is outside the configured {@link DepartmentScope}.
     *
     * @throws dev.wecomsync.client.WeComException when WeCom could not be read (try again)
     * @throws RuntimeException whatever the target or the state store threw (try again)
     */
    public EventResult syncUser(String userId) {
        Objects.requireNonNull(userId, "userId == null");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId is blank");
        }
        return engine.syncUser(userId);
    }

    /**
     * Syncs one department now, the way a callback event is applied: re-reads it (and parents the
     * target does not have yet), deletes it when WeCom says it does not exist, skips it when the
     * secrets cannot tell.
     *
     * @throws dev.wecomsync.client.WeComException when WeCom could not be read (try again)
     * @throws RuntimeException whatever the target or the state store threw (try again)
     */
    public EventResult syncDepartment(long departmentId) {
        if (departmentId <= 0) {
            throw new IllegalArgumentException("departmentId must be positive: " + departmentId);
        }
        return engine.syncDepartment(departmentId);
    }

    /**
     * The deletions that wait: held back by the guard, waiting out the delay, not confirmed by a
     * read, or beyond the confirmation limit, as the last full sync that could delete left them;
     * empty when none. Sorted by key.
     */
    public List<PendingDeletion> pendingDeletions() {
        return engine.pendingDeletions();
    }

    /**
     * Lets exactly these pending deletions through the guard and the delay on the next full sync;
     * they are still confirmed by a read first, and not deleted if they came back. Keys are
     * {@link PendingDeletion#key()}s, like {@code "user:zhangsan"} or {@code "department:9"}.
     *
     * @return the entries approved, as now stored
     * @throws IllegalArgumentException when a key is not pending (nothing is approved then)
     * @throws SyncInProgressException when a full sync runs; try again after it
     */
    public List<PendingDeletion> approveDeletions(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys == null");
        if (!lock.tryLock()) {
            throw new SyncInProgressException("a full sync is running; approve the deletions after it");
        }
        try {
            return engine.approveDeletions(keys);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@link #fullSync()} now and then every {@code interval} after the previous run ended. */
    public ScheduledSync schedule(ScheduledExecutorService executor, Duration interval) {
        return schedule(executor, Duration.ZERO, interval);
    }

    /**
     * Runs {@link #fullSync()} after {@code initialDelay}, then every {@code interval} after the
     * previous run ended, on {@code executor}. Failed runs are logged and do not stop the schedule.
     */
    public ScheduledSync schedule(ScheduledExecutorService executor, Duration initialDelay, Duration interval) {
        Objects.requireNonNull(executor, "executor == null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
        ScheduledSync scheduled = new ScheduledSync(this);
        scheduled.start(executor.scheduleWithFixedDelay(scheduled::runOnce, initialDelay.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS));
        return scheduled;
    }

    @Override
    public String toString() {
        EngineConfig c = engine.config();
        return "WeComSync{app=" + c.app().description() + (c.contactSync() == null ? "" : ", contactSync")
                + ", target=" + c.target().getClass().getName() + ", batchSize=" + c.batchSize()
                + ", concurrency=" + c.concurrency() + ", scope=" + c.scope().fingerprint()
                + (c.deletionDelay().isZero() ? "" : ", deletionDelay=" + c.deletionDelay()) + "}";
    }

    /** Configures a {@link WeComSync}. {@code client} and {@code target} are required. */
    public static final class Builder {
        private Directory app;
        private Directory contactSync;
        private SyncTarget target;
        private SyncStateStore stateStore;
        private int batchSize = 500;
        private int concurrency = 8;
        private DeletionGuard deletionGuard = DeletionGuard.DEFAULT;
        private SyncListener listener = SyncListener.NONE;
        private Clock clock = Clock.systemUTC();
        private SyncLock lock;
        private int changeLimit = 10_000;
        private boolean detectRenames;
        private DepartmentScope scope = DepartmentScope.all();
        private Duration deletionDelay = Duration.ZERO;
        private int confirmationLimit = 10_000;
        private double quarantineRatio = 0.40;
        private SyncHistory history;

        private Builder() {
        }

        /** The app secret's client: details (user/get, department/get) and, when allowed, the lists. Required. */
        public Builder client(WeComClient client) {
            this.app = new ClientDirectory(Objects.requireNonNull(client, "client == null"), "app secret");
            return this;
        }

        /** The Contacts Sync secret's client: the whole organisation's structure and ids. Optional. */
        public Builder contactSyncClient(WeComClient client) {
            this.contactSync = new ClientDirectory(Objects.requireNonNull(client, "contactSyncClient == null"),
                    "Contacts Sync secret");
            return this;
        }

        /** Where departments and users go. Required. */
        public Builder target(SyncTarget target) {
            this.target = Objects.requireNonNull(target, "target == null");
            return this;
        }

        /**
         * Where fingerprints of what the target has are kept. Default: the target itself when it
         * implements {@link SyncStateStore}, else an {@link InMemorySyncStateStore}.
         */
        public Builder stateStore(SyncStateStore stateStore) {
            this.stateStore = Objects.requireNonNull(stateStore, "stateStore == null");
            return this;
        }

        /** The most records per target call. Default 500. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize < 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How many per-entity reads ({@code user/list} per department, {@code user/get},
         * {@code department/get}) run at once. Default 8; the client's own limits still apply.
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency < 1: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Decides how many deletions one run may make. Default {@link DeletionGuard#DEFAULT} (20%). */
        public Builder deletionGuard(DeletionGuard deletionGuard) {
            this.deletionGuard = Objects.requireNonNull(deletionGuard, "deletionGuard == null");
            return this;
        }

        /** Lets full syncs delete any number of records. */
        public Builder allowMassDeletion() {
            return deletionGuard(DeletionGuard.ALLOW_ALL);
        }

        /** Receives progress. Default: none. */
        public Builder listener(SyncListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener == null");
            return this;
        }

        /** The clock for report times and durations. Default: the system clock, UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /** Keeps full syncs from overlapping. Default: {@link SyncLock#inProcess()}, one per instance. */
        public Builder lock(SyncLock lock) {
            this.lock = Objects.requireNonNull(lock, "lock == null");
            return this;
        }

        /**
         * The most entries {@link SyncReport#changes()} keeps, 0 for none. Default 10,000; beyond
         * it the report says {@link SyncReport#changesTruncated()} and the counts stay exact. Each
         * entry holds the record it is about until the report is dropped.
         */
        public Builder changeLimit(int changeLimit) {
            if (changeLimit < 0) {
                throw new IllegalArgumentException("changeLimit < 0: " + changeLimit);
            }
            this.changeLimit = changeLimit;
            return this;
        }

        /**
         * Whether a full sync passes a userid change that no event announced to
         * {@link SyncTarget#renameUser} when it is unambiguous (see "Renames no event announced"
         * above). Default false: the old userid is deleted and the new one created.
         */
        public Builder detectRenames(boolean detectRenames) {
            this.detectRenames = detectRenames;
            return this;
        }

        /**
         * Syncs only these parts of the organisation: departments in {@code scope} and users with a
         * department in it. Default {@link DepartmentScope#all()}. Records that fall out of scope
         * are removed like deletions (see "Deletions" above).
         */
        public Builder scope(DepartmentScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope == null");
            return this;
        }

        /**
         * How long a record must be missing from WeCom's listing before a full sync deletes it,
         * counted from the first run that missed it; zero (the default) deletes in the first run.
         * Kept in the state store when it implements {@link DeletionStateStore}, so it survives
         * restarts and holds across a cluster.
         */
        public Builder deletionDelay(Duration deletionDelay) {
            Objects.requireNonNull(deletionDelay, "deletionDelay == null");
            if (deletionDelay.isNegative()) {
                throw new IllegalArgumentException("deletionDelay is negative: " + deletionDelay);
            }
            this.deletionDelay = deletionDelay;
            return this;
        }

        /**
         * The most direct reads one full sync makes to confirm deletions. Default 10,000; deletions
         * beyond it stay pending for later runs (oldest first), never deleted unread.
         */
        public Builder confirmationLimit(int confirmationLimit) {
            if (confirmationLimit < 0) {
                throw new IllegalArgumentException("confirmationLimit < 0: " + confirmationLimit);
            }
            this.confirmationLimit = confirmationLimit;
            return this;
        }

        /**
         * Above this share (0..1) of failed WeCom reads, or of records the target refused, a full
         * sync makes no deletions and reports itself quarantined. Default 0.40.
         */
        public Builder quarantineRatio(double quarantineRatio) {
            if (!(quarantineRatio >= 0 && quarantineRatio <= 1)) {
                throw new IllegalArgumentException("quarantineRatio must be in [0, 1]: " + quarantineRatio);
            }
            this.quarantineRatio = quarantineRatio;
            return this;
        }

        /**
         * Where each full sync's report and change log are recorded (see {@link SyncHistory}); a
         * failure to record is logged and does not fail the sync. Default: nowhere.
         */
        public Builder history(SyncHistory history) {
            this.history = Objects.requireNonNull(history, "history == null");
            return this;
        }

        /** For tests in this package: reads through these directories instead of clients. */
        Builder directories(Directory app, Directory contactSync) {
            this.app = app;
            this.contactSync = contactSync;
            return this;
        }

        public WeComSync build() {
            if (app == null) {
                throw new IllegalStateException("client == null");
            }
            if (target == null) {
                throw new IllegalStateException("target == null");
            }
            SyncStateStore store = stateStore != null ? stateStore
                    : target instanceof SyncStateStore own ? own : new InMemorySyncStateStore();
            DeletionStateStore deletions = store instanceof DeletionStateStore own ? own : new InMemorySyncStateStore();
            EngineConfig config = new EngineConfig(app, contactSync, target, store, batchSize, concurrency,
                    deletionGuard, listener, clock, changeLimit, detectRenames, scope, deletions, deletionDelay,
                    confirmationLimit, quarantineRatio, history);
            return new WeComSync(new Engine(config), lock != null ? lock : SyncLock.inProcess());
        }
    }
}
