package dev.wecomsync.examples.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeComSettingsTest {

    @TempDir
    Path folder;

    @Test
    void environmentWinsOverTheFileAndTheFileFillsTheGaps() throws Exception {
        Path file = folder.resolve("wecom.properties");
        Files.writeString(file, "wecom.corp-id=ww-from-file\nwecom.secret=file-secret\n"
                + "wecom.contact-sync-secret=file-sync-secret\nwecom.token=  \n", StandardCharsets.UTF_8);

        WeComSettings settings = WeComSettings.load(Map.of("WECOM_SECRET", "env-secret", "WECOM_TOKEN", "tok"), file);

        assertThat(settings.corpId()).contains("ww-from-file");
        assertThat(settings.secret()).contains("env-secret");
        assertThat(settings.contactSyncSecret()).contains("file-sync-secret");
        assertThat(settings.token()).contains("tok");
        assertThat(settings.encodingAesKey()).isEmpty();
        assertThat(settings.hasCorp()).isTrue();
        assertThat(settings.hasCallback()).isFalse();
    }

    @Test
    void blankValuesCountAsUnset() {
        WeComSettings settings = WeComSettings.load(Map.of("WECOM_CORP_ID", " ", "WECOM_SECRET", ""), null);

        assertThat(settings.corpId()).isEmpty();
        assertThat(settings.hasCorp()).isFalse();
    }

    @Test
    void toStringNamesNoSecret() {
        WeComSettings settings = WeComSettings.load(Map.of("WECOM_CORP_ID", "ww1", "WECOM_SECRET", "s3cr3t-value",
                "WECOM_TOKEN", "t0ken-value", "WECOM_ENCODING_AES_KEY", "k3y-value"), null);

        assertThat(settings.toString()).contains("ww1", "secret=(set)", "contactSyncSecret=(unset)")
                .doesNotContain("s3cr3t-value", "t0ken-value", "k3y-value");
    }

    @Test
    void anUnreadableFileIsAnError() {
        assertThatThrownBy(() -> WeComSettings.load(Map.of(), folder.resolve("missing.properties")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.properties");
    }
}
