package dev.wecomsync.examples.demo;

import dev.wecomsync.sync.SyncReport;
import java.util.Optional;

/**
 * What a demo run ended with.
 *
 * @param exitCode 0 when everything synced and the database equals the source
 * @param fullSync the first full sync's report
 * @param reconcile the reconciling full sync after the callbacks; empty against a real corp
 * @param database the summary of what the database holds at the end
 * @param expected the summary of the simulator's org at the end; empty against a real corp
 */
public record DemoResult(int exitCode, SyncReport fullSync, Optional<SyncReport> reconcile,
        DirectorySummary database, Optional<DirectorySummary> expected) {

    /** True when the database equals the simulator's org (always false against a real corp). */
    public boolean matches() {
        return expected.map(e -> e.checksum().equals(database.checksum())).orElse(false);
    }
}
