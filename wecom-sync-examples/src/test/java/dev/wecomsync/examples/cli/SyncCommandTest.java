package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncCommandTest {

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
    void syncWritesTheOrgAndADryRunWritesNothing() throws Exception {
        CliRun dry = CliRun.run(env, "sync", "--dry-run", "--plain", "--jdbc-url", url);
        assertThat(dry.exitCode()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("Dry run").contains("50 created");
        assertThat(tables()).isEmpty();

        CliRun sync = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);
        assertThat(sync.exitCode()).as(sync.output()).isZero();
        assertThat(sync.output()).contains("Full sync").contains("users:       50 created");
        List<String> before = rows();
        assertThat(before).hasSize(50 + 6);

        SimUser someone = sim.org().users().get(0);
        sim.org().updateUser(someone.userId(), u -> u.withPosition("新职位"));
        String gone = sim.org().users().get(1).userId();
        sim.org().deleteUser(gone);
        CliRun changes = CliRun.run(env, "sync", "--dry-run", "--plain", "--jdbc-url", url);
        assertThat(changes.exitCode()).isZero();
        assertThat(changes.output()).contains("1 updated").contains("1 deleted");
        assertThat(changes.output()).contains("Would change:", "UPDATED user " + someone.userId() + " [position]",
                "DELETED user " + gone);
        assertThat(rows()).isEqualTo(before);

        CliRun json = CliRun.run(env, "sync", "--dry-run", "--json", "--jdbc-url", url);
        assertThat(json.exitCode()).as(json.output()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.output());
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("users").get("updated").asInt()).isEqualTo(1);
        assertThat(report.get("changes")).hasSize(2);
        assertThat(report.get("changes").findValuesAsText("type")).containsExactlyInAnyOrder("UPDATED", "DELETED");
        assertThat(report.get("changes").get(0).get("changedFields").get(0).asText()).isEqualTo("position");
        assertThat(json.output()).doesNotContain("新职位");
        assertThat(rows()).isEqualTo(before);

        CliRun apply = CliRun.run(env, "sync", "--plain", "--jdbc-url", url);
        assertThat(apply.exitCode()).isZero();
        assertThat(rows()).hasSize(50 + 6 - 1).contains("U|" + someone.userId() + "|新职位");
    }

    @Test
    void aDryRunCreatesNoFile() throws Exception {
        List<String> before = files(Path.of("."));

        CliRun defaultDatabase = CliRun.run(env, "sync", "--dry-run", "--plain");
        CliRun fileDatabase = CliRun.run(env, "sync", "--dry-run", "--plain", "--jdbc-url", url);

        assertThat(defaultDatabase.exitCode()).as(defaultDatabase.output()).isZero();
        assertThat(fileDatabase.exitCode()).as(fileDatabase.output()).isZero();
        assertThat(fileDatabase.output()).contains("the database does not exist yet").contains("50 created");
        assertThat(files(Path.of("."))).as("the working directory").isEqualTo(before);
        assertThat(files(folder)).isEmpty();
    }

    @Test
    void aDryRunOfAnExistingDatabaseWritesNoTraceFile() throws Exception {
        assertThat(CliRun.run(env, "sync", "--plain", "--jdbc-url", url).exitCode()).isZero();
        List<String> before = files(folder);

        CliRun dry = CliRun.run(env, "sync", "--dry-run", "--plain", "--table-prefix", "other_", "--jdbc-url", url);

        assertThat(dry.exitCode()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("the tables do not exist yet");
        assertThat(files(folder)).isEqualTo(before).noneMatch(name -> name.endsWith(".trace.db"));
    }

    private static List<String> files(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailingSecretExitsWithOne() throws Exception {
        Map<String, String> wrong = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", "wrong",
                "WECOM_BASE_URL", sim.baseUrl());

        CliRun run = CliRun.run(wrong, "sync", "--plain", "--jdbc-url", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("40001");

        CliRun json = CliRun.run(wrong, "sync", "--json", "--jdbc-url", url);
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode failed = new ObjectMapper().readTree(json.output());
        assertThat(failed.get("succeeded").asBoolean()).isFalse();
        assertThat(failed.get("failures").get(0).get("reason").asText()).contains("40001");
    }

    private List<String> tables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Departments and users with their positions. */
    private List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, name FROM wecom_department")) {
                while (rs.next()) {
                    out.add("D|" + rs.getLong(1) + "|" + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT userid, position FROM wecom_user")) {
                while (rs.next()) {
                    out.add("U|" + rs.getString(1) + "|" + rs.getString(2));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
