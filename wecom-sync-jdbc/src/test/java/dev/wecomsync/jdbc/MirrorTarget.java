package dev.wecomsync.jdbc;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A target that keeps what it was sent, remembers every deletion, and can refuse upserts. */
final class MirrorTarget implements SyncTarget {

    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<Long, Department> departments = new ConcurrentHashMap<>();
    final List<String> deletedUsers = new ArrayList<>();
    final List<Long> deletedDepartments = new ArrayList<>();
    volatile boolean refuseUpserts;

    @Override
    public void upsertDepartments(List<Department> batch) {
        batch.forEach(d -> departments.put(d.id(), d));
    }

    @Override
    public void upsertUsers(List<User> batch) {
        if (refuseUpserts) {
            throw new IllegalStateException("the target refuses upserts");
        }
        batch.forEach(u -> users.put(u.userId(), u));
    }

    @Override
    public void renameUser(String oldUserId, String newUserId) {
        User user = users.remove(oldUserId);
        if (user != null) {
            users.put(newUserId, user.toBuilder().userId(newUserId).build());
        }
    }

    @Override
    public void deleteUsers(List<String> userIds) {
        userIds.forEach(users::remove);
        deletedUsers.addAll(userIds);
    }

    @Override
    public void deleteDepartments(List<Long> departmentIds) {
        departmentIds.forEach(departments::remove);
        deletedDepartments.addAll(departmentIds);
    }
}
