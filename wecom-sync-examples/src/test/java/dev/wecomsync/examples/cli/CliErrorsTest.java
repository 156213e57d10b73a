package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each classic mistake ends with exit code 2 (usage, configuration) or 1 (a failure while working)
 * and exactly one line on standard error that says what to fix, with no stack trace unless
 * {@code --verbose}, and no secret.
 */
class CliErrorsTest {

    private static final String SECRET = "app-secret-never-printed";

    @TempDir
    Path folder;

    private WeComSimulator sim;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(Org.generate(20, 3, 5)).build();
        sim.addAppSecret(SECRET);
        env = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", SECRET, "WECOM_BASE_URL", sim.baseUrl());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aMissingConfigFile() {
        CliRun run = CliRun.run(Map.of(), "check", "--config", folder.resolve("nowhere.properties").toString());

        assertUsage(run, "error: --config " + folder.resolve("nowhere.properties") + " does not exist: give a"
                + " properties file");
    }

    @Test
    void aConfigFileThatIsAFolder() {
        CliRun run = CliRun.run(Map.of(), "sync", "--config", folder.toString());

        assertUsage(run, "error: --config " + folder + " is a folder: give a properties file");
    }

    @Test
    void aConfigFileThatIsNoPropertiesFile() throws IOException {
        Path file = Files.writeString(folder.resolve("bad.properties"), "wecom.secret=\\u00zz\n");

        CliRun run = CliRun.run(Map.of(), "check", "--config", file.toString());

        assertUsage(run, "error: cannot read --config " + file + " as a properties file");
    }

    @Test
    void aBaseUrlWithoutTheTrailingSlash() {
        Map<String, String> noSlash = new HashMap<>(env);
        noSlash.put("WECOM_BASE_URL", "http://127.0.0.1:9/wecom");

        CliRun run = CliRun.run(noSlash, "check");

        assertUsage(run, "error: WECOM_BASE_URL (wecom.base-url) must end in /: use http://127.0.0.1:9/wecom/");
    }

    @Test
    void aUrlThatIsNotJdbc() {
        CliRun run = CliRun.run(env, "sync", "--jdbc-url", "postgres://db/app?password=hunter2");

        assertUsage(run, "error: --jdbc-url must be a JDBC URL starting with jdbc:");
        assertThat(run.output()).doesNotContain("hunter2");
    }

    @Test
    void aJdbcUrlNoDriverAccepts() {
        CliRun run = CliRun.run(env, "sync", "--jdbc-url", "jdbc:oracle:thin:@db:1521/app");

        assertUsage(run, "error: no JDBC driver of this tool accepts jdbc:oracle:thin:@db:1521/app");
    }

    @Test
    void aBatchSizeOfZero() {
        CliRun run = CliRun.run(env, "sync", "--batch-size", "0");

        assertUsage(run, "error: --batch-size must be at least 1");
        assertThat(run.errors()).contains("(see `wecom-sync sync --help`)");
    }

    @Test
    void aBadTablePrefix() {
        CliRun run = CliRun.run(env, "sync", "--dry-run", "--table-prefix", "1-bad");

        assertUsage(run, "error: --table-prefix \"1-bad\" cannot be used: it must be letters, digits or _");
    }

    @Test
    void aPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(Map.of(), "serve", "--simulate", "10", "--bind", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()));

            assertUsage(run, "error: port " + taken.getLocalPort() + " on 127.0.0.1 is in use: choose another --port");
        }
    }

    @Test
    void aDemoFolderThatIsAFile() throws IOException {
        Path file = Files.writeString(folder.resolve("file"), "x");

        CliRun run = CliRun.run(Map.of(), "demo", "--folder", file.toString());

        assertUsage(run, "error: --folder " + file + " is a file, not a folder");
    }

    @Test
    void aDemoFolderThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(folder.resolve("file"), "x");

        CliRun run = CliRun.run(Map.of(), "demo", "--folder", file.resolve("inside").toString());

        assertUsage(run, "error: cannot create the --folder " + file.resolve("inside"));
    }

    @Test
    void otherBadOptions() {
        assertUsage(CliRun.run(env, "sync", "--no-such-option"), "error: Unknown option: '--no-such-option'");
        assertUsage(CliRun.run(env, "sync", "--deletion-delay", "soon"), "error: Invalid value for option"
                + " '--deletion-delay'");
        assertUsage(CliRun.run(Map.of(), "serve", "--simulate", "10", "--path", "callback"),
                "error: --path must start with /");
        assertUsage(CliRun.run(Map.of(), "serve", "--simulate", "10", "--port", "70000"),
                "error: --port must be from 0 to 65535");
        assertUsage(CliRun.run(Map.of(), "check", "--simulate", "0"), "error: --simulate takes a number of users"
                + " from 1 to 100000");
        assertUsage(CliRun.run(Map.of(), "check"), "error: WECOM_CORP_ID is not set");
        Map<String, String> noCallback = new HashMap<>(env);
        assertUsage(CliRun.run(noCallback, "serve"), "error: WECOM_TOKEN and WECOM_ENCODING_AES_KEY");
        noCallback.put("WECOM_TOKEN", "token");
        noCallback.put("WECOM_ENCODING_AES_KEY", "too-short");
        CliRun badKey = CliRun.run(noCallback, "serve");
        assertUsage(badKey, "error: the callback settings cannot be used:");
        assertThat(badKey.output()).doesNotContain("too-short");
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsAFailureOfOneLine() throws IOException {
        Path file = Files.writeString(folder.resolve("file"), "x");
        String url = "jdbc:h2:file:" + file.resolve("db") + ";PASSWORD=hunter2";

        CliRun run = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        List<String> lines = run.errors().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: database error: ").endsWith("(--verbose shows the stack trace)");
        assertThat(run.output()).doesNotContain("hunter2").doesNotContain("\tat ").doesNotContain(SECRET);
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path file = Files.writeString(folder.resolve("file"), "x");
        String url = "jdbc:h2:file:" + file.resolve("db") + ";PASSWORD=hunter2";

        CliRun run = CliRun.run(env, "sync", "--plain", "--verbose", "--jdbc-url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errors()).startsWith("error: database error: ").contains("\tat ").doesNotContain("hunter2");
        CliRun usage = CliRun.run(env, "sync", "--verbose", "--batch-size", "0");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.errors()).contains("\tat ");
    }

    /** Exit code 2 and one line on standard error that starts with {@code line}, no stack trace, no secret. */
    private static void assertUsage(CliRun run, String line) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        List<String> lines = run.errors().lines().toList();
        assertThat(lines).as(run.output()).hasSize(1);
        assertThat(lines.get(0)).startsWith(line);
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(SECRET);
    }
}
