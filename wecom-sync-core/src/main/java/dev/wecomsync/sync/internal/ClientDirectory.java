package dev.wecomsync.sync.internal;

import dev.wecomsync.client.Page;
import dev.wecomsync.client.UsersApi;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import java.util.List;
import java.util.Objects;

/** A {@link Directory} over a {@link WeComClient}; the client's exceptions pass through as they are. */
public final class ClientDirectory implements Directory {

    private final WeComClient client;
    private final String description;

    public ClientDirectory(WeComClient client, String description) {
        this.client = Objects.requireNonNull(client, "client == null");
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<Department> listDepartments() {
        return client.departments().list();
    }

    @Override
    public List<DepartmentRef> simpleListDepartments() {
        return client.departments().simpleList();
    }

    @Override
    public Department getDepartment(long id) {
        return client.departments().get(id);
    }

    @Override
    public List<User> listUsers(long departmentId) {
        return client.users().list(departmentId);
    }

    @Override
    public User getUser(String userId) {
        return client.users().get(userId);
    }

    @Override
    public UserIdPage listUserIds(String cursor) {
        Page<UserDepartment> page = client.users().listIds(cursor, UsersApi.MAX_PAGE_SIZE);
        return new UserIdPage(page.items(), page.nextCursor().orElse(null));
    }

    @Override
    public String toString() {
        return "ClientDirectory{" + description + ", " + client + "}";
    }
}
