package dev.wecomsync.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code wecom.*} properties of the Spring Boot starter. Only {@code wecom.corp-id} and
 * {@code wecom.secret} are required; the callback endpoint needs {@code wecom.callback.token} and
 * {@code wecom.callback.encoding-aes-key} too. {@link #toString()} shows no secret, token or key.
 */
@ConfigurationProperties("wecom")
public class WeComProperties {

    /** Where the application's wecom-sync state lives. */
    public enum Store {
        /** Tokens, inbox, lock and sync state in memory: one instance, rebuilt by the next full sync after a restart. */
        MEMORY,
        /** Tokens, inbox, lock and sync state in the application's DataSource, shared by every instance. */
        JDBC
    }

    /** The corp ID (admin console: My Company → Company Information → Corp ID; starts with ww or wx). */
    private String corpId;

    /** The app's Secret (admin console: App Management → your app → Secret). Never logged. */
    private String secret;

    /** Optional: the Contacts Sync secret (admin console: Contacts → Contacts Sync → Secret), for whole-org reads. Never logged. */
    private String contactSyncSecret;

    /** WeCom's API host; change it only for a proxy or a test server. Must end in "/". */
    private String baseUrl = "https://qyapi.weixin.qq.com/";

    /** Where tokens, the event inbox, the sync lock and the sync state are kept: memory or jdbc (the application's DataSource). */
    private Store store = Store.MEMORY;

    private final Jdbc jdbc = new Jdbc();

    private final Callback callback = new Callback();

    private final Sync sync = new Sync();

    private final Endpoint endpoint = new Endpoint();

    private final RateLimit rateLimit = new RateLimit();

    public String getCorpId() {
        return corpId;
    }

    public void setCorpId(String corpId) {
        this.corpId = corpId;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getContactSyncSecret() {
        return contactSyncSecret;
    }

    public void setContactSyncSecret(String contactSyncSecret) {
        this.contactSyncSecret = contactSyncSecret;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Callback getCallback() {
        return callback;
    }

    public Sync getSync() {
        return sync;
    }

    public Endpoint getEndpoint() {
        return endpoint;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    @Override
    public String toString() {
        return "WeComProperties{corpId=" + corpId + ", secret=" + shown(secret)
                + ", contactSyncSecret=" + shown(contactSyncSecret) + ", baseUrl=" + baseUrl + ", store=" + store
                + ", callback=" + callback + ", sync=" + sync + ", rateLimit=" + rateLimit + "}";
    }

    static String shown(String secret) {
        return secret == null || secret.isEmpty() ? "<unset>" : "<set>";
    }

    /** {@code wecom.jdbc.*}: the tables under {@code wecom.store=jdbc}. */
    public static class Jdbc {

        /** Create the tables at startup when they do not exist (else create them with the scripts in the README). */
        private boolean createTables;

        /** Prefix of every table name. */
        private String tablePrefix = "wecom_sync_";

        public boolean isCreateTables() {
            return createTables;
        }

        public void setCreateTables(boolean createTables) {
            this.createTables = createTables;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }
    }

    /** {@code wecom.callback.*}: the endpoint WeCom posts contact events to. */
    public static class Callback {

        /** Serve the callback endpoint; by default on when a token or an EncodingAESKey is set. */
        private Boolean enabled;

        /** The path of the endpoint on the application's servlet container. */
        private String path = "/wecom/callback";

        /** The callback Token (admin console: App Management → your app → Receive Messages → Set API Receive → Token). Never logged. */
        private String token;

        /** The 43-character EncodingAESKey, next to the Token in the admin console. Never logged. */
        private String encodingAesKey;

        /** The largest POST body accepted; larger ones get 413 before being read. */
        private int maxBodyBytes = 1 << 20;

        /** Inbox workers applying events at once; keep it at or under the client's 8 concurrent calls. */
        private int workers = 4;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getEncodingAesKey() {
            return encodingAesKey;
        }

        public void setEncodingAesKey(String encodingAesKey) {
            this.encodingAesKey = encodingAesKey;
        }

        public int getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        public int getWorkers() {
            return workers;
        }

        public void setWorkers(int workers) {
            this.workers = workers;
        }

        @Override
        public String toString() {
            return "Callback{enabled=" + enabled + ", path=" + path + ", token=" + shown(token)
                    + ", encodingAesKey=" + shown(encodingAesKey) + "}";
        }
    }

    /** {@code wecom.sync.*}: the scheduled full sync (reconcile). */
    public static class Sync {

        /** Time between full syncs; the first runs after {@code initial-delay}. */
        private Duration reconcileEvery = Duration.ofHours(1);

        /** Time from startup to the first full sync. */
        private Duration initialDelay = Duration.ofSeconds(10);

        /** Records per SyncTarget call. */
        private int batchSize = 500;

        /** The largest share (0 to 1) of known users, and of known departments, one run may delete; 1 allows any. */
        private double deletionGuard = 0.2;

        /** Failed full syncs in a row after which the health contributor {@code wecomSync} reports DOWN. */
        private int failuresUntilDown = 3;

        public Duration getReconcileEvery() {
            return reconcileEvery;
        }

        public void setReconcileEvery(Duration reconcileEvery) {
            this.reconcileEvery = reconcileEvery;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public double getDeletionGuard() {
            return deletionGuard;
        }

        public void setDeletionGuard(double deletionGuard) {
            this.deletionGuard = deletionGuard;
        }

        public int getFailuresUntilDown() {
            return failuresUntilDown;
        }

        public void setFailuresUntilDown(int failuresUntilDown) {
            this.failuresUntilDown = failuresUntilDown;
        }

        @Override
        public String toString() {
            return "Sync{reconcileEvery=" + reconcileEvery + ", initialDelay=" + initialDelay + ", batchSize="
                    + batchSize + ", deletionGuard=" + deletionGuard + "}";
        }
    }

    /**
     * {@code wecom.rate-limit.*}: how many calls per API the clients send. Under {@code wecom.store=jdbc}
     * the limits are shared by every instance through the DataSource (a {@code JdbcRateLimiter});
     * otherwise, or with {@code shared=false}, they hold for each client of this instance.
     */
    public static class RateLimit {

        /** Calls a minute to any one API (WeCom allows 10,000 per corp); the cluster's total when shared. */
        private int perMinute = 6_000;

        /** Calls an hour to any one API (WeCom allows 150,000 per corp); the cluster's total when shared. */
        private int perHour = 100_000;

        /** Under wecom.store=jdbc: share the limits between the instances through the DataSource; false keeps them per instance. */
        private boolean shared = true;

        /** The most instances running at once: while the database is unreachable, each keeps to this share of the limits. */
        private int expectedInstances = 4;

        public int getPerMinute() {
            return perMinute;
        }

        public void setPerMinute(int perMinute) {
            this.perMinute = perMinute;
        }

        public int getPerHour() {
            return perHour;
        }

        public void setPerHour(int perHour) {
            this.perHour = perHour;
        }

        public boolean isShared() {
            return shared;
        }

        public void setShared(boolean shared) {
            this.shared = shared;
        }

        public int getExpectedInstances() {
            return expectedInstances;
        }

        public void setExpectedInstances(int expectedInstances) {
            this.expectedInstances = expectedInstances;
        }

        @Override
        public String toString() {
            return "RateLimit{perMinute=" + perMinute + ", perHour=" + perHour + ", shared=" + shared
                    + ", expectedInstances=" + expectedInstances + "}";
        }
    }

    /** {@code wecom.endpoint.*}: the actuator endpoint {@code wecomsync}. */
    public static class Endpoint {

        /** Allow the endpoint's write operation (trigger a full sync); off by default. */
        private boolean writeEnabled;

        public boolean isWriteEnabled() {
            return writeEnabled;
        }

        public void setWriteEnabled(boolean writeEnabled) {
            this.writeEnabled = writeEnabled;
        }
    }
}
