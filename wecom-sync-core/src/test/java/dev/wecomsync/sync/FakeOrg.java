package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A small mutable organisation for engine tests. Thread-safe. */
final class FakeOrg {

    private final Map<Long, Department> departments = new ConcurrentSkipListMap<>();
    private final Map<String, User> users = new ConcurrentSkipListMap<>();

    /** Root 1, then {@code departments - 1} departments in a tree of fan-out 3, {@code users} users spread over them. */
    static FakeOrg generate(int departmentCount, int userCount) {
        FakeOrg org = new FakeOrg();
        org.putDepartment(new Department(1, "公司", "Company", 0, 100, List.of()));
        for (long id = 2; id <= departmentCount; id++) {
            long parent = 1 + (id - 2) / 3;
            org.putDepartment(new Department(id, "部门" + id, null, parent, 3_000_000_000L + id, List.of()));
        }
        for (int i = 0; i < userCount; i++) {
            long dept = 1 + (i % departmentCount);
            List<Long> depts = i % 10 == 0 && departmentCount > 1 ? List.of(dept, 1L + ((i + 1) % departmentCount)) : List.of(dept);
            org.putUser(User.builder("user" + i).name("用户" + i).departments(depts).mainDepartment(dept)
                    .position(i % 7 == 0 ? "经理" : null)
                    .status(i % 50 == 0 ? UserStatus.EXITED : i % 51 == 0 ? UserStatus.DISABLED : UserStatus.ACTIVE)
                    .build());
        }
        return org;
    }

    void putDepartment(Department d) {
        departments.put(d.id(), d);
    }

    void putUser(User u) {
        users.put(User.normalizeUserId(u.userId()), u);
    }

    void removeUser(String userId) {
        users.remove(User.normalizeUserId(userId));
    }

    void removeDepartment(long id) {
        departments.remove(id);
    }

    Department department(long id) {
        return departments.get(id);
    }

    User user(String userId) {
        return users.get(User.normalizeUserId(userId));
    }

    List<Department> departments() {
        return new ArrayList<>(departments.values());
    }

    List<User> users() {
        return new ArrayList<>(users.values());
    }
}
