package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A message wecom-sync has no record for: a {@code ChangeType} or {@code Event} added after this
 * version, or a non-event message (a chat message to the app). It is delivered like any other
 * event, never refused, so that WeCom does not retry it. Each text field is empty when WeCom sent
 * no such element; {@link #rawXml()} has the rest.
 */
public record UnknownEvent(
        String corpId, Instant createTime, String rawXml, String msgType, String event, String changeType)
        implements ContactEvent {

    public UnknownEvent {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(msgType, "msgType == null");
        requireNonNull(event, "event == null");
        requireNonNull(changeType, "changeType == null");
    }

    @Override
    public String toString() {
        return "UnknownEvent[corpId=" + corpId + ", createTime=" + createTime + ", msgType=" + msgType
                + ", event=" + event + ", changeType=" + changeType + "]";
    }
}
