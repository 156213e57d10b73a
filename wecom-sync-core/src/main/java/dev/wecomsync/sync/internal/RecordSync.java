package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.EventResult.Outcome;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one record on demand, the way an event is applied: read it again from WeCom (the API is
 * the truth), compare it with the state store, write it through the {@link Writer}. "Not found"
 * means deleted; a record the secrets may not read is skipped, never deleted. Applying the same
 * sync twice changes nothing the second time.
 *
 * <p>Failures a retry may cure (network, WeCom busy, the target or state store threw) are thrown.
 * Syncs of one record run one at a time (read and write together), so two concurrent syncs of a
 * record cannot write an older read over a newer one.
 */
final class RecordSync {

    private static final Logger log = LoggerFactory.getLogger(RecordSync.class);
    /** Departments nest up to 15 levels. */
    private static final int MAX_DEPTH = 16;
    private static final int STRIPES = 64;
    private static final String DELAYED = "does not exist in WeCom: pending until the deletion delay has passed, "
            + "then deleted by a full sync";

    private final Engine engine;
    private final EngineConfig config;
    private final SingleReads reads;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    RecordSync(Engine engine) {
        this.engine = engine;
        this.config = engine.config();
        this.reads = new SingleReads(config, engine.plans(), engine.structure());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Re-reads one user; with {@code renamedFrom}, renames the target's user from that id first. */
    EventResult user(String userId, Optional<String> renamedFrom) {
        String from = renamedFrom.filter(old -> !old.equals(userId)).orElse(null);
        return locked(() -> lockedUser(userId, from), "u:" + User.normalizeUserId(userId),
                "u:" + User.normalizeUserId(from == null ? userId : from));
    }

    /** Re-reads one department; {@code notBefore} is the moment the request is about. */
    EventResult department(long id, Instant notBefore) {
        return locked(() -> lockedDepartment(id, notBefore), "d:" + id);
    }

    private EventResult lockedUser(String id, String renamedFrom) {
        Recorder recorder = new Recorder(0);
        Writer writer = writer(recorder);
        Optional<String> from = Optional.ofNullable(renamedFrom);
        if (renamedFrom != null) {
            writer.rename(renamedFrom, id, config.store().get(EntityKind.USER, renamedFrom).orElse(null), Optional.empty());
            throwIfFailed(recorder);
            engine.marks().userWritten(renamedFrom);
            engine.marks().userWritten(id);
        }
        User user;
        try {
            user = reads.user(id);
        } catch (SingleReads.Unreadable e) {
            log.warn("sync of a user that cannot be read: skipped, not deleted ({})", e.getMessage());
            return result(Outcome.SKIPPED, EntityKind.USER, id, from, e.getMessage());
        } catch (RuntimeException e) {
            if (ReadError.of(e) != ReadError.USER_GONE) {
                throw e;
            }
            if (delayed(EntityKind.USER, id)) {
                return result(Outcome.SKIPPED, EntityKind.USER, id, from, DELAYED);
            }
            if (from.isEmpty() && config.store().get(EntityKind.USER, id).isEmpty()) {
                return result(Outcome.UNCHANGED, EntityKind.USER, id, from,
                        "user/get: the user does not exist, and the target does not have it");
            }
            writer.deleteUsers(List.of(id), () -> { });
            throwIfFailed(recorder);
            engine.marks().userWritten(id);
            return result(Outcome.DELETED, EntityKind.USER, id, from, "user/get: the user does not exist");
        }
        Optional<Fingerprint> prior = config.store().get(EntityKind.USER, user.userId());
        if (!inScope(user)) {
            return result(Outcome.SKIPPED, EntityKind.USER, user.userId(), from, "outside the configured department "
                    + "scope: not sent" + (prior.isPresent() ? "; the next full sync removes it by the deletion rules" : ""));
        }
        Change change = Change.of(user, prior.map(fp -> new StateSnapshot.UserEntry(user.userId(), fp)).orElse(null));
        if (!change.fieldsChanged()) {
            return from.isPresent()
                    ? result(Outcome.RENAMED, EntityKind.USER, user.userId(), from, "renamed from " + from.get()
                            + "; otherwise equal to what the target has")
                    : result(Outcome.UNCHANGED, EntityKind.USER, user.userId(), from, "equal to what the target has");
        }
        writer.write(change);
        writer.flush(EntityKind.USER);
        throwIfFailed(recorder);
        engine.marks().userWritten(user.userId());
        return result(outcome(change), EntityKind.USER, user.userId(), from, "re-read with user/get" + fields(change));
    }

    private EventResult lockedDepartment(long id, Instant notBefore) {
        String key = Long.toString(id);
        Optional<Department> read;
        try {
            read = reads.department(id, notBefore);
        } catch (SingleReads.Unreadable e) {
            return result(Outcome.SKIPPED, EntityKind.DEPARTMENT, key, Optional.empty(), e.getMessage());
        }
        Recorder recorder = new Recorder(0);
        Writer writer = writer(recorder);
        if (read.isEmpty()) {
            if (delayed(EntityKind.DEPARTMENT, key)) {
                return result(Outcome.SKIPPED, EntityKind.DEPARTMENT, key, Optional.empty(), DELAYED);
            }
            if (config.store().get(EntityKind.DEPARTMENT, key).isEmpty()) {
                return result(Outcome.UNCHANGED, EntityKind.DEPARTMENT, key, Optional.empty(),
                        "the department does not exist, and the target does not have it");
            }
            writer.deleteDepartments(List.of(id), () -> { });
            throwIfFailed(recorder);
            engine.marks().departmentWritten(id);
            return result(Outcome.DELETED, EntityKind.DEPARTMENT, key, Optional.empty(), "the department does not exist");
        }
        Department department = read.get();
        if (!config.scope().isWholeOrganisation() && !config.scope().includes(id,
                config.store().get(EntityKind.DEPARTMENT, Long.toString(department.parentId())).isPresent())) {
            return result(Outcome.SKIPPED, EntityKind.DEPARTMENT, key, Optional.empty(), "outside the configured "
                    + "department scope: not sent; a full sync removes it from the target by the deletion rules");
        }
        List<Department> missingParents = config.scope().isWholeOrganisation() ? missingParents(department, notBefore)
                : List.of();
        Change change = Change.of(department, config.store().get(EntityKind.DEPARTMENT, key).orElse(null));
        if (missingParents.isEmpty() && !change.fieldsChanged()) {
            return result(Outcome.UNCHANGED, EntityKind.DEPARTMENT, key, Optional.empty(), "equal to what the target has");
        }
        missingParents.forEach(parent -> writer.write(Change.of(parent, null)));
        writer.write(change);
        writer.flush(EntityKind.DEPARTMENT);
        throwIfFailed(recorder);
        missingParents.forEach(d -> engine.marks().departmentWritten(d.id()));
        engine.marks().departmentWritten(id);
        return result(outcome(change), EntityKind.DEPARTMENT, key, Optional.empty(),
                (missingParents.isEmpty() ? "re-read from WeCom" : "re-read from WeCom, with " + missingParents.size()
                        + " parent(s) the target did not have") + fields(change));
    }

    /** Parents the target does not have yet (events arrive in any order), root-most first. */
    private List<Department> missingParents(Department department, Instant notBefore) {
        List<Department> missing = new ArrayList<>();
        long parent = department.parentId();
        for (int depth = 0; parent > 0 && depth < MAX_DEPTH; depth++) {
            if (config.store().get(EntityKind.DEPARTMENT, Long.toString(parent)).isPresent()) {
                break;
            }
            Optional<Department> read;
            try {
                read = reads.department(parent, notBefore);
            } catch (SingleReads.Unreadable e) {
                break;
            }
            if (read.isEmpty()) {
                break;
            }
            missing.add(0, read.get());
            parent = read.get().parentId();
        }
        return missing;
    }

    /**
     * With a deletion delay, a record WeCom says is gone is not deleted now: it becomes a pending
     * deletion from now (unless it already is one) for the full syncs to delete once the delay
     * has passed and it is still gone. True when that applies and the target has the record.
     */
    private boolean delayed(EntityKind kind, String id) {
        if (config.deletionDelay().isZero() || config.store().get(kind, id).isEmpty()) {
            return false;
        }
        String key = PendingDeletion.key(kind, id);
        if (config.deletions().pendingDeletions().stream().noneMatch(p -> p.key().equals(key))) {
            Instant now = config.clock().instant();
            config.deletions().putPendingDeletions(List.of(new PendingDeletion(kind, id, now, PendingDeletion.Reason.DELAY,
                    "an event found it gone at " + now + "; deleted after " + now.plus(config.deletionDelay())
                            + " if still missing", false)));
        }
        return true;
    }

    /**
     * Whether a user belongs to the configured scope: with a scope, the departments the target has
     * are those in scope, so a user is in when one of its departments is there.
     */
    private boolean inScope(User user) {
        if (config.scope().isWholeOrganisation()) {
            return true;
        }
        return user.departments().stream()
                .anyMatch(d -> config.store().get(EntityKind.DEPARTMENT, Long.toString(d)).isPresent());
    }

    private Writer writer(Recorder recorder) {
        return new Writer(config, false, engine.writeLock(), recorder);
    }

    /** A failed target or state store call: thrown, so that the caller (WeCom's retry) tries again. */
    private static void throwIfFailed(Recorder recorder) {
        Optional<RuntimeException> error = recorder.firstWriteError();
        if (error.isPresent()) {
            throw error.get();
        }
    }

    private static Outcome outcome(Change change) {
        return change.prior() == null ? Outcome.CREATED : Outcome.UPDATED;
    }

    private static String fields(Change change) {
        List<String> fields = change.toRecordChange().changedFields();
        return change.prior() == null || fields.isEmpty() ? "" : ": " + String.join(", ", fields);
    }

    private static EventResult result(Outcome outcome, EntityKind kind, String id, Optional<String> renamedFrom,
            String detail) {
        return new EventResult(outcome, Optional.of(kind), id, renamedFrom, detail);
    }

    /** Runs {@code action} holding the stripes of these keys, taken in index order (no deadlock). */
    private EventResult locked(Supplier<EventResult> action, String... keys) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String key : keys) {
            indexes.add(Math.floorMod(key.hashCode(), STRIPES));
        }
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int i : indexes) {
                stripes[i].lock();
                held.add(stripes[i]);
            }
            return action.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }
}
