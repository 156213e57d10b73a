package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import java.util.List;

/**
 * The WeCom reads the engine makes, one method per API, through one secret. Failures are the
 * client's own: {@link dev.wecomsync.client.WeComApiException} when WeCom answered with an
 * errcode (the engine classifies it with its predicates), other
 * {@link dev.wecomsync.client.WeComException}s otherwise. Implementations are thread-safe.
 */
public interface Directory {

    String DEPARTMENT_LIST = "department/list";
    String DEPARTMENT_SIMPLELIST = "department/simplelist";
    String DEPARTMENT_GET = "department/get";
    String USER_LIST = "user/list";
    String USER_GET = "user/get";
    String USER_LIST_ID = "user/list_id";

    /** Which secret this is, for reports: "app secret" or "Contacts Sync secret". */
    String description();

    /** {@code department/list}: every visible department. */
    List<Department> listDepartments();

    /** {@code department/simplelist}: the visible tree without names. */
    List<DepartmentRef> simpleListDepartments();

    /** {@code department/get}. */
    Department getDepartment(long id);

    /** {@code user/list}: the direct members of one department. */
    List<User> listUsers(long departmentId);

    /** {@code user/get}. */
    User getUser(String userId);

    /** One page of {@code user/list_id}; {@code cursor} is null for the first. */
    UserIdPage listUserIds(String cursor);

    /**
     * A page of {@code user/list_id}.
     *
     * @param rows one row per (user, department) pair
     * @param nextCursor the cursor of the next page; null or empty when this is the last
     */
    record UserIdPage(List<UserDepartment> rows, String nextCursor) {

        public UserIdPage {
            rows = List.copyOf(rows);
        }

        public boolean last() {
            return nextCursor == null || nextCursor.isEmpty();
        }
    }
}
