package dev.wecomsync.examples.cli;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.SyncReport;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The console lines of {@code serve}: one per applied event, one per reconcile. */
final class ServeLines {

    private ServeLines() {
    }

    /**
     * {@code 10:42:07 CREATED user zhangsan: re-read with user/get}; an event about no record names its
     * type instead: {@code 10:42:07 IGNORED TagUpdated: tags are not synced}.
     */
    static String event(ContactEvent event, EventResult result) {
        String subject = result.kind().isPresent()
                ? result.kind().get().name().toLowerCase(Locale.ROOT) + " " + result.id()
                : event.getClass().getSimpleName();
        return now() + " " + result.outcome() + " " + subject
                + result.renamedFrom().map(old -> " (renamed from " + old + ")").orElse("") + ": " + result.detail();
    }

    /** {@code 10:42:07 reconcile ok in 1.2 s: users 3 created, 1 updated, ...; departments ...}. */
    static String reconcile(SyncReport report) {
        return now() + " reconcile " + (report.succeeded() ? "ok" : report.failures().size() + " failure(s)")
                + String.format(Locale.ROOT, " in %.1f s", report.duration().toMillis() / 1000.0)
                + ": users " + report.users() + "; departments " + report.departments()
                + report.deletionsWithheld().map(why -> "; deletions withheld: " + why).orElse("")
                + (report.succeeded() ? "" : "; first failure: " + report.failures().get(0));
    }

    static String reconcileFailed(String why) {
        return now() + " reconcile failed: " + why + "; the next one runs on schedule";
    }

    static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
