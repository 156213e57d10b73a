package dev.wecomsync.sync;

import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import dev.wecomsync.sync.internal.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link Directory} over a {@link FakeOrg}, as one secret sees it: APIs can be forbidden
 * (48009), ids put outside the visible scope (60011), and single calls made to fail.
 */
final class FakeDirectory implements Directory {

    private final FakeOrg org;
    private final String description;
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    /** Ids ("u:zhangsan", "d:12") outside this secret's visible scope. */
    private final Set<String> outOfScope = ConcurrentHashMap.newKeySet();
    /** API → which argument fails with -1 (system busy, after the client's retries). */
    private final Map<String, Predicate<Object>> failing = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    private final Map<String, AtomicInteger> callsByApi = new ConcurrentHashMap<>();
    /** Runs after user/list has read a department, before the answer is returned. */
    volatile java.util.function.LongConsumer afterListUsers = dept -> { };
    private final int pageSize;

    FakeDirectory(FakeOrg org, String description) {
        this(org, description, 10_000);
    }

    FakeDirectory(FakeOrg org, String description, int pageSize) {
        this.org = org;
        this.description = description;
        this.pageSize = pageSize;
    }

    FakeDirectory forbid(String... apis) {
        forbidden.addAll(List.of(apis));
        return this;
    }

    FakeDirectory hideUser(String userId) {
        outOfScope.add("u:" + userId);
        return this;
    }

    FakeDirectory hideDepartment(long id) {
        outOfScope.add("d:" + id);
        return this;
    }

    FakeDirectory fail(String api, Predicate<Object> which) {
        failing.put(api, which);
        return this;
    }

    @Override
    public String description() {
        return description;
    }

    /** How many times {@code api} was called. */
    int calls(String api) {
        AtomicInteger n = callsByApi.get(api);
        return n == null ? 0 : n.get();
    }

    private void check(String api, Object argument) {
        calls.incrementAndGet();
        callsByApi.computeIfAbsent(api, k -> new AtomicInteger()).incrementAndGet();
        if (forbidden.contains(api)) {
            throw new WeComApiException(api, 48009, "api forbidden");
        }
        Predicate<Object> fails = failing.get(api);
        if (fails != null && fails.test(argument)) {
            throw new WeComApiException(api, -1, "system busy");
        }
    }

    private static WeComApiException error(String api, int errcode, String what) {
        return new WeComApiException(api, errcode, what);
    }

    @Override
    public List<Department> listDepartments() {
        check(DEPARTMENT_LIST, null);
        return org.departments().stream().filter(d -> !outOfScope.contains("d:" + d.id())).toList();
    }

    @Override
    public List<DepartmentRef> simpleListDepartments() {
        check(DEPARTMENT_SIMPLELIST, null);
        return org.departments().stream().filter(d -> !outOfScope.contains("d:" + d.id()))
                .map(d -> new DepartmentRef(d.id(), d.parentId(), d.order())).toList();
    }

    @Override
    public Department getDepartment(long id) {
        check(DEPARTMENT_GET, id);
        if (outOfScope.contains("d:" + id)) {
            throw error(DEPARTMENT_GET, 60011, "no privilege to access/modify contact/party/agent");
        }
        Department d = org.department(id);
        if (d == null) {
            throw error(DEPARTMENT_GET, 60123, "invalid party id");
        }
        return d;
    }

    @Override
    public List<User> listUsers(long departmentId) {
        check(USER_LIST, departmentId);
        if (outOfScope.contains("d:" + departmentId)) {
            throw error(USER_LIST, 60011, "no privilege");
        }
        if (org.department(departmentId) == null) {
            throw error(USER_LIST, 60123, "invalid party id");
        }
        List<User> members = org.users().stream().filter(u -> u.departments().contains(departmentId)).toList();
        afterListUsers.accept(departmentId);
        return members;
    }

    @Override
    public User getUser(String userId) {
        check(USER_GET, userId);
        if (outOfScope.contains("u:" + User.normalizeUserId(userId))) {
            throw error(USER_GET, 60011, "no privilege to access/modify contact/party/agent");
        }
        User u = org.user(userId);
        if (u == null) {
            throw error(USER_GET, 60111, "userid not found");
        }
        return u;
    }

    @Override
    public UserIdPage listUserIds(String cursor) {
        check(USER_LIST_ID, cursor);
        List<UserDepartment> rows = new ArrayList<>();
        for (User u : org.users()) {
            for (Long d : u.departments()) {
                rows.add(new UserDepartment(u.userId(), d));
            }
        }
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(rows.size(), from + pageSize);
        return new UserIdPage(rows.subList(from, to), to < rows.size() ? Integer.toString(to) : "");
    }
}
