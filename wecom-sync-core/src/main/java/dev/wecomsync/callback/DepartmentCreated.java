package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A department was created ({@code ChangeType} {@code create_party}). Callback URLs configured
 * after 2022-08-15 get only {@code Id} and {@code ParentId}: {@code name} and {@code order} are
 * then empty.
 */
public record DepartmentCreated(
        String corpId,
        Instant createTime,
        String rawXml,
        long departmentId,
        Optional<String> name,
        OptionalLong parentId,
        OptionalLong order)
        implements ContactEvent {

    public DepartmentCreated {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(name, "name == null");
        requireNonNull(parentId, "parentId == null");
        requireNonNull(order, "order == null");
    }

    @Override
    public String toString() {
        return "DepartmentCreated[corpId=" + corpId + ", createTime=" + createTime
                + ", departmentId=" + departmentId + "]";
    }
}
