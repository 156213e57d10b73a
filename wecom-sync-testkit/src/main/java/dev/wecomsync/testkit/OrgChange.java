package dev.wecomsync.testkit;

/**
 * One mutation of an {@link Org}, as its listeners see it: the value before and after (either is {@code null}
 * for a creation or deletion). Used by {@link CallbackSender} to emit events automatically.
 */
record OrgChange(SimUser userBefore, SimUser userAfter, SimDepartment departmentBefore,
    SimDepartment departmentAfter) {

  static OrgChange user(SimUser before, SimUser after) {
    return new OrgChange(before, after, null, null);
  }

  static OrgChange department(SimDepartment before, SimDepartment after) {
    return new OrgChange(null, null, before, after);
  }

  boolean isUserChange() {
    return userBefore != null || userAfter != null;
  }
}
