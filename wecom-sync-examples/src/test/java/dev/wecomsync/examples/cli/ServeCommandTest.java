package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @TempDir
    Path folder;

    @Test
    void servesCallbacksIntoTheDatabaseUntilStopped() throws Exception {
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(40, 5, 5)).build()) {
            sim.addAppSecret("app");
            Map<String, String> env = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", "app",
                    "WECOM_BASE_URL", sim.baseUrl(), "WECOM_TOKEN", "tok", "WECOM_ENCODING_AES_KEY", KEY);
            String url = "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            CommandLine cli = WeComSyncCommand.commandLine(env, out, out);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                    "serve", "--port", "0", "--bind", "127.0.0.1", "--jdbc-url", url, "--reconcile-every", "1h"));

            String uri = awaitListening(bytes);
            awaitUsers(url, 40);
            try (CallbackSender sender = sim.callbacks(uri, "tok", KEY)) {
                assertThat(sender.verifyUrl().passed()).isTrue();
                sender.emitChanges(EventForm.SKELETON);
                sim.org().addUser(SimUser.builder("served.user", "新人").department(Org.ROOT_ID).build());
                assertThat(sender.lastDelivery().accepted()).isTrue();
            }
            awaitCount(url, "SELECT COUNT(*) FROM wecom_user WHERE userid = 'served.user'", 1); // applied by a worker
            awaitCount(url, "SELECT COUNT(*) FROM wecom_sync_inbox WHERE state = 1", 1); // and recorded as applied
            awaitCount(url, "SELECT COUNT(*) FROM wecom_sync_run", 1); // the first reconcile is in the history

            ((ServeCommand) cli.getSubcommands().get("serve").getCommandSpec().userObject()).stop.countDown();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
            String output = bytes.toString(StandardCharsets.UTF_8);
            assertThat(output).containsPattern("reconcile ok in [0-9.]+ s: users 40 created")
                    .contains("CREATED user served.user: re-read with user/get").contains("Stopped.");
            assertThat(output.lines().filter(l -> l.contains("served.user"))).as("one line per applied event")
                    .hasSize(1);
        }
    }

    /** Waits until serve has printed {@code text}. */
    static void awaitOutput(ByteArrayOutputStream bytes, String text) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (bytes.toString(StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not print " + text + ": " + bytes.toString(StandardCharsets.UTF_8));
    }

    private static String awaitListening(ByteArrayOutputStream bytes) throws InterruptedException {
        Pattern listening = Pattern.compile("Listening on (http://\\S+)");
        for (int i = 0; i < 200; i++) {
            Matcher m = listening.matcher(bytes.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not start: " + bytes.toString(StandardCharsets.UTF_8));
    }

    /** Waits for the first full sync, which runs on the scheduler thread. */
    private static void awaitUsers(String url, int users) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (count(url, "SELECT COUNT(*) FROM wecom_fingerprint WHERE kind = 'USER'") >= users) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first full sync did not finish");
    }

    private static void awaitCount(String url, String sql, int expected) throws Exception {
        for (int i = 0; i < 200 && count(url, sql) != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(count(url, sql)).isEqualTo(expected);
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
