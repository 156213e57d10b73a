package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeComApiExceptionTest {

    @Test
    void setupMistakesHaveHintsAndAreConfigurationErrors() {
        List<String> failures = new java.util.ArrayList<>();
        for (int errcode : new int[] {40001, 40013, 40091, 48002, 48009, 60011, 60020}) {
            WeComApiException e = new WeComApiException("user/list", errcode, "whatever");
            if (e.hint().isEmpty()) {
                failures.add(errcode + ": no hint");
            }
            if (!e.isConfigurationError()) {
                failures.add(errcode + ": not a configuration error");
            }
            if (e.isRetryable()) {
                failures.add(errcode + ": retryable");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void hintsSayWhatToChange() {
        assertThat(hint(40001)).contains("secret").contains("Contacts Sync");
        assertThat(hint(40013)).contains("corpid");
        assertThat(hint(40091)).contains("same corp");
        assertThat(hint(48002)).contains("user/list").contains("other secret");
        assertThat(hint(48009)).contains("user/list_id").contains("department/simplelist");
        assertThat(hint(60011)).contains("visible scope");
        assertThat(hint(45009)).contains("rateLimit");
    }

    @Test
    void untrustedIpHintNamesTheCallerIp() {
        WeComApiException e = new WeComApiException("user/get", 60020,
                "not allow to access from your ip, hint: [1699999999_123_abc], from ip: 2001:db8::1, more info at https://open.work.weixin.qq.com/devtool/query?e=60020");

        assertThat(e.callerIp()).contains("2001:db8::1");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("2001:db8::1").contains("企业可信IP"));
    }

    @Test
    void untrustedIpWithoutIpStillHints() {
        WeComApiException e = new WeComApiException("user/get", 60020, "not allow to access from your ip");

        assertThat(e.callerIp()).isEmpty();
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("trusted IPs"));
    }

    @Test
    void predicates() {
        assertThat(new WeComApiException("a", 42001, "").isTokenError()).isTrue();
        assertThat(new WeComApiException("a", 40014, "").isTokenError()).isTrue();
        assertThat(new WeComApiException("a", 60111, "").isUserNotFound()).isTrue();
        assertThat(new WeComApiException("a", 40003, "").isNotFound()).isTrue();
        assertThat(new WeComApiException("a", 60003, "").isDepartmentNotFound()).isTrue();
        assertThat(new WeComApiException("a", 48009, "").isForbidden()).isTrue();
        assertThat(new WeComApiException("a", 48002, "").isForbidden()).isTrue();
        assertThat(new WeComApiException("a", 60011, "").isOutOfScope()).isTrue();
        assertThat(new WeComApiException("a", 45009, "").isRateLimited()).isTrue();
        assertThat(new WeComApiException("a", -1, "").isRetryable()).isTrue();
        assertThat(new WeComApiException("a", 60111, "").isRetryable()).isFalse();
        assertThat(new WeComApiException("a", 60111, "").hint()).isEmpty();
    }

    @Test
    void messageNamesApiErrcodeAndErrmsg() {
        WeComApiException e = new WeComApiException("user/get", 60111, "userid not found");

        assertThat(e).hasMessage("user/get failed: errcode 60111, errmsg \"userid not found\"");
        assertThat(e.errmsg()).isEqualTo("userid not found");
        assertThat(e).isInstanceOf(WeComException.class).isInstanceOf(RuntimeException.class);
    }

    @Test
    void credentialsInErrmsgAreRedactedInTheMessage() {
        WeComApiException e = new WeComApiException("gettoken", 40001, "invalid corpsecret=abc&x=1 access_token=xyz");

        assertThat(e.getMessage()).doesNotContain("abc").doesNotContain("xyz").contains("corpsecret=██");
    }

    private static String hint(int errcode) {
        return new WeComApiException("user/list", errcode, "").hint().orElseThrow();
    }
}
