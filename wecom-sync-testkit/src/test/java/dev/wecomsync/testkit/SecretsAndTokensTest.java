package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets (app and Contacts Sync), the APIs each may call, and access tokens ({@code gettoken}). */
class SecretsAndTokensTest {

    private final ManualClock clock = ManualClock.start();
    private WeComSimulator sim;
    private ApiCalls api;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(SmallOrg.create()).clock(clock).build();
        api = new ApiCalls(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void getTokenShapeAndErrors() {
        sim.addAppSecret("app-secret");
        JsonNode ok = api.getToken("app-secret");
        assertThat(ok.path("errcode").asInt()).isZero();
        assertThat(ok.path("access_token").asText()).hasSizeBetween(64, 512);
        assertThat(ok.path("expires_in").asInt()).isEqualTo(7200);

        JsonNode wrong = api.getToken("wrong");
        assertThat(wrong.path("errcode").asInt()).isEqualTo(40001);
        assertThat(wrong.path("errmsg").asText())
                .matches("invalid credential, hint: \\[\\d+_[0-9a-f]+\\], from ip: 127\\.0\\.0\\.1, "
                        + "more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=40001");
        assertThat(api.get("gettoken", Map.of("corpid", "wwother", "corpsecret", "app-secret")).path("errcode").asInt())
                .isEqualTo(40013);
    }

    @Test
    void tokensExpireOnTheSimulatorClock() {
        sim.addAppSecret("app-secret");
        sim.tokenExpiresIn(Duration.ofMinutes(10));
        String token = api.token("app-secret");
        assertThat(api.getToken("app-secret").path("expires_in").asInt()).isEqualTo(600);
        clock.advance(Duration.ofMinutes(9));
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isEqualTo(42001);
    }

    @Test
    void tokensAreNewEachTimeUnlessReuseIsOn() {
        sim.addAppSecret("app-secret");
        assertThat(api.token("app-secret")).isNotEqualTo(api.token("app-secret"));
        sim.reuseTokens(true);
        String token = api.token("app-secret");
        clock.advance(Duration.ofSeconds(200));
        JsonNode again = api.getToken("app-secret");
        assertThat(again.path("access_token").asText()).isEqualTo(token);
        assertThat(again.path("expires_in").asInt()).isEqualTo(7000);
        sim.expireTokens();
        assertThat(api.token("app-secret")).isNotEqualTo(token);
    }

    @Test
    void expireAndRevoke() {
        sim.addAppSecret("app-secret");
        String first = api.token("app-secret");
        sim.expireTokens();
        assertThat(api.get(first, "department/get", "id", "1").path("errcode").asInt()).isEqualTo(42001);
        String second = api.token("app-secret");
        assertThat(api.get(second, "department/get", "id", "1").path("errcode").asInt()).isZero();
        sim.revokeTokens();
        assertThat(api.get(second, "department/get", "id", "1").path("errcode").asInt()).isEqualTo(40014);
        assertThat(api.get("", "department/get", "id", "1").path("errcode").asInt()).isEqualTo(41001);
        assertThat(api.get("made-up", "department/get", "id", "1").path("errcode").asInt()).isEqualTo(40014);
    }

    @Test
    void removedSecretLosesItsTokens() {
        sim.addAppSecret("app-secret");
        String token = api.token("app-secret");
        sim.removeSecret("app-secret");
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isEqualTo(40014);
        assertThat(api.getToken("app-secret").path("errcode").asInt()).isEqualTo(40001);
    }

    @Test
    void visibleScopeHidesTheRest() {
        sim.addAppSecret("app-secret").visibleScope(2);
        String token = api.token("app-secret");
        assertThat(DirectoryApisTest.ids(api.get(token, "department/list").path("department"))).containsExactly(2L, 3L);
        assertThat(api.get(token, "department/get", "id", "4").path("errcode").asInt()).isEqualTo(60011);
        assertThat(api.get(token, "user/list", "department_id", "4").path("errcode").asInt()).isEqualTo(60011);
        JsonNode lisi = api.get(token, "user/get", "userid", "lisi");
        assertThat(lisi.path("errcode").asInt()).isEqualTo(60011);
        assertThat(lisi.path("errmsg").asText()).contains("more info at https://open.work.weixin.qq.com/devtool/query?e=60011");
        assertThat(api.get(token, "user/get", "userid", "wangwu").path("errcode").asInt()).isZero();
    }

    @Test
    void appsCreatedAfterJune2022DoNotGetPersonalFields() {
        sim.addAppSecret("new-app").createdAfterJune2022();
        String token = api.token("new-app");
        for (JsonNode u : new JsonNode[] {
                api.get(token, "user/get", "userid", "zhangsan"),
                api.get(token, "user/list", "department_id", "2").path("userlist").get(0)}) {
            assertThat(DirectoryApisTest.fieldNames(u)).doesNotContain(
                    "mobile", "email", "biz_mail", "gender", "avatar", "thumb_avatar", "qr_code", "address");
            assertThat(u.path("name").asText()).isEqualTo("张三");
            assertThat(u.path("position").asText()).isEqualTo("产品经理");
        }
    }

    @Test
    void contactSyncFromANewIpGets48009OnDetailApis() {
        sim.addContactSyncSecret("sync-secret").restrictDetailApis();
        String token = api.token("sync-secret");
        assertThat(api.get(token, "user/get", "userid", "zhangsan").path("errcode").asInt()).isEqualTo(48009);
        assertThat(api.get(token, "user/list", "department_id", "2").path("errcode").asInt()).isEqualTo(48009);
        assertThat(api.get(token, "user/simplelist", "department_id", "2").path("errcode").asInt()).isEqualTo(48009);
        assertThat(api.get(token, "department/list").path("errcode").asInt()).isEqualTo(48009);
        assertThat(api.get(token, "department/get", "id", "1").path("errcode").asInt()).isEqualTo(48009);
        assertThat(api.get(token, "department/simplelist").path("department_id").size()).isEqualTo(4);
        assertThat(api.post(token, "user/list_id", "{}").path("dept_user").size()).isEqualTo(4);
    }

    @Test
    void listIdNeedsTheContactSyncSecret() {
        sim.addAppSecret("app-secret");
        sim.addContactSyncSecret("sync-secret");
        assertThat(api.post(api.token("app-secret"), "user/list_id", "{}").path("errcode").asInt()).isEqualTo(48002);
        assertThat(api.get(api.token("sync-secret"), "user/get", "userid", "lisi").path("errcode").asInt()).isZero();
    }

    @Test
    void untrustedCallerIpGets60020() {
        SimulatedSecret secret = sim.addAppSecret("app-secret").trustedIps("203.0.113.7");
        String token = api.token("app-secret");
        JsonNode r = api.get(token, "department/list");
        assertThat(r.path("errcode").asInt()).isEqualTo(60020);
        assertThat(r.path("errmsg").asText()).contains("from ip: 127.0.0.1");
        secret.trustedIps("203.0.113.7", "127.0.0.1");
        assertThat(api.get(token, "department/list").path("errcode").asInt()).isZero();
        assertThat(secret.toString()).doesNotContain("app-secret");
    }
}
