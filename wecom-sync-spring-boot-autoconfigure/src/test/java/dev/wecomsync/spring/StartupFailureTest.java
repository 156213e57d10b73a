package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wecomsync.spring.internal.PropertyFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A real application that starts with a missing or wrong property stops, naming it and where its value is. */
class StartupFailureTest {

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static Throwable start(String... properties) {
        Throwable thrown = catchThrowable(() -> {
            try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(TestApp.class)
                    .web(WebApplicationType.NONE).properties(properties).run()) {
                // started: the assertion below fails
            }
        });
        assertThat(thrown).as("startup must fail").isNotNull();
        return rootCause(thrown);
    }

    @Test
    void aMissingSecretNamesThePropertyAndWhereToFindIt() {
        Throwable cause = start("wecom.corp-id=ww5e1f0c2d9a7b3e48");

        assertThat(cause).isInstanceOf(WeComPropertyException.class)
                .hasMessageContaining("wecom.secret is not set")
                .hasMessageContaining("App Management → your app → Secret");
        assertThat(((WeComPropertyException) cause).property()).isEqualTo("wecom.secret");
        FailureAnalysis analysis = new PropertyFailureAnalyzer().analyze(cause);
        assertThat(analysis.getDescription()).isEqualTo(cause.getMessage());
        assertThat(analysis.getAction()).startsWith("Fix wecom.secret");
    }

    @Test
    void aShortEncodingAesKeySaysHowLongItMustBeAndNeverShowsIt() {
        String key42 = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
        Throwable cause = start("wecom.corp-id=ww5e1f0c2d9a7b3e48", "wecom.secret=s3cret-value",
                "wecom.callback.token=Tok3n", "wecom.callback.encoding-aes-key=" + key42);

        assertThat(cause).isInstanceOf(WeComPropertyException.class)
                .hasMessageContaining("wecom.callback.encoding-aes-key must be 43 characters, it has 42")
                .hasMessageContaining("App Management → your app → Receive Messages → Set API Receive");
        assertThat(cause.getMessage()).doesNotContain(key42).doesNotContain("s3cret-value").doesNotContain("Tok3n");
    }
}
