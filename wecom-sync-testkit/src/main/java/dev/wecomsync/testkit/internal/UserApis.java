package dev.wecomsync.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.testkit.SimUser;

/** {@code user/get}, {@code user/list} and {@code user/simplelist}. Not API. */
final class UserApis {

  private UserApis() {}

  /** GET {@code userid} (any case): one full user; 60111 when missing, 60011 when not visible. */
  static ObjectNode get(Caller caller, ApiRequest request) {
    caller.requireDetailAccess(request.api());
    String userId = request.param("userid");
    if (userId == null || userId.isEmpty()) throw new ApiError(40058, "missing userid");
    SimUser u = caller.visibleUser(userId);
    ObjectNode out = DirectoryJson.ok();
    out.setAll(DirectoryJson.user(u, caller.withholdsPersonalFields()));
    return out;
  }

  /** GET {@code department_id}: {@code userlist[]} of full users, the department's direct members. */
  static ObjectNode list(Caller caller, ApiRequest request) {
    caller.requireDetailAccess(request.api());
    long departmentId = request.longParam("department_id");
    caller.visibleDepartment(departmentId);
    boolean withhold = caller.withholdsPersonalFields();
    ObjectNode out = DirectoryJson.ok();
    ArrayNode array = out.putArray("userlist");
    for (SimUser u : caller.org().members(departmentId)) array.add(DirectoryJson.user(u, withhold));
    return out;
  }

  /** GET {@code department_id}: {@code userlist[]} of {@code {userid,name,department[],open_userid}}. */
  static ObjectNode simpleList(Caller caller, ApiRequest request) {
    caller.requireDetailAccess(request.api());
    long departmentId = request.longParam("department_id");
    caller.visibleDepartment(departmentId);
    ObjectNode out = DirectoryJson.ok();
    ArrayNode array = out.putArray("userlist");
    for (SimUser u : caller.org().members(departmentId)) array.add(DirectoryJson.userSummary(u));
    return out;
  }
}
