package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wecom-sync history} after {@code sync} runs against the simulator. */
class HistoryCommandTest {

    private static final Pattern RUN_ID = Pattern.compile("Full sync ([0-9a-f-]{36}):");

    @TempDir
    Path folder;

    private WeComSimulator sim;
    private Map<String, String> env;
    private String url;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(Org.generate(30, 4, 7)).build();
        sim.addAppSecret("app");
        env = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", "app", "WECOM_BASE_URL", sim.baseUrl());
        url = "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String sync() {
        CliRun run = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);
        assertThat(run.exitCode()).as(run.output()).isZero();
        Matcher id = RUN_ID.matcher(run.output());
        assertThat(id.find()).as(run.output()).isTrue();
        return id.group(1);
    }

    @Test
    void historyListsThreeSyncsNewestFirstAndShowsTheChangesOfOne() {
        CliRun empty = CliRun.run(env, "history", "--jdbc-url", url);
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.output()).contains("No full syncs recorded yet");

        String first = sync();
        SimUser moved = sim.org().users().get(0);
        sim.org().updateUser(moved.userId(), u -> u.withPosition("新职位"));
        String second = sync();
        String gone = sim.org().users().get(1).userId();
        sim.org().deleteUser(gone);
        String third = sync();
        CliRun dry = CliRun.run(env, "sync", "--dry-run", "--plain", "--jdbc-url", url);
        assertThat(dry.exitCode()).isZero();

        CliRun list = CliRun.run(env, "history", "--jdbc-url", url);

        assertThat(list.exitCode()).as(list.output()).isZero();
        List<String> lines = list.output().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("  " + third).contains("succeeded", "users: ", "1 deleted");
        assertThat(lines.get(1)).startsWith("  " + second).contains("users: 1 updated, 29 unchanged");
        assertThat(lines.get(2)).startsWith("  " + first).contains("departments: 4 created; users: 30 created");
        assertThat(list.output()).startsWith("3 full sync(s), newest first:");

        CliRun limited = CliRun.run(env, "history", "--limit", "1", "--jdbc-url", url);
        assertThat(limited.output().lines().filter(l -> l.startsWith("  "))).hasSize(1);

        CliRun changes = CliRun.run(env, "history", second, "--jdbc-url", url);
        assertThat(changes.exitCode()).as(changes.output()).isZero();
        assertThat(changes.output()).contains("Full sync " + second, "1 change(s):",
                "  UPDATED user " + moved.userId() + " [position]").doesNotContain("新职位");

        CliRun deletion = CliRun.run(env, "history", third, "--jdbc-url", url);
        assertThat(deletion.output()).contains("DELETED user " + gone);
    }

    @Test
    void anUnknownRunIdExitsWithTwoAndOneLine() {
        sync();

        CliRun unknown = CliRun.run(env, "history", "no-such-run", "--jdbc-url", url);

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output().lines()).containsExactly(
                "error: no run no-such-run in the history; `wecom-sync history` lists the recent runs");
    }
}
