package dev.wecomsync.spring.internal;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.spring.WeComProperties;
import dev.wecomsync.spring.WeComPropertyException;
import java.time.Duration;

/**
 * Checks the {@code wecom.*} properties before any bean is built from them, so that a mistake stops the
 * application at startup with a message that says where the right value is. No message shows a value
 * of a secret, token or key.
 */
public final class PropertiesCheck {

    static final String CORP_ID_WHERE = "WeCom admin console → My Company → Company Information → Corp ID";
    static final String SECRET_WHERE = "WeCom admin console → App Management → your app → Secret (View)";
    static final String CONTACT_SYNC_WHERE = "WeCom admin console → Contacts → Contacts Sync → Secret";
    static final String CALLBACK_WHERE = "WeCom admin console → App Management → your app → Receive Messages → "
            + "Set API Receive (or Contacts → Contacts Sync → Set receive event server)";

    private PropertiesCheck() {
    }

    /** The corp id and app secret, which every client needs. */
    public static void client(WeComProperties p) {
        if (blank(p.getCorpId())) {
            throw new WeComPropertyException("wecom.corp-id", "wecom.corp-id is not set: set it to your corp ID"
                    + " (starts with ww or wx), found in the " + CORP_ID_WHERE + ".");
        }
        if (blank(p.getSecret())) {
            throw new WeComPropertyException("wecom.secret", "wecom.secret is not set: set it to your app's Secret,"
                    + " found in the " + SECRET_WHERE + ". Keep it out of source control (an environment"
                    + " variable WECOM_SECRET works).");
        }
        if (p.getContactSyncSecret() != null && p.getContactSyncSecret().isBlank()) {
            throw new WeComPropertyException("wecom.contact-sync-secret", "wecom.contact-sync-secret is blank:"
                    + " leave it out, or set it to the Contacts Sync secret from the " + CONTACT_SYNC_WHERE + ".");
        }
        if (p.getStore() == WeComProperties.Store.JDBC && !jdbcPresent()) {
            throw new WeComPropertyException("wecom.store", "wecom.store=jdbc needs dev.wecomsync:wecom-sync-jdbc on"
                    + " the classpath (the starter brings it); add it, or set wecom.store=memory.");
        }
        String url = p.getBaseUrl();
        if (blank(url) || !(url.startsWith("http://") || url.startsWith("https://")) || !url.endsWith("/")) {
            throw new WeComPropertyException("wecom.base-url", "wecom.base-url must be an http(s) URL ending in /"
                    + " (WeCom's is https://qyapi.weixin.qq.com/): " + url);
        }
    }

    /** The callback token and EncodingAESKey, which the callback endpoint needs. */
    public static void callback(WeComProperties p) {
        WeComProperties.Callback c = p.getCallback();
        if (blank(c.getToken())) {
            throw new WeComPropertyException("wecom.callback.token", "wecom.callback.token is not set: the callback"
                    + " needs the Token from the " + CALLBACK_WHERE + ", or set wecom.callback.enabled=false.");
        }
        String key = c.getEncodingAesKey();
        if (blank(key)) {
            throw new WeComPropertyException("wecom.callback.encoding-aes-key", "wecom.callback.encoding-aes-key is"
                    + " not set: the callback needs the EncodingAESKey from the " + CALLBACK_WHERE
                    + ", or set wecom.callback.enabled=false.");
        }
        if (key.length() != 43) {
            throw new WeComPropertyException("wecom.callback.encoding-aes-key", "wecom.callback.encoding-aes-key must"
                    + " be 43 characters, it has " + key.length() + ": copy the whole EncodingAESKey from the "
                    + CALLBACK_WHERE + ".");
        }
        if (!key.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
            throw new WeComPropertyException("wecom.callback.encoding-aes-key", "wecom.callback.encoding-aes-key may"
                    + " hold only letters and digits: copy the EncodingAESKey again from the " + CALLBACK_WHERE + ".");
        }
        String path = c.getPath();
        if (blank(path) || !path.startsWith("/") || path.contains("*")) {
            throw new WeComPropertyException("wecom.callback.path", "wecom.callback.path must start with / and"
                    + " hold no wildcard, e.g. /wecom/callback: " + path);
        }
        if (c.getMaxBodyBytes() < 1024) {
            throw new WeComPropertyException("wecom.callback.max-body-bytes",
                    "wecom.callback.max-body-bytes must be at least 1024: " + c.getMaxBodyBytes());
        }
        if (c.getWorkers() < 1) {
            throw new WeComPropertyException("wecom.callback.workers",
                    "wecom.callback.workers must be at least 1: " + c.getWorkers());
        }
    }

    /** The clients' rate limits, as {@link RateLimiter.Limits}. */
    public static RateLimiter.Limits rateLimits(WeComProperties p) {
        WeComProperties.RateLimit r = p.getRateLimit();
        if (r.getPerMinute() < 1) {
            throw new WeComPropertyException("wecom.rate-limit.per-minute", "wecom.rate-limit.per-minute must be at"
                    + " least 1 (default 6000; WeCom allows 10000 per corp and API): " + r.getPerMinute());
        }
        if (r.getPerHour() < r.getPerMinute()) {
            throw new WeComPropertyException("wecom.rate-limit.per-hour", "wecom.rate-limit.per-hour must be at least"
                    + " wecom.rate-limit.per-minute (default 100000; WeCom allows 150000 per corp and API): "
                    + r.getPerHour() + " < " + r.getPerMinute());
        }
        if (r.getExpectedInstances() < 1) {
            throw new WeComPropertyException("wecom.rate-limit.expected-instances",
                    "wecom.rate-limit.expected-instances must be at least 1 (default 4): " + r.getExpectedInstances());
        }
        return new RateLimiter.Limits(r.getPerMinute(), r.getPerHour());
    }

    /** The schedule and engine settings. */
    public static void sync(WeComProperties p) {
        WeComProperties.Sync s = p.getSync();
        positive(s.getReconcileEvery(), "wecom.sync.reconcile-every");
        if (s.getInitialDelay() == null || s.getInitialDelay().isNegative()) {
            throw new WeComPropertyException("wecom.sync.initial-delay",
                    "wecom.sync.initial-delay must be zero or positive, e.g. 10s: " + s.getInitialDelay());
        }
        if (s.getBatchSize() < 1) {
            throw new WeComPropertyException("wecom.sync.batch-size",
                    "wecom.sync.batch-size must be at least 1 (default 500): " + s.getBatchSize());
        }
        if (!(s.getDeletionGuard() >= 0 && s.getDeletionGuard() <= 1)) {
            throw new WeComPropertyException("wecom.sync.deletion-guard", "wecom.sync.deletion-guard must be a share"
                    + " from 0 to 1 (0.2: at most 20% of known records per run; 1: any): " + s.getDeletionGuard());
        }
        if (s.getFailuresUntilDown() < 1) {
            throw new WeComPropertyException("wecom.sync.failures-until-down",
                    "wecom.sync.failures-until-down must be at least 1: " + s.getFailuresUntilDown());
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new WeComPropertyException(name, name + " must be positive, e.g. 1h: " + d);
        }
    }

    private static boolean jdbcPresent() {
        try {
            Class.forName("dev.wecomsync.jdbc.JdbcEventInbox", false, PropertiesCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
