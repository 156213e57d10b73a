package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A member left the directory ({@code ChangeType} {@code delete_user}). */
public record UserDeleted(String corpId, Instant createTime, String rawXml, String userId)
        implements ContactEvent {

    public UserDeleted {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(userId, "userId == null");
    }

    @Override
    public String toString() {
        return "UserDeleted[corpId=" + corpId + ", createTime=" + createTime + ", userId=" + userId + "]";
    }
}
