package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

    private WeComSimulator sim;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(Org.generate(30, 5, 3)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Map<String, String> env(String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("WECOM_CORP_ID", sim.corpId());
        env.put("WECOM_BASE_URL", sim.baseUrl());
        env.put("WECOM_SECRET", secret);
        return env;
    }

    @Test
    void aWrongSecretIsExplained() {
        sim.addAppSecret("the-right-secret");

        CliRun run = CliRun.run(env("a-wrong-secret"), "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("gettoken", "errcode 40001")
                .contains("WeCom does not accept this secret")
                .contains("App Management -> your app -> Secret")
                .contains("Some checks failed")
                .doesNotContain("a-wrong-secret");
    }

    @Test
    void anUntrustedIpIsNamed() {
        sim.addAppSecret("app").trustedIps("203.0.113.7");

        CliRun run = CliRun.run(env("app"), "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("department/list", "errcode 60020")
                .contains("refuses calls from this machine's IP address 127.0.0.1")
                .contains("Add 127.0.0.1 to the trusted IPs")
                .contains("about a minute");
    }

    @Test
    void contactSync48009IsExpectedWhenTheAppSecretSeesEverything() {
        sim.addAppSecret("app").createdAfterJune2022();
        sim.addContactSyncSecret("sync").restrictDetailApis();
        Map<String, String> env = env("app");
        env.put("WECOM_CONTACT_SYNC_SECRET", "sync");

        CliRun run = CliRun.run(env, "check");

        assertThat(run.output())
                .contains("sees the whole organisation (5 departments)")
                .contains("user/list_id", "member ids can be listed")
                .contains("errcode 48009", "added after 2022-08-15")
                .contains("All checks passed.");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aNarrowVisibleScopeIsExplained() {
        long child = sim.org().children(Org.ROOT_ID).get(0).id();
        sim.addAppSecret("app").visibleScope(child);

        CliRun run = CliRun.run(env("app"), "check");

        assertThat(run.output()).contains("sees only").contains("visible scope starts at [" + child + "]")
                .contains("Visible to").contains("Some checks failed");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void withBothSecretsTheAppsVisibleScopeIsComparedWithTheWholeOrganisation() {
        long child = sim.org().children(Org.ROOT_ID).get(0).id();
        sim.addAppSecret("app").visibleScope(child);
        sim.addContactSyncSecret("sync").restrictDetailApis();
        Map<String, String> env = env("app");
        env.put("WECOM_CONTACT_SYNC_SECRET", "sync");
        long hiddenDepartments = sim.org().departmentCount() - sim.org().subtree(child).size();
        long hiddenMembers = sim.org().users().stream()
                .filter(u -> u.departments().stream().noneMatch(d -> sim.org().isWithin(d, child))).count();

        CliRun run = CliRun.run(env, "check");

        assertThat(run.output()).contains("Visible scope: the app secret against the Contacts Sync secret")
                .contains("WARNING: the app sees " + (sim.org().departmentCount() - hiddenDepartments) + " of "
                        + sim.org().departmentCount() + " departments; " + hiddenDepartments + " department(s)")
                .contains(hiddenMembers + " of " + sim.org().userCount() + " members are outside its visible scope")
                .contains("Some checks failed");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void withBothSecretsAWholeOrgAppPassesTheComparison() {
        sim.addAppSecret("app");
        sim.addContactSyncSecret("sync").restrictDetailApis();
        Map<String, String> env = env("app");
        env.put("WECOM_CONTACT_SYNC_SECRET", "sync");

        CliRun run = CliRun.run(env, "check");

        assertThat(run.output()).contains("ok, the app sees all " + sim.org().departmentCount() + " departments")
                .contains("All checks passed.");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void malformedCallbackSettingsAreReported() {
        sim.addAppSecret("app");
        Map<String, String> env = env("app");
        env.put("WECOM_TOKEN", "token");
        env.put("WECOM_ENCODING_AES_KEY", "too-short");

        CliRun run = CliRun.run(env, "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Callbacks:").contains("Set API Receive").doesNotContain("too-short");
    }

    @Test
    void missingCredentialsAreAUsageError() {
        CliRun run = CliRun.run(Map.of(), "check");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("WECOM_CORP_ID is not set");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"sync", "serve", "check", "deletions", "demo"}) {
            CliRun run = CliRun.run(Map.of(), command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.output()).as(command).startsWith("Usage: wecom-sync " + command);
        }
        assertThat(CliRun.run(Map.of(), "--help").output()).contains("WECOM_CONTACT_SYNC_SECRET", "wecom.corp-id");
    }
}
