package dev.wecomsync.examples.demo;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.sync.EventResult;
import java.util.Locale;

/** One line for a callback event and what the engine did with it, for people. */
final class EventLine {

    private EventLine() {
    }

    static String of(ContactEvent event, EventResult result) {
        String what = String.format(Locale.ROOT, "%-12s %-24s", changeType(event), subject(event));
        String kind = result.kind().map(k -> k.name().toLowerCase(Locale.ROOT) + " " + result.id())
                .orElse(event.getClass().getSimpleName());
        String outcome = switch (result.outcome()) {
            case CREATED -> "created";
            case UPDATED -> "updated";
            case UNCHANGED -> "unchanged";
            case RENAMED -> "renamed";
            case DELETED -> "deleted";
            case SKIPPED -> "skipped";
            case IGNORED -> "ignored";
        };
        String renamed = result.renamedFrom().map(old -> " (renamed from " + old + ")").orElse("");
        return what + " -> " + kind + " " + outcome + renamed + ": " + result.detail();
    }

    /** WeCom's ChangeType for the event. */
    static String changeType(ContactEvent event) {
        if (event instanceof UserCreated) {
            return "create_user";
        } else if (event instanceof UserUpdated) {
            return "update_user";
        } else if (event instanceof UserDeleted) {
            return "delete_user";
        } else if (event instanceof DepartmentCreated) {
            return "create_party";
        } else if (event instanceof DepartmentUpdated) {
            return "update_party";
        } else if (event instanceof DepartmentDeleted) {
            return "delete_party";
        }
        return event.getClass().getSimpleName();
    }

    private static String subject(ContactEvent event) {
        if (event instanceof UserCreated e) {
            return e.userId();
        } else if (event instanceof UserUpdated e) {
            return e.userId() + e.newUserId().map(n -> " -> " + n).orElse("");
        } else if (event instanceof UserDeleted e) {
            return e.userId();
        } else if (event instanceof DepartmentCreated e) {
            return Long.toString(e.departmentId());
        } else if (event instanceof DepartmentUpdated e) {
            return Long.toString(e.departmentId());
        } else if (event instanceof DepartmentDeleted e) {
            return Long.toString(e.departmentId());
        }
        return "";
    }
}
