package dev.wecomsync.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.testkit.SimDepartment;
import java.util.List;

/** {@code department/list}, {@code department/simplelist} and {@code department/get}. Not API. */
final class DepartmentApis {

  private DepartmentApis() {}

  /** GET {@code id} optional: the whole visible tree, or the subtree below {@code id}. */
  static ObjectNode list(Caller caller, ApiRequest request) {
    caller.requireDetailAccess(request.api());
    ObjectNode out = DirectoryJson.ok();
    ArrayNode array = out.putArray("department");
    for (SimDepartment d : departments(caller, request)) array.add(DirectoryJson.department(d));
    return out;
  }

  /** GET {@code id} optional: {@code department_id[]} of {@code {id,parentid,order}}. */
  static ObjectNode simpleList(Caller caller, ApiRequest request) {
    ObjectNode out = DirectoryJson.ok();
    ArrayNode array = out.putArray("department_id");
    for (SimDepartment d : departments(caller, request)) array.add(DirectoryJson.departmentRef(d));
    return out;
  }

  /** GET {@code id}: {@code {"department":{…}}}; 60123 when missing, 60011 when not visible. */
  static ObjectNode get(Caller caller, ApiRequest request) {
    caller.requireDetailAccess(request.api());
    SimDepartment d = caller.visibleDepartment(request.longParam("id"));
    ObjectNode out = DirectoryJson.ok();
    out.set("department", DirectoryJson.department(d));
    return out;
  }

  private static List<SimDepartment> departments(Caller caller, ApiRequest request) {
    Long id = request.optionalLongParam("id");
    if (id == null) return caller.visibleDepartments();
    caller.visibleDepartment(id);
    return caller.org().subtree(id);
  }
}
