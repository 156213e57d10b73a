package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A member changed ({@code ChangeType} {@code update_user}).
 *
 * <p>{@code userId} is the id before the change. {@code newUserId} is present when the userid
 * itself was changed (WeCom allows that once per member): apply the rename before anything
 * else. {@code changes} holds only the fields WeCom sent; an absent field means "not reported",
 * never "cleared". {@link #toString()} leaves out the changes and the raw XML, which hold
 * personal data.
 */
public record UserUpdated(
        String corpId,
        Instant createTime,
        String rawXml,
        String userId,
        Optional<String> newUserId,
        UserFields changes)
        implements ContactEvent {

    public UserUpdated {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(userId, "userId == null");
        requireNonNull(newUserId, "newUserId == null");
        requireNonNull(changes, "changes == null");
    }

    @Override
    public String toString() {
        return "UserUpdated[corpId=" + corpId + ", createTime=" + createTime + ", userId=" + userId
                + newUserId.map(id -> ", newUserId=" + id).orElse("") + "]";
    }
}
