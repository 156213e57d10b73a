package dev.wecomsync.sync.internal;

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
import dev.wecomsync.sync.EventResult;
import java.util.Optional;

/**
 * Turns a callback event into the single-record sync it hints at. Events are hints: whatever the
 * event says, the record is read again. A {@code NewUserID} is a rename, passed to the target
 * before anything else. Tags, batch jobs and unknown events are ignored.
 */
final class Events {

    private final RecordSync records;

    Events(RecordSync records) {
        this.records = records;
    }

    EventResult apply(ContactEvent event) {
        if (event instanceof UserCreated e) {
            return records.user(e.userId(), Optional.empty());
        } else if (event instanceof UserUpdated e) {
            Optional<String> newUserId = e.newUserId().filter(id -> !id.isBlank());
            return newUserId.isPresent() ? records.user(newUserId.get(), Optional.of(e.userId()))
                    : records.user(e.userId(), Optional.empty());
        } else if (event instanceof UserDeleted e) {
            return records.user(e.userId(), Optional.empty());
        } else if (event instanceof DepartmentCreated e) {
            return records.department(e.departmentId(), event.createTime());
        } else if (event instanceof DepartmentUpdated e) {
            return records.department(e.departmentId(), event.createTime());
        } else if (event instanceof DepartmentDeleted e) {
            return records.department(e.departmentId(), event.createTime());
        } else if (event instanceof TagUpdated) {
            return ignored("tags are not synced");
        } else if (event instanceof BatchJobFinished e) {
            return ignored("batch job " + e.jobType() + " finished; a full sync picks up its changes");
        } else if (event instanceof UnknownEvent e) {
            return ignored("unknown event " + e.event() + "/" + e.changeType());
        }
        return ignored("unsupported event " + event.getClass().getSimpleName());
    }

    private static EventResult ignored(String why) {
        return new EventResult(EventResult.Outcome.IGNORED, Optional.empty(), "", Optional.empty(), why);
    }
}
