package dev.wecomsync.sync.internal;

import dev.wecomsync.callback.BatchJobFinished;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UnknownEvent;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.EventResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one callback event. Events are hints: the record is read again from WeCom (the API is
 * the truth, and post-2022 skeleton events carry little else), "not found" means deleted, and a
 * {@code NewUserID} is passed to the target as a rename before anything else. Applying the same
 * event twice changes nothing the second time.
 *
 * <p>Failures that a retry may cure (network, WeCom busy, the target threw) are thrown, so the
 * callback endpoint answers an error and WeCom sends the event again.
 */
final class EventApplier {

    private static final Logger log = LoggerFactory.getLogger(EventApplier.class);
    /** Departments nest up to 15 levels. */
    private static final int MAX_DEPTH = 16;

    private static final int STRIPES = 64;

    private final EngineConfig config;
    private final Lock writeLock;
    private final EventMarks marks;
    /**
     * Events about one record are applied one at a time (read and write together), so that two
     * events applied concurrently cannot write an older read over a newer one.
     */
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    EventApplier(EngineConfig config, Lock writeLock, EventMarks marks) {
        this.config = config;
        this.writeLock = writeLock;
        this.marks = marks;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the stripes of these keys, taken in index order (no deadlock). */
    private EventResult locked(java.util.function.Supplier<EventResult> action, String... keys) {
        java.util.TreeSet<Integer> indexes = new java.util.TreeSet<>();
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

    EventResult apply(ContactEvent event) {
        try {
            if (event instanceof UserCreated e) {
                return user(e.userId(), Optional.empty());
            } else if (event instanceof UserUpdated e) {
                return user(e.userId(), e.newUserId().filter(id -> !id.isBlank()));
            } else if (event instanceof UserDeleted e) {
                return user(e.userId(), Optional.empty());
            } else if (event instanceof DepartmentCreated e) {
                return department(e.departmentId());
            } else if (event instanceof DepartmentUpdated e) {
                return department(e.departmentId());
            } else if (event instanceof DepartmentDeleted e) {
                return department(e.departmentId());
            } else if (event instanceof TagUpdated) {
                return ignored("tags are not synced");
            } else if (event instanceof BatchJobFinished e) {
                return ignored("batch job " + e.jobType() + " finished; a full sync picks up its changes");
            } else if (event instanceof UnknownEvent e) {
                return ignored("unknown event " + e.event() + "/" + e.changeType());
            }
            return ignored("unsupported event " + event.getClass().getSimpleName());
        } catch (DirectoryException e) {
            // Surface the client's own exception (public API), not the engine's wrapper.
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static EventResult ignored(String why) {
        return new EventResult(Outcome.IGNORED, Optional.empty(), "", Optional.empty(), why);
    }

    private EventResult user(String userId, Optional<String> newUserId) {
        return locked(() -> lockedUser(userId, newUserId), "u:" + User.normalizeUserId(userId),
                "u:" + User.normalizeUserId(newUserId.orElse(userId)));
    }

    private EventResult lockedUser(String userId, Optional<String> newUserId) {
        boolean renamed = newUserId.isPresent() && !newUserId.get().equals(userId);
        Optional<String> renamedFrom = renamed ? Optional.of(userId) : Optional.empty();
        String id = renamed ? newUserId.get() : userId;
        if (renamed) {
            rename(userId, id);
        }
        User user;
        try {
            user = readUser(id);
        } catch (DirectoryException e) {
            if (e.userGone()) {
                write(() -> {
                    config.target().deleteUsers(List.of(id));
                    config.store().remove(EntityKind.USER, List.of(id));
                });
                marks.userWritten(id);
                return new EventResult(Outcome.DELETED, Optional.of(EntityKind.USER), id, renamedFrom,
                        "user/get: the user does not exist");
            }
            if (e.outOfScope() || e.forbidden()) {
                log.warn("event for a user that cannot be read ({}): skipped, not deleted", e.errcode());
                return new EventResult(Outcome.SKIPPED, Optional.of(EntityKind.USER), id, renamedFrom, e.reason());
            }
            throw e;
        }
        String fingerprint = Fingerprints.user(user);
        Optional<String> prior = config.store().get(EntityKind.USER, user.userId());
        if (prior.isPresent() && prior.get().equals(fingerprint)) {
            return new EventResult(Outcome.UNCHANGED, Optional.of(EntityKind.USER), user.userId(), renamedFrom,
                    "equal to what the target has");
        }
        write(() -> {
            config.target().upsertUsers(List.of(user));
            config.store().put(EntityKind.USER, Map.of(user.userId(), fingerprint));
        });
        marks.userWritten(user.userId());
        return new EventResult(prior.isPresent() ? Outcome.UPDATED : Outcome.CREATED, Optional.of(EntityKind.USER),
                user.userId(), renamedFrom, "re-read with user/get");
    }

    private void rename(String oldUserId, String newUserId) {
        Optional<String> fingerprint = config.store().get(EntityKind.USER, oldUserId);
        write(() -> {
            config.target().renameUser(oldUserId, newUserId);
            config.store().remove(EntityKind.USER, List.of(oldUserId));
            fingerprint.ifPresent(fp -> config.store().put(EntityKind.USER, Map.of(newUserId, fp)));
        });
        marks.userWritten(oldUserId);
        marks.userWritten(newUserId);
    }

    /** {@code user/get} with the app secret; with the Contacts Sync secret when the app may not. */
    private User readUser(String userId) {
        try {
            return config.app().getUser(userId);
        } catch (DirectoryException e) {
            if ((e.forbidden() || e.outOfScope()) && config.contactSync() != null) {
                return config.contactSync().getUser(userId);
            }
            throw e;
        }
    }

    private EventResult department(long id) {
        return locked(() -> lockedDepartment(id), "d:" + id);
    }

    private EventResult lockedDepartment(long id) {
        Optional<Department> read = readDepartment(id);
        if (read == null) {
            return new EventResult(Outcome.SKIPPED, Optional.of(EntityKind.DEPARTMENT), Long.toString(id),
                    Optional.empty(), "the department cannot be read with the configured secrets");
        }
        if (read.isEmpty()) {
            write(() -> {
                config.target().deleteDepartments(List.of(id));
                config.store().remove(EntityKind.DEPARTMENT, List.of(Long.toString(id)));
            });
            marks.departmentWritten(id);
            return new EventResult(Outcome.DELETED, Optional.of(EntityKind.DEPARTMENT), Long.toString(id),
                    Optional.empty(), "the department does not exist");
        }
        Department department = read.get();
        List<Department> missingParents = missingParents(department);
        String fingerprint = Fingerprints.department(department);
        Optional<String> prior = config.store().get(EntityKind.DEPARTMENT, Long.toString(id));
        if (missingParents.isEmpty() && prior.isPresent() && prior.get().equals(fingerprint)) {
            return new EventResult(Outcome.UNCHANGED, Optional.of(EntityKind.DEPARTMENT), Long.toString(id),
                    Optional.empty(), "equal to what the target has");
        }
        List<Department> batch = new ArrayList<>(missingParents);
        batch.add(department);
        write(() -> {
            config.target().upsertDepartments(List.copyOf(batch));
            Map<String, String> state = new java.util.LinkedHashMap<>();
            batch.forEach(d -> state.put(Long.toString(d.id()), Fingerprints.department(d)));
            config.store().put(EntityKind.DEPARTMENT, state);
        });
        batch.forEach(d -> marks.departmentWritten(d.id()));
        return new EventResult(prior.isPresent() ? Outcome.UPDATED : Outcome.CREATED,
                Optional.of(EntityKind.DEPARTMENT), Long.toString(id), Optional.empty(),
                missingParents.isEmpty() ? "re-read from WeCom" : "re-read from WeCom, with " + missingParents.size()
                        + " parent(s) the target did not have");
    }

    /** Parents the target does not have yet (events arrive in any order), root-most first. */
    private List<Department> missingParents(Department department) {
        List<Department> missing = new ArrayList<>();
        long parent = department.parentId();
        for (int depth = 0; parent > 0 && depth < MAX_DEPTH; depth++) {
            if (config.store().get(EntityKind.DEPARTMENT, Long.toString(parent)).isPresent()) {
                break;
            }
            Optional<Department> read = readDepartment(parent);
            if (read == null || read.isEmpty()) {
                break;
            }
            missing.add(0, read.get());
            parent = read.get().parentId();
        }
        return missing;
    }

    /**
     * The department as WeCom has it: {@code department/get} with the app secret, or its place in
     * {@code department/simplelist} when the app may not read it. Empty when it does not exist;
     * null when it cannot be told.
     */
    private Optional<Department> readDepartment(long id) {
        try {
            return Optional.of(config.app().getDepartment(id));
        } catch (DirectoryException e) {
            if (e.departmentGone()) {
                return Optional.empty();
            }
            if (!e.forbidden() && !e.outOfScope()) {
                throw e;
            }
        }
        Directory structure = config.contactSync();
        if (structure == null) {
            return null;
        }
        try {
            for (DepartmentRef ref : structure.simpleListDepartments()) {
                if (ref.id() == id) {
                    return Optional.of(Department.of(ref));
                }
            }
            return Optional.empty();
        } catch (DirectoryException e) {
            if (e.forbidden() || e.outOfScope()) {
                return null;
            }
            throw e;
        }
    }

    private void write(Runnable write) {
        writeLock.lock();
        try {
            write.run();
        } finally {
            writeLock.unlock();
        }
    }
}
