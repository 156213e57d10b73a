package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An asynchronous batch job finished ({@code Event} {@code batch_job_result}). {@code errCode} is
 * 0 on success; {@code jobType} is WeCom's name such as {@code sync_user}, {@code replace_user},
 * {@code invite_user} or {@code replace_party}. Text fields are empty when WeCom sent none.
 */
public record BatchJobFinished(
        String corpId,
        Instant createTime,
        String rawXml,
        String jobId,
        String jobType,
        int errCode,
        String errMsg)
        implements ContactEvent {

    public BatchJobFinished {
        requireNonNull(corpId, "corpId == null");
        requireNonNull(createTime, "createTime == null");
        requireNonNull(rawXml, "rawXml == null");
        requireNonNull(jobId, "jobId == null");
        requireNonNull(jobType, "jobType == null");
        requireNonNull(errMsg, "errMsg == null");
    }

    @Override
    public String toString() {
        return "BatchJobFinished[corpId=" + corpId + ", createTime=" + createTime + ", jobId=" + jobId
                + ", jobType=" + jobType + ", errCode=" + errCode + "]";
    }
}
