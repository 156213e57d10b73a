package dev.wecomsync.examples.cli;

import picocli.CommandLine.Option;

/** {@code --simulate USERS}: run against an in-process simulated corp instead of WeCom. */
final class SimulateOption {

    /** More would take minutes to generate and sync; the simulator is for trying things out. */
    static final int MAX_USERS = 100_000;

    @Option(names = "--simulate", paramLabel = "USERS",
            description = "Run against an in-process simulated corp of USERS users (not WeCom), generated the"
                    + " same way every time; no credentials needed. A command with a database uses an in-memory"
                    + " one unless --jdbc-url is given.")
    Integer users;

    boolean enabled() {
        return users != null;
    }
}
