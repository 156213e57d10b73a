package dev.wecomsync.examples.console;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where to find a WeCom corp: its id, the secrets, and the callback Token and EncodingAESKey.
 * Read from environment variables and, optionally, a properties file; never from the command
 * line, where other users of the machine could read them.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>environment variable</th><th>properties key</th><th>what</th></tr>
 * <tr><td>WECOM_CORP_ID</td><td>wecom.corp-id</td><td>the corp id (ww... or wx...)</td></tr>
 * <tr><td>WECOM_SECRET</td><td>wecom.secret</td><td>an app's secret (details, department names)</td></tr>
 * <tr><td>WECOM_CONTACT_SYNC_SECRET</td><td>wecom.contact-sync-secret</td><td>the Contacts Sync secret (ids, structure); optional</td></tr>
 * <tr><td>WECOM_TOKEN</td><td>wecom.token</td><td>the callback Token; for {@code serve}</td></tr>
 * <tr><td>WECOM_ENCODING_AES_KEY</td><td>wecom.encoding-aes-key</td><td>the callback EncodingAESKey; for {@code serve}</td></tr>
 * <tr><td>WECOM_BASE_URL</td><td>wecom.base-url</td><td>the API host; default https://qyapi.weixin.qq.com/</td></tr>
 * </table>
 *
 * <p>An environment variable wins over the same setting in the file. {@link #toString()} names
 * which settings are present, never their values.
 */
public record WeComSettings(
        Optional<String> corpId,
        Optional<String> secret,
        Optional<String> contactSyncSecret,
        Optional<String> token,
        Optional<String> encodingAesKey,
        Optional<String> baseUrl) {

    /** The settings: environment variable name → properties key. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("WECOM_CORP_ID", "wecom.corp-id");
        keys.put("WECOM_SECRET", "wecom.secret");
        keys.put("WECOM_CONTACT_SYNC_SECRET", "wecom.contact-sync-secret");
        keys.put("WECOM_TOKEN", "wecom.token");
        keys.put("WECOM_ENCODING_AES_KEY", "wecom.encoding-aes-key");
        keys.put("WECOM_BASE_URL", "wecom.base-url");
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** From the process environment only. */
    public static WeComSettings fromEnvironment() {
        return load(System.getenv(), null);
    }

    /**
     * From {@code environment}, then from the properties file {@code file} (may be null) for
     * whatever the environment does not set.
     *
     * @throws UncheckedIOException when the file is given but cannot be read
     */
    public static WeComSettings load(Map<String, String> environment, Path file) {
        Properties properties = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read settings file " + file, e);
            }
        }
        Function<String, Optional<String>> get = variable -> {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                value = properties.getProperty(KEYS.get(variable));
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        };
        return new WeComSettings(get.apply("WECOM_CORP_ID"), get.apply("WECOM_SECRET"),
                get.apply("WECOM_CONTACT_SYNC_SECRET"), get.apply("WECOM_TOKEN"),
                get.apply("WECOM_ENCODING_AES_KEY"), get.apply("WECOM_BASE_URL"));
    }

    /** True when a real corp is configured: a corp id and an app secret. */
    public boolean hasCorp() {
        return corpId.isPresent() && secret.isPresent();
    }

    /** True when callbacks can be answered: Token and EncodingAESKey. */
    public boolean hasCallback() {
        return token.isPresent() && encodingAesKey.isPresent();
    }

    @Override
    public String toString() {
        return "WeComSettings{corpId=" + corpId.orElse("(unset)")
                + ", secret=" + (secret.isPresent() ? "(set)" : "(unset)")
                + ", contactSyncSecret=" + (contactSyncSecret.isPresent() ? "(set)" : "(unset)")
                + ", token=" + (token.isPresent() ? "(set)" : "(unset)")
                + ", encodingAesKey=" + (encodingAesKey.isPresent() ? "(set)" : "(unset)")
                + ", baseUrl=" + baseUrl.orElse("(default)") + "}";
    }
}
