package dev.wecomsync.sync.internal;

import java.util.concurrent.ExecutorService;

/**
 * What the readers of one full sync share: the secrets (counting their calls), the plan they
 * follow and re-choose, the recorder, the pool for parallel reads, progress.
 *
 * @param contactSync null when no Contacts Sync secret is configured
 */
record ReadContext(Directory app, Directory contactSync, Plans plans, Recorder recorder, ExecutorService pool,
        int concurrency, Progress progress) {

    /** The secret that lists the organisation. */
    Directory lister() {
        return ReadPlan.lister(app, contactSync);
    }

    /** Strikes {@code api} off the plan for {@code secret} and notes why. */
    void forbid(Directory secret, String api, RuntimeException e) {
        plans.forbid(secret, api);
        recorder.note(api + " with the " + secret.description() + " answered " + ReadError.errcode(e));
    }

    void note(String planNote) {
        recorder.note(planNote);
    }
}
