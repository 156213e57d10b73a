package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends changes to the target in batches and advances the state store for the batches the
 * target accepted. Used from one thread; each target call and its state update run under the
 * engine's write lock, so full syncs and events never call the target at the same time.
 *
 * <p>In a dry run nothing is called; the counts say what would have been written.
 */
final class TargetWriter {

    private static final Logger log = LoggerFactory.getLogger(TargetWriter.class);

    private record Pending<T>(T record, String id, String fingerprint, boolean created) {
    }

    private final SyncTarget target;
    private final SyncStateStore store;
    private final int batchSize;
    private final boolean dryRun;
    private final Lock writeLock;
    private final Tally users;
    private final Tally departments;
    private final List<SyncReport.Failure> failures;

    private final List<Pending<Department>> pendingDepartments = new ArrayList<>();
    private final List<Pending<User>> pendingUsers = new ArrayList<>();

    TargetWriter(SyncTarget target, SyncStateStore store, int batchSize, boolean dryRun, Lock writeLock,
            Tally users, Tally departments, List<SyncReport.Failure> failures) {
        this.target = target;
        this.store = store;
        this.batchSize = batchSize;
        this.dryRun = dryRun;
        this.writeLock = writeLock;
        this.users = users;
        this.departments = departments;
        this.failures = failures;
    }

    /** Queues a department unless its fingerprint equals {@code priorFingerprint}. */
    void department(Department department, String fingerprint, String priorFingerprint) {
        if (fingerprint.equals(priorFingerprint)) {
            departments.unchanged++;
            return;
        }
        pendingDepartments.add(new Pending<>(department, Long.toString(department.id()), fingerprint,
                priorFingerprint == null));
        if (pendingDepartments.size() >= batchSize) {
            flushDepartments();
        }
    }

    void flushDepartments() {
        flush(EntityKind.DEPARTMENT, pendingDepartments, departments, "upsertDepartments",
                target::upsertDepartments);
    }

    /**
     * Queues a user unless unchanged. When the target has the user under an id that differs in
     * case, renames it first; if the rename fails the user is not sent this run.
     */
    void user(User user, String fingerprint, StateSnapshot.UserEntry prior) {
        if (prior != null && !prior.storedId().equals(user.userId())) {
            if (!rename(prior.storedId(), user.userId(), prior.fingerprint())) {
                return;
            }
        }
        if (prior != null && fingerprint.equals(prior.fingerprint())) {
            users.unchanged++;
            return;
        }
        pendingUsers.add(new Pending<>(user, user.userId(), fingerprint, prior == null));
        if (pendingUsers.size() >= batchSize) {
            flushUsers();
        }
    }

    void flushUsers() {
        flush(EntityKind.USER, pendingUsers, users, "upsertUsers", target::upsertUsers);
    }

    /**
     * Calls {@link SyncTarget#renameUser}, then moves the state entry to the new id with its old
     * fingerprint (so a later failed upsert is still redelivered). False when the target threw.
     */
    boolean rename(String oldUserId, String newUserId, String fingerprint) {
        if (!dryRun) {
            writeLock.lock();
            try {
                try {
                    target.renameUser(oldUserId, newUserId);
                } catch (RuntimeException e) {
                    log.warn("target failed renameUser: {}", e.toString());
                    failures.add(new SyncReport.Failure(EntityKind.USER, List.of(oldUserId, newUserId), "renameUser", describe(e)));
                    users.failed++;
                    return false;
                }
                try {
                    store.remove(EntityKind.USER, List.of(oldUserId));
                    if (fingerprint != null) {
                        store.put(EntityKind.USER, Map.of(newUserId, fingerprint));
                    }
                } catch (RuntimeException e) {
                    stateFailure(EntityKind.USER, List.of(oldUserId, newUserId), e);
                }
            } finally {
                writeLock.unlock();
            }
        }
        users.renamed++;
        return true;
    }

    /** Deletes users by the ids the target knows them by, in batches. */
    void deleteUsers(List<String> storedIds, Runnable progress) {
        for (int i = 0; i < storedIds.size(); i += batchSize) {
            List<String> batch = List.copyOf(storedIds.subList(i, Math.min(storedIds.size(), i + batchSize)));
            delete(EntityKind.USER, batch, batch, users, "deleteUsers", () -> target.deleteUsers(batch));
            progress.run();
        }
    }

    /** Deletes departments in the given order (children first), in batches. */
    void deleteDepartments(List<Long> ids, Runnable progress) {
        for (int i = 0; i < ids.size(); i += batchSize) {
            List<Long> batch = List.copyOf(ids.subList(i, Math.min(ids.size(), i + batchSize)));
            List<String> keys = batch.stream().map(String::valueOf).toList();
            delete(EntityKind.DEPARTMENT, batch, keys, departments, "deleteDepartments",
                    () -> target.deleteDepartments(batch));
            progress.run();
        }
    }

    private <T> void flush(EntityKind kind, List<Pending<T>> pending, Tally tally, String operation,
            java.util.function.Consumer<List<T>> call) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending<T>> batch = List.copyOf(pending);
        pending.clear();
        if (!dryRun) {
            List<T> records = batch.stream().map(Pending::record).toList();
            writeLock.lock();
            try {
                try {
                    call.accept(records);
                } catch (RuntimeException e) {
                    log.warn("target failed {} for {} record(s): {}", operation, batch.size(), e.toString());
                    failures.add(new SyncReport.Failure(kind, ids(batch, Pending::id), operation, describe(e)));
                    tally.failed += batch.size();
                    return;
                }
                Map<String, String> state = new LinkedHashMap<>();
                batch.forEach(p -> state.put(p.id(), p.fingerprint()));
                try {
                    store.put(kind, state);
                } catch (RuntimeException e) {
                    stateFailure(kind, ids(batch, Pending::id), e);
                }
            } finally {
                writeLock.unlock();
            }
        }
        for (Pending<T> p : batch) {
            if (p.created()) {
                tally.created++;
            } else {
                tally.updated++;
            }
        }
    }

    private void delete(EntityKind kind, List<?> batch, List<String> keys, Tally tally, String operation, Runnable call) {
        if (!dryRun) {
            writeLock.lock();
            try {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warn("target failed {} for {} record(s): {}", operation, batch.size(), e.toString());
                    failures.add(new SyncReport.Failure(kind, keys, operation, describe(e)));
                    tally.failed += batch.size();
                    return;
                }
                try {
                    store.remove(kind, keys);
                } catch (RuntimeException e) {
                    stateFailure(kind, keys, e);
                }
            } finally {
                writeLock.unlock();
            }
        }
        tally.deleted += batch.size();
    }

    private void stateFailure(EntityKind kind, List<String> ids, RuntimeException e) {
        log.warn("state store failed for {} record(s): {}", ids.size(), e.toString());
        failures.add(new SyncReport.Failure(kind, ids, "SyncStateStore", describe(e)));
    }

    private static <T> List<String> ids(List<T> items, Function<T, String> id) {
        return items.stream().map(id).toList();
    }

    static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
