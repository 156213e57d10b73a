package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import java.util.List;

/** A {@link Directory} that counts each call in {@link ApiCalls} before making it. */
final class CountingDirectory implements Directory {

    private final Directory delegate;
    private final ApiCalls calls;

    CountingDirectory(Directory delegate, ApiCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public List<Department> listDepartments() {
        calls.count(DEPARTMENT_LIST);
        return delegate.listDepartments();
    }

    @Override
    public List<DepartmentRef> simpleListDepartments() {
        calls.count(DEPARTMENT_SIMPLELIST);
        return delegate.simpleListDepartments();
    }

    @Override
    public Department getDepartment(long id) {
        calls.count(DEPARTMENT_GET);
        return delegate.getDepartment(id);
    }

    @Override
    public List<User> listUsers(long departmentId) {
        calls.count(USER_LIST);
        return delegate.listUsers(departmentId);
    }

    @Override
    public User getUser(String userId) {
        calls.count(USER_GET);
        return delegate.getUser(userId);
    }

    @Override
    public UserIdPage listUserIds(String cursor) {
        calls.count(USER_LIST_ID);
        return delegate.listUserIds(cursor);
    }
}
