package dev.wecomsync.testkit.internal;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authenticated caller of a directory API: the secret its token belongs to, and what that secret may see
 * of the org. Each check throws the {@link ApiError} WeCom answers. Not API.
 */
public record Caller(SecretState secret, Org org) {

  private static final Set<String> DETAIL_APIS =
      Set.of("user/get", "user/list", "user/simplelist", "department/list", "department/get");

  /** 48009 when a Contacts Sync secret with restricted details calls a detail API. */
  public void requireDetailAccess(String api) {
    if (secret.role() == SecretState.Role.CONTACT_SYNC && secret.restrictDetailApis() && DETAIL_APIS.contains(api)) {
      throw ApiError.of(48009);
    }
  }

  /** 48002 unless this is a Contacts Sync secret. */
  public void requireContactSync() {
    if (secret.role() != SecretState.Role.CONTACT_SYNC) throw ApiError.of(48002);
  }

  /** The department, or 60123 when it does not exist, or 60011 when it lies outside the visible scope. */
  public SimDepartment visibleDepartment(long id) {
    SimDepartment d = org.department(id).orElseThrow(() -> ApiError.of(60123));
    if (!sees(id)) throw ApiError.of(60011);
    return d;
  }

  /** The user (any case), or 60111 when missing, or 60011 when none of its departments is visible. */
  public SimUser visibleUser(String userId) {
    SimUser u = org.user(userId).orElseThrow(() -> ApiError.of(60111));
    if (!sees(u)) throw ApiError.of(60011);
    return u;
  }

  public boolean sees(long departmentId) {
    for (long root : secret.visibleScope()) {
      if (org.isWithin(departmentId, root)) return true;
    }
    return false;
  }

  public boolean sees(SimUser user) {
    for (long d : user.departments()) {
      if (sees(d)) return true;
    }
    return false;
  }

  /** Every visible department, parents first: the subtrees of the scope's roots, each once. */
  public List<SimDepartment> visibleDepartments() {
    Map<Long, SimDepartment> out = new LinkedHashMap<>();
    for (long root : secret.visibleScope()) {
      for (SimDepartment d : org.subtree(root)) out.putIfAbsent(d.id(), d);
    }
    return new ArrayList<>(out.values());
  }

  /** Whether the June 2022 rule withholds personal fields from this caller. */
  public boolean withholdsPersonalFields() {
    return secret.createdAfterJune2022();
  }
}
