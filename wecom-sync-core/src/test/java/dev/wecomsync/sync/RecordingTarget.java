package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link SyncTarget} that keeps what it is given and records every call; it checks the
 * engine's ordering promises as it goes and can be told to refuse batches.
 */
class RecordingTarget implements SyncTarget {

    final Map<Long, Department> departments = new TreeMap<>();
    final Map<String, User> users = new TreeMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<Thread> inside = new HashSet<>();
    /** Refuses upsertUsers batches that contain a user matching this. */
    volatile Predicate<User> refuseUser = u -> false;
    /** Refuses this many upsertUsers batches, whatever they hold. */
    final java.util.concurrent.atomic.AtomicInteger refuseUserBatches = new java.util.concurrent.atomic.AtomicInteger();
    volatile SyncReport finished;

    private synchronized void enter() {
        if (!inside.isEmpty()) {
            violations.add("two threads inside the target at once");
        }
        inside.add(Thread.currentThread());
    }

    private synchronized void exit() {
        inside.remove(Thread.currentThread());
    }

    @Override
    public void upsertDepartments(List<Department> batch) {
        enter();
        try {
            calls.add("upsertDepartments " + batch.size());
            for (Department d : batch) {
                if (!d.isRoot() && !departments.containsKey(d.parentId()) && batch.stream().noneMatch(p -> p.id() == d.parentId())) {
                    // parents outside the visible scope are allowed; the tests' orgs have none
                    violations.add("department " + d.id() + " before its parent " + d.parentId());
                }
                departments.put(d.id(), d);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void upsertUsers(List<User> batch) {
        enter();
        try {
            calls.add("upsertUsers " + batch.size());
            if (batch.stream().anyMatch(refuseUser) || refuseUserBatches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("refused by the test");
            }
            for (User u : batch) {
                for (Long d : u.departments()) {
                    if (!departments.containsKey(d)) {
                        violations.add("user " + u.userId() + " before its department " + d);
                    }
                }
                users.put(u.userId(), u);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void renameUser(String oldUserId, String newUserId) {
        enter();
        try {
            calls.add("renameUser " + oldUserId + " " + newUserId);
            User u = users.remove(oldUserId);
            if (u != null) {
                users.put(newUserId, u.toBuilder().userId(newUserId).build());
            }
        } finally {
            exit();
        }
    }

    @Override
    public void deleteUsers(List<String> userIds) {
        enter();
        try {
            calls.add("deleteUsers " + userIds);
            userIds.forEach(users::remove);
        } finally {
            exit();
        }
    }

    @Override
    public void deleteDepartments(List<Long> ids) {
        enter();
        try {
            calls.add("deleteDepartments " + ids);
            for (Long id : ids) {
                if (departments.values().stream().anyMatch(d -> d.parentId() == id)) {
                    violations.add("department " + id + " deleted before its children");
                }
                departments.remove(id);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void onSyncFinished(SyncReport report) {
        finished = report;
    }

    /** Write calls (not the lifecycle hooks) since the last {@link #clearCalls()}. */
    List<String> writes() {
        return new ArrayList<>(calls);
    }

    void clearCalls() {
        calls.clear();
    }
}
