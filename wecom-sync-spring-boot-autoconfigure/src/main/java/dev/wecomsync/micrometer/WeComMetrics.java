package dev.wecomsync.micrometer;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.client.CallListener;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.sync.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * wecom-sync's meters for Micrometer, with or without Spring. Tags are bounded: API paths, errcodes,
 * event types and outcomes, never a user or department id.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code wecom.sync.runs}</td><td>timer</td><td>{@code outcome} (success, partial, error), {@code plan}</td></tr>
 * <tr><td>{@code wecom.sync.records}</td><td>counter</td><td>{@code kind} (user, department), {@code change} (created, updated, unchanged, renamed, deleted, held_back, failed)</td></tr>
 * <tr><td>{@code wecom.api.calls}</td><td>timer</td><td>{@code api} (e.g. user/get), {@code outcome} (ok, api_error, io_error), {@code errcode} (0, 60011, …; none for I/O)</td></tr>
 * <tr><td>{@code wecom.callback.events}</td><td>counter</td><td>{@code type} (user_created, …; request for answers to WeCom), {@code outcome}</td></tr>
 * <tr><td>{@code wecom.inbox.depth}, {@code wecom.inbox.parked}</td><td>gauge</td><td>none</td></tr>
 * </table>
 *
 * <p>Without Spring: bind it, then pass its listeners to the builders and its recorders to your code.
 * <pre>{@code
 * WeComMetrics metrics = new WeComMetrics();
 * metrics.bindTo(registry);
 * WeComClient client = WeComClient.builder()...callListener(metrics.callListener()).build();
 * CallbackHandler handler = CallbackHandler.builder()...inboxListener(metrics.inboxListener()).build();
 * metrics.watchInbox(handler::inboxStats);
 * metrics.recordRun(sync.fullSync());
 * metrics.recordAnswer("POST", handler.handle("POST", query, body));
 * }</pre>
 * Thread-safe; bound to any number of registries, it records into each.
 */
public final class WeComMetrics implements MeterBinder {

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private volatile Supplier<Optional<InboxStats>> inbox = Optional::empty;

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry == null");
        registries.add(registry);
        Gauge.builder("wecom.inbox.depth", this, m -> m.stats().map(InboxStats::depth).orElse(0L))
                .description("callback events waiting in the inbox, parked ones not included").register(registry);
        Gauge.builder("wecom.inbox.parked", this, m -> m.stats().map(InboxStats::parked).orElse(0L))
                .description("callback events parked after too many attempts").register(registry);
    }

    /** Where the inbox gauges read from, e.g. {@code handler::inboxStats}; the gauges read 0 until set. */
    public void watchInbox(Supplier<Optional<InboxStats>> inboxStats) {
        this.inbox = Objects.requireNonNull(inboxStats, "inboxStats == null");
    }

    private Optional<InboxStats> stats() {
        try {
            return inbox.get();
        } catch (RuntimeException e) {
            return Optional.empty(); // the health contributor reports an unavailable inbox
        }
    }

    /** Times each WeCom call into {@code wecom.api.calls}. */
    public CallListener callListener() {
        return (api, duration, failure) -> {
            String outcome = failure.isEmpty() ? "ok" : failure.get() instanceof WeComApiException ? "api_error" : "io_error";
            String errcode = failure.isEmpty() ? "0" : failure.get() instanceof WeComApiException e
                    ? Integer.toString(e.errcode()) : "none";
            each(r -> Timer.builder("wecom.api.calls").description("calls to WeCom's API, retries included")
                    .tags("api", api, "outcome", outcome, "errcode", errcode).register(r).record(duration));
        };
    }

    /** Counts what the inbox workers do with each event into {@code wecom.callback.events}. */
    public InboxListener inboxListener() {
        return new InboxListener() {
            @Override
            public void onApplied(ContactEvent event, InboxEvent entry) {
                event(type(event), "applied");
            }

            @Override
            public void onRetry(ContactEvent event, InboxEvent entry, Throwable error, Instant nextAttempt) {
                event(type(event), "retried");
            }

            @Override
            public void onParked(ContactEvent event, InboxEvent entry, Throwable error) {
                event(type(event), "parked");
            }
        };
    }

    /**
     * Counts an answer the callback endpoint gave WeCom into {@code wecom.callback.events} with
     * {@code type=request} and an outcome by status: verified (GET 200), accepted (POST 200),
     * malformed (400), refused (403), too_large (413), failed (500), unavailable (503), other.
     */
    public void recordAnswer(String method, CallbackResponse response) {
        int status = response.status();
        String outcome = switch (status) {
            case 200 -> "GET".equals(method) ? "verified" : "accepted";
            case 400 -> "malformed";
            case 403 -> "refused";
            case 413 -> "too_large";
            case 500 -> "failed";
            case 503 -> "unavailable";
            default -> "other";
        };
        event("request", outcome);
    }

    /** Times a finished full sync into {@code wecom.sync.runs} and counts its records into {@code wecom.sync.records}. */
    public void recordRun(SyncReport report) {
        if (report.dryRun()) {
            return;
        }
        String outcome = report.succeeded() ? "success" : "partial";
        String plan = report.plan().name().toLowerCase(Locale.ROOT);
        each(r -> {
            Timer.builder("wecom.sync.runs").description("full syncs").tags("outcome", outcome, "plan", plan)
                    .register(r).record(report.duration());
            records(r, "user", report.users());
            records(r, "department", report.departments());
        });
    }

    /** Times a full sync that threw into {@code wecom.sync.runs} with {@code outcome=error, plan=none}. */
    public void recordRunFailure(Duration duration) {
        each(r -> Timer.builder("wecom.sync.runs").description("full syncs").tags("outcome", "error", "plan", "none")
                .register(r).record(duration));
    }

    private static void records(MeterRegistry r, String kind, SyncReport.Counts c) {
        count(r, kind, "created", c.created());
        count(r, kind, "updated", c.updated());
        count(r, kind, "unchanged", c.unchanged());
        count(r, kind, "renamed", c.renamed());
        count(r, kind, "deleted", c.deleted());
        count(r, kind, "held_back", c.heldBack());
        count(r, kind, "failed", c.failed());
    }

    private static void count(MeterRegistry r, String kind, String change, int n) {
        Counter.builder("wecom.sync.records").description("records a full sync handled")
                .tags("kind", kind, "change", change).register(r).increment(n);
    }

    private void event(String type, String outcome) {
        each(r -> Counter.builder("wecom.callback.events").description("callback events and answers")
                .tags("type", type, "outcome", outcome).register(r).increment());
    }

    private void each(Consumer<MeterRegistry> record) {
        for (MeterRegistry r : registries) {
            record.accept(r);
        }
    }

    /** {@code UserCreated} → {@code user_created}: one value per event class, so bounded. */
    static String type(ContactEvent event) {
        String name = event.getClass().getSimpleName();
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(ch));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "WeComMetrics{registries=" + registries.size() + "}";
    }
}
