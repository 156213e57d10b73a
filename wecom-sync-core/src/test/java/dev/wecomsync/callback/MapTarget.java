package dev.wecomsync.callback;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.testkit.Org;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A target in two maps, and the view of it and of a simulated org that tests compare. */
final class MapTarget implements SyncTarget {
    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<Long, Department> departments = new ConcurrentHashMap<>();

    @Override
    public void upsertDepartments(List<Department> batch) {
        batch.forEach(d -> departments.put(d.id(), d));
    }

    @Override
    public void upsertUsers(List<User> batch) {
        batch.forEach(u -> users.put(key(u.userId()), u));
    }

    @Override
    public void renameUser(String oldUserId, String newUserId) {
        User old = users.remove(key(oldUserId));
        if (old != null) users.put(key(newUserId), old);
    }

    @Override
    public void deleteUsers(List<String> userIds) {
        userIds.forEach(id -> users.remove(key(id)));
    }

    @Override
    public void deleteDepartments(List<Long> ids) {
        ids.forEach(departments::remove);
    }

    /** userid (lowercase; the target keeps a renamed user under its new id) → name, position, departments. */
    Map<String, String> view() {
        Map<String, String> out = new TreeMap<>();
        users.forEach((id, u) -> out.put(id, line(u.name(), u.position(), u.departments())));
        departments.keySet().forEach(id -> out.put("department " + id, ""));
        return out;
    }

    static Map<String, String> view(Org org) {
        Map<String, String> out = new TreeMap<>();
        org.users().forEach(u -> out.put(key(u.userId()), line(u.name(), u.position(), u.departments())));
        org.departments().forEach(d -> out.put("department " + d.id(), ""));
        return out;
    }

    private static String line(String name, String position, List<Long> departments) {
        return name + "|" + (position == null ? "" : position) + "|" + departments;
    }

    private static String key(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }
}
