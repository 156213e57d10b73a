package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionsCommandTest {

    @TempDir
    Path folder;

    private WeComSimulator sim;
    private Map<String, String> env;
    private String url;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(Org.generate(50, 6, 11)).build();
        sim.addAppSecret("app");
        env = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", "app", "WECOM_BASE_URL", sim.baseUrl());
        url = "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void guardHeldDeletionsAreListedAndOnlyTheApprovedOnesAreDeleted() {
        assertThat(CliRun.run(env, "deletions", "--jdbc-url", url).output()).contains("does not exist yet");
        assertThat(folder).isEmptyDirectory();
        assertThat(CliRun.run(env, "sync", "--plain", "--jdbc-url", url).exitCode()).isZero();
        assertThat(CliRun.run(env, "deletions", "--jdbc-url", url).output()).contains("No pending deletions.");
        List<SimUser> users = sim.org().users().subList(0, 15);
        users.forEach(u -> sim.org().deleteUser(u.userId()));

        CliRun held = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);
        assertThat(held.output()).contains("15 held back").contains("held back by the deletion guard");

        CliRun listed = CliRun.run(env, "deletions", "--jdbc-url", url);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output()).contains("15 pending deletion(s):").contains("user:" + users.get(0).userId())
                .contains("GUARD");

        CliRun unknown = CliRun.run(env, "deletions", "approve", "user:nobody", "--jdbc-url", url);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("not pending: user:nobody");
        assertThat(CliRun.run(env, "deletions", "approve", "--jdbc-url", url).exitCode()).isEqualTo(2);

        String first = "user:" + users.get(0).userId();
        String second = "user:" + users.get(1).userId();
        CliRun approved = CliRun.run(env, "deletions", "approve", first, second, "--jdbc-url", url);
        assertThat(approved.exitCode()).as(approved.output()).isZero();
        assertThat(approved.output()).contains("Approved 2 deletion(s)");

        CliRun next = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);
        assertThat(next.output()).contains("2 deleted").contains("13 held back");
        assertThat(CliRun.run(env, "deletions", "--jdbc-url", url).output()).contains("13 pending deletion(s):")
                .doesNotContain(first + " ");

        assertThat(CliRun.run(env, "deletions", "approve", "--all", "--jdbc-url", url).output())
                .contains("Approved 13 deletion(s)");
        assertThat(CliRun.run(env, "sync", "--plain", "--jdbc-url", url).output()).contains("13 deleted");
        assertThat(CliRun.run(env, "deletions", "--jdbc-url", url).output()).contains("No pending deletions.");
    }
}
