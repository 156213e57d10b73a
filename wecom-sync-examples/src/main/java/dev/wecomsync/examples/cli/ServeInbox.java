package dev.wecomsync.examples.cli;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.jdbc.JdbcEventInbox;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * {@code serve}'s inbox: a {@link JdbcEventInbox} in the serve database (its table is created when
 * missing), so that an event answered 200 survives a restart, and a console line for each event
 * retried or parked (an applied event has its line from the handler: what the sync did).
 */
final class ServeInbox implements InboxListener {

    private final PrintStream out;
    private final WeComSyncCommand root;

    ServeInbox(PrintStream out, WeComSyncCommand root) {
        this.out = out;
        this.root = root;
    }

    static EventInbox on(DataSource dataSource) {
        return JdbcEventInbox.builder().dataSource(dataSource).createTables(true).build();
    }

    @Override
    public void onRetry(ContactEvent event, InboxEvent entry, Throwable error, Instant nextAttempt) {
        print("retry", event, entry, ": " + describe(error) + "; next attempt at "
                + LocalTime.ofInstant(nextAttempt, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void onParked(ContactEvent event, InboxEvent entry, Throwable error) {
        print("PARKED", event, entry, ": " + describe(error)
                + "; the next full sync repairs the record, or restart serve to retry parked events");
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private void print(String what, ContactEvent event, InboxEvent entry, String rest) {
        out.println(root.redact(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " inbox " + what + " "
                + event.getClass().getSimpleName() + " " + String.join(" ", entry.orderKeys()) + " (attempt "
                + entry.attempts() + ", key " + entry.shortKey() + ")" + rest));
    }
}
