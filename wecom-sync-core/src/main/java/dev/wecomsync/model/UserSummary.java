package dev.wecomsync.model;

import java.util.List;
import java.util.Objects;

/**
 * A member as {@code user/simplelist} returns it.
 *
 * @param userId the member's userid (compare case-insensitively)
 * @param name the name; {@code null} when not readable
 * @param departments the departments the member belongs to
 * @param openUserId the open_userid; {@code null} when not given
 */
public record UserSummary(String userId, String name, List<Long> departments, String openUserId) {

    public UserSummary {
        Objects.requireNonNull(userId, "userId == null");
        departments = departments == null ? List.of() : List.copyOf(departments);
    }
}
