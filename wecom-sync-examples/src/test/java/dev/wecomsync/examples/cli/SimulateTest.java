package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command but {@code demo} runs against {@code --simulate USERS}, with no credentials and no files. */
class SimulateTest {

    @Test
    void syncSaysItIsSimulatedAndCountsWhatItsLabelsSay() {
        CliRun run = CliRun.run(Map.of(), "sync", "--simulate", "200", "--plain");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("200 users in 12 departments").contains("— not WeCom (--simulate)")
                .contains("into an in-memory H2 database").contains("users:       200 created");
        // 200 users have more memberships than that: the ids phase counts userids; reading users
        // department by department counts departments, under its own label
        assertThat(run.output()).containsPattern("user ids\\s+200\\R").containsPattern("user lists\\s+12/12 ")
                .doesNotContainPattern("users\\s+\\d+/12 ");
    }

    @Test
    void aDryRunOfTheSimulation() {
        CliRun run = CliRun.run(Map.of(), "sync", "--simulate", "50", "--dry-run", "--plain");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Dry run").contains("a dry run creates nothing").contains("50 created");
    }

    @Test
    void checkPassesOnTheSimulatedCorp() {
        CliRun run = CliRun.run(Map.of(), "check", "--simulate", "50");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("not WeCom").contains("errcode 48009 (expected for new installs)")
                .contains("All checks passed.");
    }

    @Test
    void deletionsListWhatTheGuardHeldBack() {
        CliRun run = CliRun.run(Map.of(), "deletions", "--simulate", "40");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Simulated: synced 40 users, removed 10 of them")
                .contains("10 pending deletion(s):").contains("GUARD");
    }

    @Test
    void serveReconcilesAndSaysSo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cli = WeComSyncCommand.commandLine(Map.of(), out, out);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "serve", "--simulate", "30", "--port", "0", "--bind", "127.0.0.1"));

        ServeCommandTest.awaitOutput(bytes, "reconcile ok");
        ((ServeCommand) cli.getSubcommands().get("serve").getCommandSpec().userObject()).stop.countDown();

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("30 users in").contains("not WeCom").contains("Listening on http://127.0.0.1:")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d reconcile ok in [0-9.]+ s: users 30 created, 0 updated")
                .contains("Stopped.");
    }
}
