package dev.wecomsync.sync.internal;

import dev.wecomsync.client.Page;
import dev.wecomsync.client.UsersApi;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.client.WeComException;
import dev.wecomsync.client.WeComIoException;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** A {@link Directory} over a {@link WeComClient}: maps the client's exceptions for the engine. */
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
        return call(DEPARTMENT_LIST, () -> client.departments().list());
    }

    @Override
    public List<DepartmentRef> simpleListDepartments() {
        return call(DEPARTMENT_SIMPLELIST, () -> client.departments().simpleList());
    }

    @Override
    public Department getDepartment(long id) {
        return call(DEPARTMENT_GET, () -> client.departments().get(id));
    }

    @Override
    public List<User> listUsers(long departmentId) {
        return call(USER_LIST, () -> client.users().list(departmentId));
    }

    @Override
    public User getUser(String userId) {
        return call(USER_GET, () -> client.users().get(userId));
    }

    @Override
    public UserIdPage listUserIds(String cursor) {
        Page<UserDepartment> page = call(USER_LIST_ID, () -> client.users().listIds(cursor, UsersApi.MAX_PAGE_SIZE));
        return new UserIdPage(page.items(), page.nextCursor().orElse(null));
    }

    private static <T> T call(String api, Supplier<T> call) {
        try {
            return call.get();
        } catch (WeComApiException e) {
            throw new DirectoryException(e.api(), e.errcode(), e.getMessage(), e);
        } catch (WeComIoException e) {
            throw new DirectoryException(e.api(), DirectoryException.NO_ERRCODE, e.getMessage(), e);
        } catch (WeComException e) {
            throw new DirectoryException(api, DirectoryException.NO_ERRCODE, e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientDirectory{" + description + ", " + client + "}";
    }
}
