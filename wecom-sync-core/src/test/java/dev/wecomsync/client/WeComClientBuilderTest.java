package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeComClientBuilderTest {

    @Test
    void corpIdIsRequired() {
        assertThatThrownBy(() -> WeComClient.builder().secret("s").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("corpId == null");
        assertThatThrownBy(() -> WeComClient.builder().corpId("  ").secret("s").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("corpId is blank");
    }

    @Test
    void secretIsRequired() {
        assertThatThrownBy(() -> WeComClient.builder().corpId("ww1").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret == null");
        assertThatThrownBy(() -> WeComClient.builder().corpId("ww1").secret("").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret is blank");
    }

    @Test
    void settersRejectNull() {
        assertThatThrownBy(() -> WeComClient.builder().corpId(null)).hasMessage("corpId == null");
        assertThatThrownBy(() -> WeComClient.builder().secret(null)).hasMessage("secret == null");
        assertThatThrownBy(() -> WeComClient.builder().baseUrl(null)).hasMessage("baseUrl == null");
    }

    @Test
    void baseUrlMustEndInSlash() {
        assertThatThrownBy(() -> WeComClient.builder().corpId("ww1").secret("s").baseUrl("http://localhost:8080/api").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl must end in /: http://localhost:8080/api");
    }

    @Test
    void baseUrlMustBeHttp() {
        assertThatThrownBy(() -> WeComClient.builder().corpId("ww1").secret("s").baseUrl("ftp://x/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseUrl is not an http or https URL: ftp://x/");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> WeComClient.builder().rateLimit(0)).hasMessage("rateLimit < 1: 0");
        assertThatThrownBy(() -> WeComClient.builder().maxConcurrency(0)).hasMessage("maxConcurrency < 1: 0");
    }

    @Test
    void defaults() {
        WeComClient client = WeComClient.builder().corpId("ww1").secret("s").build();

        assertThat(client.baseUrl()).isEqualTo("https://qyapi.weixin.qq.com/");
        assertThat(client.corpId()).isEqualTo("ww1");
        assertThat(client.toString()).isEqualTo("WeComClient{corpId=ww1, baseUrl=https://qyapi.weixin.qq.com/}");
    }

    @Test
    void baseUrlWithPathPrefixKeepsIt() throws Exception {
        try (ClientFixture fixture = new ClientFixture()) {
            WeComClient client = fixture.builder().baseUrl(fixture.server.url("/proxy/wecom/").toString()).build();
            fixture.enqueueToken();

            client.accessToken();

            assertThat(fixture.take().getUrl().encodedPath()).isEqualTo("/proxy/wecom/cgi-bin/gettoken");
        }
    }

    @Test
    void retryPolicyValidates() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessage("maxAttempts < 1: 0");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).hasMessage("jitter must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(java.time.Duration.ofSeconds(20)).build())
                .hasMessage("maxDelay < baseDelay");
        assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(4);
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.defaults().backoff(1)).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(RetryPolicy.defaults().backoff(10)).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(RetryPolicy.defaults().backoff(200)).isEqualTo(java.time.Duration.ofSeconds(10));
    }
}
