package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A department was deleted ({@code ChangeType} {@code delete_party}). */
public record DepartmentDeleted(String corpId, Instant createTime, String rawXml, long departmentId)
        implements ContactEvent {

    public DepartmentDeleted {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
    }

    @Override
    public String toString() {
        return "DepartmentDeleted[corpId=" + corpId + ", createTime=" + createTime
                + ", departmentId=" + departmentId + "]";
    }
}
