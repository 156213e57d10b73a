package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.BatchJobFinished;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UnknownEvent;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserUpdated;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * Turns a decrypted WeCom message into a {@link ContactEvent}.
 *
 * <p>Elements may be CDATA or plain text, in any order, with any whitespace between them;
 * unknown elements are ignored; an unknown {@code Event} or {@code ChangeType} gives an
 * {@link UnknownEvent}. Only a document that is not well-formed XML, has a DTD, lacks a numeric
 * {@code CreateTime} (within {@link Instant}'s range), or lacks the id its type requires is
 * refused, always with a {@link MalformedMessageException}. Thread-safe and stateless.
 */
public final class EventParser {
    private EventParser() {}

    public static ContactEvent parse(String xml) throws MalformedMessageException {
        Elements root = new Elements(SafeXml.read(xml));
        String corpId = root.textOrEmpty("ToUserName");
        Instant created = createTime(root);
        String event = root.textOrEmpty("Event");
        String changeType = root.textOrEmpty("ChangeType");
        if (event.equals("change_contact")) {
            switch (changeType) {
                case "create_user":
                    return new UserCreated(corpId, created, xml, root.requiredText("UserID", changeType),
                            UserFieldsReader.read(root));
                case "update_user":
                    return new UserUpdated(corpId, created, xml, root.requiredText("UserID", changeType),
                            root.trimmed("NewUserID").filter(id -> !id.isEmpty()), UserFieldsReader.read(root));
                case "delete_user":
                    return new UserDeleted(corpId, created, xml, root.requiredText("UserID", changeType));
                case "create_party":
                    return new DepartmentCreated(corpId, created, xml, root.requiredLong("Id", changeType),
                            root.text("Name"), root.longValue("ParentId"), root.longValue("Order"));
                case "update_party":
                    return new DepartmentUpdated(corpId, created, xml, root.requiredLong("Id", changeType),
                            root.text("Name"), root.longValue("ParentId"));
                case "delete_party":
                    return new DepartmentDeleted(corpId, created, xml, root.requiredLong("Id", changeType));
                case "update_tag":
                    return new TagUpdated(corpId, created, xml, root.requiredLong("TagId", changeType),
                            root.list("AddUserItems", s -> s).orElse(List.of()),
                            root.list("DelUserItems", s -> s).orElse(List.of()),
                            root.list("AddPartyItems", Long::valueOf).orElse(List.of()),
                            root.list("DelPartyItems", Long::valueOf).orElse(List.of()));
                default:
                    break;
            }
        } else if (event.equals("batch_job_result")) {
            Elements job = root.child("BatchJob")
                    .orElseThrow(() -> new MalformedMessageException("batch_job_result lacks BatchJob"));
            return new BatchJobFinished(corpId, created, xml, job.textOrEmpty("JobId"),
                    job.textOrEmpty("JobType"), (int) job.requiredLong("ErrCode", "batch_job_result"),
                    job.text("ErrMsg").orElse(""));
        }
        return new UnknownEvent(corpId, created, xml, root.textOrEmpty("MsgType"), event, changeType);
    }

    private static Instant createTime(Elements root) throws MalformedMessageException {
        long seconds = root.requiredLong("CreateTime", "message");
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new MalformedMessageException("message has a CreateTime out of range: " + seconds);
        }
    }
}
