package dev.wecomsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.client.internal.ApiCaller;
import dev.wecomsync.client.internal.UserJson;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserDepartment;
import dev.wecomsync.model.UserSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * WeCom's member APIs: {@code user/get}, {@code user/list}, {@code user/simplelist} and
 * {@code user/list_id}. Get it from {@link WeComClient#users()}.
 *
 * <p>Every method is a read, retried on passing failures per the client's {@link RetryPolicy}, and
 * throws {@link WeComApiException} when WeCom answers with an error or {@link WeComIoException}
 * when it gives no usable answer. Thread-safe.
 *
 * <h2>Absent is not empty</h2>
 * Since 2022 WeCom withholds mobile, gender, email, avatar and other fields from new apps; a
 * {@link User} then holds {@code null} for them, never {@code ""}.
 */
public final class UsersApi {

    /** The largest page {@code user/list_id} serves. */
    public static final int MAX_PAGE_SIZE = 10_000;

    private static final String GET = "user/get";
    private static final String LIST = "user/list";
    private static final String SIMPLE_LIST = "user/simplelist";
    private static final String LIST_ID = "user/list_id";

    private final ApiCaller caller;

    UsersApi(ApiCaller caller) {
        this.caller = caller;
    }

    /**
     * One member with every field the secret may read.
     *
     * @throws WeComApiException with {@link WeComApiException#isUserNotFound()} when there is no
     *     such member
     */
    public User get(String userId) {
        Objects.requireNonNull(userId, "userId == null");
        return UserJson.user(GET, caller.get(GET, Map.of("userid", userId)));
    }

    /** The direct members of a department (not those of its sub-departments), in full. Never null. */
    public List<User> list(long departmentId) {
        JsonNode body = caller.get(LIST, Map.of("department_id", Long.toString(departmentId)));
        return UserJson.users(LIST, body.path("userlist"));
    }

    /** The direct members of a department, with userid, name and departments only. Never null. */
    public List<UserSummary> simpleList(long departmentId) {
        JsonNode body = caller.get(SIMPLE_LIST, Map.of("department_id", Long.toString(departmentId)));
        return UserJson.summaries(SIMPLE_LIST, body.path("userlist"));
    }

    /**
     * Every (member, department) pair of the corp, from {@code user/list_id}, fetched 10,000 rows a
     * page as iteration proceeds. A member in three departments gives three rows. WeCom serves this
     * API only to the Contacts Sync secret.
     */
    public AutoPagingIterable<UserDepartment> listIds() {
        return new AutoPagingIterable<>(cursor -> listIds(cursor, MAX_PAGE_SIZE));
    }

    /**
     * One page of {@code user/list_id}.
     *
     * @param cursor the {@link Page#nextCursor()} of the previous page; {@code null} or empty for the
     *     first page
     * @param limit the most rows to return, 1 to {@link #MAX_PAGE_SIZE}
     */
    public Page<UserDepartment> listIds(String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_PAGE_SIZE + "]: " + limit);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        if (cursor != null && !cursor.isEmpty()) {
            request.put("cursor", cursor);
        }
        request.put("limit", limit);
        JsonNode body = caller.post(LIST_ID, request);
        return new Page<>(UserJson.userDepartments(LIST_ID, body.path("dept_user")), UserJson.text(body, "next_cursor"));
    }

    @Override
    public String toString() {
        return "UsersApi";
    }
}
