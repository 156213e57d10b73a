package dev.wecomsync.spring;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncTarget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A SyncTarget that keeps what it is sent in maps, as an application's would in its tables. */
class RecordingTarget implements SyncTarget {

    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<Long, Department> departments = new ConcurrentHashMap<>();

    @Override
    public void upsertDepartments(List<Department> list) {
        list.forEach(d -> departments.put(d.id(), d));
    }

    @Override
    public void upsertUsers(List<User> list) {
        list.forEach(u -> users.put(u.userId(), u));
    }

    @Override
    public void renameUser(String oldUserId, String newUserId) {
        User u = users.remove(oldUserId);
        if (u != null) {
            users.put(newUserId, u.toBuilder().userId(newUserId).build());
        }
    }

    @Override
    public void deleteUsers(List<String> userIds) {
        userIds.forEach(users::remove);
    }

    @Override
    public void deleteDepartments(List<Long> departmentIds) {
        departmentIds.forEach(departments::remove);
    }
}
