package dev.wecomsync.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.sync.SyncPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @TempDir
    Path folder;

    @Test
    void theDemoEndsWithTheDatabaseEqualToTheSimulatedOrg() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoResult result;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result = Demo.run(out, folder, Map.of());
        }
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(result.matches()).isTrue();
        assertThat(result.database()).isEqualTo(result.expected().orElseThrow());
        assertThat(result.database().users()).isEqualTo(SimulatedDemo.USERS);
        assertThat(result.database().departments()).isEqualTo(SimulatedDemo.DEPARTMENTS);   // one added, one deleted
        assertThat(result.fullSync().plan()).isEqualTo(SyncPlan.IDS_THEN_DETAILS);
        assertThat(result.fullSync().users().created()).isEqualTo(SimulatedDemo.USERS);
        // The callbacks carried the hire, rename, move and deletions; the reconcile only what skeletons omit.
        assertThat(result.reconcile().orElseThrow().users().updated()).isEqualTo(1);          // the resignation
        assertThat(result.reconcile().orElseThrow().departments().updated()).isEqualTo(1);    // the rename
        assertThat(result.reconcile().orElseThrow().writes()).isEqualTo(2);

        assertThat(output).contains("URL verification by the simulator: passed")
                .contains("create_user  " + ChangeBurst.HIRE_USER_ID)
                .contains("applied again 0 time(s)")
                .contains("delete_party")
                .contains("MATCH");

        // The database file is real and holds what the summary says, read back over a fresh connection.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("wecom").toAbsolutePath(),
                "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + new JdbcSyncTarget.Tables(JdbcSyncTarget.DEFAULT_PREFIX).user()
                        + " WHERE status = 'EXITED'")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void withCorpSettingsTheDemoSyncsThatCorpInstead() throws Exception {
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(40, 4, 9)).build()) {
            sim.addAppSecret("app");
            Map<String, String> env = Map.of("WECOM_CORP_ID", sim.corpId(), "WECOM_SECRET", "app",
                    "WECOM_BASE_URL", sim.baseUrl());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DemoResult result;
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                result = Demo.run(out, folder, env);
            }

            assertThat(result.exitCode()).isZero();
            assertThat(result.reconcile()).isEmpty();
            assertThat(result.database().users()).isEqualTo(40);
            assertThat(result.database()).isEqualTo(DirectorySummary.of(sim.org()));
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("your WeCom corp " + sim.corpId())
                    .contains("wecom-sync serve").doesNotContain("Simulated corp");
        }
    }
}
