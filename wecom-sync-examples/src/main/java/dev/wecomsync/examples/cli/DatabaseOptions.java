package dev.wecomsync.examples.cli;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/** Where {@code sync}, {@code serve} and {@code deletions} read and write. */
final class DatabaseOptions {

    /** An H2 database file in the current folder. */
    static final String DEFAULT_URL = "jdbc:h2:file:./wecom-sync";

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "An H2, PostgreSQL, MariaDB or MySQL database.%n"
                    + "Default: WECOM_SYNC_JDBC_URL, else the H2 file%n"
                    + DEFAULT_URL + " in this folder%n"
                    + "(in memory with --simulate). Prefer the variable%n"
                    + "when the URL holds a password.")
    String jdbcUrl;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", defaultValue = "wecom_",
            description = "Prefix of the tables: letters, digits or _, not starting with a digit (default: ${DEFAULT-VALUE}).")
    String tablePrefix;

    private String resolved;

    /**
     * The URL to use: {@code --jdbc-url}, else {@code WECOM_SYNC_JDBC_URL}, else a fresh in-memory
     * database when {@code simulate}, else {@link #DEFAULT_URL}. Registered with {@code root} so that
     * it is printed only redacted.
     */
    String url(WeComSyncCommand root, boolean simulate) {
        if (resolved == null) {
            String fromEnvironment = root.environment().get("WECOM_SYNC_JDBC_URL");
            if (jdbcUrl != null && !jdbcUrl.isBlank()) {
                resolved = jdbcUrl.strip();
            } else if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                resolved = fromEnvironment.strip();
            } else {
                resolved = simulate ? Simulation.memoryUrl() : DEFAULT_URL;
            }
            root.url(resolved);
        }
        return resolved;
    }

    /** The URL for printing: without what may hold a password. */
    String shown(WeComSyncCommand root, boolean simulate) {
        String url = url(root, simulate);
        return url.startsWith("jdbc:h2:mem:") ? "an in-memory H2 database" : DatabasePool.redacted(url);
    }

    /**
     * A pool over the database, once the URL and the table prefix are checked.
     *
     * @throws UsageException when either cannot work
     */
    DatabasePool open(WeComSyncCommand root, boolean simulate) {
        String url = url(root, simulate);
        tables();
        return DatabasePool.open(withoutTraceFile(url));
    }

    /** @throws UsageException when the prefix is not a plain identifier */
    JdbcSyncTarget.Tables tables() {
        try {
            return new JdbcSyncTarget.Tables(tablePrefix);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--table-prefix " + quote(tablePrefix) + " cannot be used: it must be letters,"
                    + " digits or _, not starting with a digit, at most 40 (like wecom_ or app_wecom_)");
        }
    }

    /** The directory mirror in {@code tables}, its tables created when missing. */
    static JdbcSyncTarget target(DataSource dataSource, JdbcSyncTarget.Tables tables) {
        return JdbcSyncTarget.builder().dataSource(dataSource).tablePrefix(tables.prefix()).createTables(true).build();
    }

    /** The directory mirror in {@code tables} if they exist; creates nothing. */
    static Optional<JdbcSyncTarget> existingTarget(DataSource dataSource, JdbcSyncTarget.Tables tables) {
        return JdbcSyncTarget.builder().dataSource(dataSource).tablePrefix(tables.prefix()).buildIfTablesExist();
    }

    /**
     * The H2 database file ({@code <name>.mv.db}) of an H2 file URL; empty for other URLs
     * (in-memory, server, other databases).
     */
    static Optional<Path> h2File(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String name = url.substring(8);
        int semicolon = name.indexOf(';');
        if (semicolon >= 0) {
            name = name.substring(0, semicolon);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            name = name.substring(5);
        } else if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")
                || lower.startsWith("zip:") || lower.startsWith("split:") || lower.startsWith("nio")
                || lower.startsWith("async:") || lower.startsWith("memfs:") || lower.startsWith("memlzf:")) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name + ".mv.db"));
    }

    /** True when {@code url} names an H2 file that does not exist yet (opening it would create it). */
    static boolean isMissingH2File(String url) {
        return h2File(url).map(file -> !Files.exists(file)).orElse(false);
    }

    /** An H2 URL that writes no trace file (H2 writes one next to the database on every SQL error). */
    static String withoutTraceFile(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)
                || url.toUpperCase(Locale.ROOT).contains("TRACE_LEVEL_FILE")) {
            return url;
        }
        return url + ";TRACE_LEVEL_FILE=0";
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
