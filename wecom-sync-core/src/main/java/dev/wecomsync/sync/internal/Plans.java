package dev.wecomsync.sync.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link ReadPlan} the engine follows now, shared by full syncs and single-record syncs.
 * Each full sync starts again from {@link ReadPlan#preferred()} (so a permission an admin granted
 * is noticed within one run) and leaves the plan it ended with for the events that follow; an
 * event that meets 48009/48002 re-chooses it too. Thread-safe.
 */
final class Plans {

    private final AtomicReference<ReadPlan> current = new AtomicReference<>(ReadPlan.preferred());

    ReadPlan current() {
        return current.get();
    }

    boolean allows(Directory secret, String api) {
        return current.get().allows(secret, api);
    }

    /** Strikes {@code api} off for {@code secret}. */
    void forbid(Directory secret, String api) {
        current.updateAndGet(plan -> plan.forbid(secret, api));
    }

    /** Back to the plan the secrets allow, at the start of a full sync. */
    void restart() {
        current.set(ReadPlan.preferred());
    }
}
