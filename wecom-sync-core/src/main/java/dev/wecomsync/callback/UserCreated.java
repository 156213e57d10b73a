package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A member joined the directory ({@code ChangeType} {@code create_user}).
 *
 * <p>{@code fields} holds what WeCom put in the event; callback URLs configured after
 * 2022-08-15 get only {@code UserID} and {@code Department}, so expect most fields to be empty.
 * {@link #toString()} leaves out the fields and the raw XML, which hold personal data.
 */
public record UserCreated(
        String corpId, Instant createTime, String rawXml, String userId, UserFields fields)
        implements ContactEvent {

    public UserCreated {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(userId, "userId == null");
        requireNonNull(fields, "fields == null");
    }

    @Override
    public String toString() {
        return "UserCreated[corpId=" + corpId + ", createTime=" + createTime + ", userId=" + userId + "]";
    }
}
