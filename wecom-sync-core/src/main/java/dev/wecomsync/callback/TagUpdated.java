package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Members or departments were added to or removed from a tag ({@code ChangeType}
 * {@code update_tag}). Each list is empty when WeCom sent no such element. wecom-sync does not
 * sync tags; the event is parsed so that hosts can act on it.
 */
public record TagUpdated(
        String corpId,
        Instant createTime,
        String rawXml,
        long tagId,
        List<String> addedUserIds,
        List<String> removedUserIds,
        List<Long> addedDepartmentIds,
        List<Long> removedDepartmentIds)
        implements ContactEvent {

    public TagUpdated {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        addedUserIds = List.copyOf(addedUserIds);
        removedUserIds = List.copyOf(removedUserIds);
        addedDepartmentIds = List.copyOf(addedDepartmentIds);
        removedDepartmentIds = List.copyOf(removedDepartmentIds);
    }

    @Override
    public String toString() {
        return "TagUpdated[corpId=" + corpId + ", createTime=" + createTime + ", tagId=" + tagId + "]";
    }
}
