package dev.wecomsync.sync.internal;

import dev.wecomsync.model.DepartmentRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last {@code department/simplelist} answer, so that single-record syncs of departments the
 * app may not read do not each read the whole structure.
 *
 * <p>A copy serves a request only when it was read at least {@link #CLOCK_MARGIN} after the
 * moment the request is about ({@code notBefore}: an event's creation time; now for an on-demand
 * sync), so it already shows the change the event announced, and only within {@link #MAX_AGE}.
 * Otherwise it is read again: one read at a time, which every request waiting meanwhile shares.
 * A burst of events that queued up (a bulk import, a backlog after downtime) thus costs one read
 * instead of one per event, while an event never sees a structure older than itself. A full
 * sync that reads the structure leaves its copy here. Holds one copy: at most WeCom's 30,000
 * departments. Thread-safe.
 */
final class StructureCache {

    /** How long a copy may serve at all. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Tolerance for WeCom's clock and ours disagreeing. */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(5);

    private final Clock clock;
    private Map<Long, DepartmentRef> byId;
    private Instant readAt = Instant.MIN;

    StructureCache(Clock clock) {
        this.clock = clock;
    }

    /** Leaves a copy read at {@code readAt} (the moment the read started). */
    synchronized void offer(List<DepartmentRef> refs, Instant readAt) {
        if (readAt.isAfter(this.readAt)) {
            this.byId = index(refs);
            this.readAt = readAt;
        }
    }

    /**
     * The structure as of {@code notBefore} or later, reading it with {@code read} when the copy
     * is too old; {@code read}'s exceptions are thrown as they are.
     */
    synchronized Map<Long, DepartmentRef> get(Instant notBefore, Supplier<List<DepartmentRef>> read) {
        Instant now = clock.instant();
        boolean fresh = byId != null && !readAt.isBefore(notBefore.plus(CLOCK_MARGIN))
                && readAt.plus(MAX_AGE).isAfter(now);
        if (!fresh) {
            List<DepartmentRef> refs = read.get();
            byId = index(refs);
            readAt = now;
        }
        return byId;
    }

    private static Map<Long, DepartmentRef> index(List<DepartmentRef> refs) {
        Map<Long, DepartmentRef> out = new HashMap<>(refs.size() * 2);
        refs.forEach(r -> out.put(r.id(), r));
        return Map.copyOf(out);
    }
}
