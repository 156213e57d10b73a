package dev.wecomsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.client.internal.ApiCaller;
import dev.wecomsync.client.internal.DepartmentJson;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import java.util.List;
import java.util.Map;

/**
 * WeCom's department APIs: {@code department/list}, {@code department/simplelist} and
 * {@code department/get}. Get it from {@link WeComClient#departments()}.
 *
 * <p>Every method is a read, retried on passing failures per the client's {@link RetryPolicy}, and
 * throws {@link WeComApiException} when WeCom answers with an error (48009 when a Contacts Sync
 * secret may not read details from this IP: use {@link #simpleList()} then) or
 * {@link WeComIoException} when it gives no usable answer. Thread-safe.
 */
public final class DepartmentsApi {

    private static final String LIST = "department/list";
    private static final String SIMPLE_LIST = "department/simplelist";
    private static final String GET = "department/get";

    private final ApiCaller caller;

    DepartmentsApi(ApiCaller caller) {
        this.caller = caller;
    }

    /**
     * Every department the secret can see, with names and leaders, in WeCom's order. WeCom documents
     * this call as slow for large corps. Never null.
     */
    public List<Department> list() {
        return departments(caller.get(LIST, Map.of()));
    }

    /** The department {@code rootId} and every department below it, with names. Never null. */
    public List<Department> list(long rootId) {
        return departments(caller.get(LIST, Map.of("id", Long.toString(rootId))));
    }

    /** The id, parent and order of every department the secret can see; no names. Never null. */
    public List<DepartmentRef> simpleList() {
        return refs(caller.get(SIMPLE_LIST, Map.of()));
    }

    /** The id, parent and order of {@code rootId} and every department below it. Never null. */
    public List<DepartmentRef> simpleList(long rootId) {
        return refs(caller.get(SIMPLE_LIST, Map.of("id", Long.toString(rootId))));
    }

    /**
     * One department with its names and leaders.
     *
     * @throws WeComApiException with {@link WeComApiException#isDepartmentNotFound()} when there is
     *     no such department
     */
    public Department get(long id) {
        return DepartmentJson.department(GET, caller.get(GET, Map.of("id", Long.toString(id))).path("department"));
    }

    private static List<Department> departments(JsonNode body) {
        return DepartmentJson.departments(LIST, body.path("department"));
    }

    private static List<DepartmentRef> refs(JsonNode body) {
        return DepartmentJson.refs(SIMPLE_LIST, body.path("department_id"));
    }

    @Override
    public String toString() {
        return "DepartmentsApi";
    }
}
