package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A department changed ({@code ChangeType} {@code update_party}). {@code name} and
 * {@code parentId} are present only when WeCom reported them as changed; callback URLs configured
 * after 2022-08-15 hear only about parent changes.
 */
public record DepartmentUpdated(
        String corpId,
        Instant createTime,
        String rawXml,
        long departmentId,
        Optional<String> name,
        OptionalLong parentId)
        implements ContactEvent {

    public DepartmentUpdated {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(name, "name == null");
        requireNonNull(parentId, "parentId == null");
    }

    @Override
    public String toString() {
        return "DepartmentUpdated[corpId=" + corpId + ", createTime=" + createTime
                + ", departmentId=" + departmentId + "]";
    }
}
