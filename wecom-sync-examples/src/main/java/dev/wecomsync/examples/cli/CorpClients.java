package dev.wecomsync.examples.cli;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.examples.console.WeComSettings;
import java.util.Optional;

/**
 * The clients for the configured corp: one per secret.
 *
 * @param corpId the corp id
 * @param baseUrl the API host, ending in "/"
 * @param app the app secret's client
 * @param contactSync the Contacts Sync secret's client, when that secret is configured
 */
record CorpClients(String corpId, String baseUrl, WeComClient app, Optional<WeComClient> contactSync) {

    /** What is missing, in words; empty when a corp id and an app secret are configured. */
    static Optional<String> missing(WeComSettings settings) {
        if (settings.corpId().isEmpty()) {
            return Optional.of("WECOM_CORP_ID is not set (or wecom.corp-id in the --config file); without a corp,"
                    + " try --simulate 200");
        }
        if (settings.secret().isEmpty()) {
            return Optional.of("WECOM_SECRET (an app's secret) is not set (or wecom.secret in the --config file)");
        }
        return Optional.empty();
    }

    /**
     * Clients for the settings.
     *
     * @throws UsageException when a setting is missing (see {@link #missing}) or the base URL cannot work
     */
    static CorpClients of(WeComSettings settings) {
        Optional<String> missing = missing(settings);
        if (missing.isPresent()) {
            throw new UsageException(missing.get());
        }
        String corpId = settings.corpId().orElseThrow();
        String baseUrl = settings.baseUrl().orElse(WeComClient.Builder.DEFAULT_BASE_URL);
        try {
            return new CorpClients(corpId, baseUrl, client(corpId, baseUrl, settings.secret().orElseThrow()),
                    settings.contactSyncSecret().map(secret -> client(corpId, baseUrl, secret)));
        } catch (IllegalArgumentException e) {
            if (!baseUrl.endsWith("/")) {
                throw new UsageException("WECOM_BASE_URL (wecom.base-url) must end in /: use " + baseUrl + "/", e);
            }
            throw new UsageException("WECOM_BASE_URL (wecom.base-url) must be an http or https URL ending in /,"
                    + " like https://qyapi.weixin.qq.com/; got " + baseUrl, e);
        }
    }

    private static WeComClient client(String corpId, String baseUrl, String secret) {
        return WeComClient.builder().corpId(corpId).secret(secret).baseUrl(baseUrl).build();
    }
}
