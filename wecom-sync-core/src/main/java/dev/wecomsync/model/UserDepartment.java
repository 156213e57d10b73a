package dev.wecomsync.model;

import java.util.Objects;

/**
 * One (member, department) pair from {@code user/list_id}; a member in three departments gives
 * three rows.
 *
 * @param userId the member's userid
 * @param departmentId a department the member belongs to
 */
public record UserDepartment(String userId, long departmentId) {

    public UserDepartment {
        Objects.requireNonNull(userId, "userId == null");
    }
}
