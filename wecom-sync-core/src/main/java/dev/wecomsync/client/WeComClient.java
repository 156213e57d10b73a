package dev.wecomsync.client;

import dev.wecomsync.client.internal.ApiCaller;
import dev.wecomsync.client.internal.ClientSettings;
import dev.wecomsync.client.internal.LocalRateLimiter;
import dev.wecomsync.client.internal.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for WeCom's server API, bound to one corp and one secret.
 *
 * <pre>{@code
 * WeComClient client = WeComClient.builder()
 *     .corpId("ww0123456789abcdef")
 *     .secret(System.getenv("WECOM_SECRET"))
 *     .build();
 * List<Department> departments = client.departments().list();
 * User user = client.users().get("zhangsan");
 * }</pre>
 *
 * <h2>Create one and share it</h2>
 * A client holds the access token of its (corpid, secret) pair, a rate limiter and a concurrency
 * bound; create one per pair and share it. Two clients for the same pair each fetch their own
 * token unless they share a {@link TokenStore}. A corp that uses both an app secret and the Contacts
 * Sync secret needs two clients.
 *
 * <h2>Thread safety</h2>
 * Clients are immutable and thread-safe. Any number of threads that need a token at once cause a
 * single {@code gettoken} call.
 *
 * <h2>What a call does</h2>
 * It takes a cached access token (fetched, or refreshed ahead of its expiry, as needed), waits for
 * the API's rate limiter and a concurrency slot, and sends the request. When WeCom rejects the token
 * (40014, 42001) the client drops it, fetches a new one and replays the call once. Passing failures
 * are retried per the {@link RetryPolicy}. Failures surface as {@link WeComApiException} or
 * {@link WeComIoException}.
 *
 * <h2>Secrets</h2>
 * Neither the secret nor any access token appears in {@link #toString()}, exception messages or
 * log lines.
 */
public final class WeComClient {

    private final String corpId;
    private final HttpUrl baseUrl;
    private final ApiCaller caller;
    private final DepartmentsApi departments;
    private final UsersApi users;

    private WeComClient(String corpId, HttpUrl baseUrl, ApiCaller caller) {
        this.corpId = corpId;
        this.baseUrl = baseUrl;
        this.caller = caller;
        this.departments = new DepartmentsApi(caller);
        this.users = new UsersApi(caller);
    }

    /** A builder; {@code corpId} and {@code secret} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The department APIs. */
    public DepartmentsApi departments() {
        return departments;
    }

    /** The member APIs. */
    public UsersApi users() {
        return users;
    }

    /**
     * A valid access token for this corp and secret, for hosts that call other WeCom APIs. It comes
     * from the cache when it is not about to expire; otherwise it is fetched (once, however many
     * threads ask). Treat it as a secret.
     */
    public String accessToken() {
        return caller.accessToken();
    }

    /**
     * Drops {@code accessToken} from the cache (and the {@link TokenStore}) if it is still the cached
     * one, so the next call fetches another. For hosts whose own calls got 40014 or 42001.
     */
    public void invalidateAccessToken(String accessToken) {
        caller.invalidateAccessToken(Objects.requireNonNull(accessToken, "accessToken == null"));
    }

    /** The corpid this client works for. */
    public String corpId() {
        return corpId;
    }

    /** The base URL, ending in "/"; {@code https://qyapi.weixin.qq.com/} unless set. */
    public String baseUrl() {
        return baseUrl.toString();
    }

    @Override
    public String toString() {
        return "WeComClient{corpId=" + corpId + ", baseUrl=" + baseUrl + "}";
    }

    /**
     * Builds a {@link WeComClient}. {@code corpId} and {@code secret} are required; everything else
     * has a default.
     */
    public static final class Builder {
        /** WeCom's API host. */
        public static final String DEFAULT_BASE_URL = "https://qyapi.weixin.qq.com/";
        /** Calls a minute per API, below WeCom's 10,000 so that other callers have room. */
        public static final int DEFAULT_RATE_LIMIT = RateLimiter.Limits.DEFAULT.perMinute();
        /** Calls in flight at once, below the ~10 per API that WeCom tolerates. */
        public static final int DEFAULT_MAX_CONCURRENCY = 8;
        /** How long to wait for a connection to WeCom. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        /** How long to wait for WeCom's answer to a request. */
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

        private String corpId;
        private String secret;
        private String baseUrl = DEFAULT_BASE_URL;
        private OkHttpClient okHttpClient;
        private TokenStore tokenStore;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RateLimiter.Limits limits = RateLimiter.Limits.DEFAULT;
        private RateLimiter rateLimiter;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Logger logger = LoggerFactory.getLogger(WeComClient.class);
        private CallListener callListener = CallListener.NONE;

        private Builder() {
        }

        /** The corp's id ({@code ww...} or {@code wx...}). Required. */
        public Builder corpId(String corpId) {
            this.corpId = Objects.requireNonNull(corpId, "corpId == null");
            return this;
        }

        /** The secret of an app, or of the Contacts Sync tool. Required; never logged. */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret == null");
            return this;
        }

        /** Where WeCom's API lives; must end in "/". For tests and proxies. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
            return this;
        }

        /**
         * The OkHttp client to share connection pools and dispatchers with. Its timeouts are kept
         * unless {@link #connectTimeout} or {@link #readTimeout} is set.
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient == null");
            return this;
        }

        /** Where access tokens are kept; {@link TokenStore#inMemory()} by default. */
        public Builder tokenStore(TokenStore tokenStore) {
            this.tokenStore = Objects.requireNonNull(tokenStore, "tokenStore == null");
            return this;
        }

        /** How passing failures are retried; {@link RetryPolicy#defaults()} by default. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
            return this;
        }

        /**
         * Shorthand for an in-process limiter of {@code callsPerMinute} calls a minute to any one API
         * (and 100,000 an hour); {@link #DEFAULT_RATE_LIMIT} (6,000) a minute by default. Replaces a
         * {@link #rateLimiter} set before.
         */
        public Builder rateLimit(int callsPerMinute) {
            if (callsPerMinute < 1) {
                throw new IllegalArgumentException("rateLimit < 1: " + callsPerMinute);
            }
            this.limits = RateLimiter.Limits.perMinute(callsPerMinute);
            this.rateLimiter = null;
            return this;
        }

        /**
         * The limiter every call waits for, e.g. one shared by the instances of a cluster; by default
         * an in-process one ({@link RateLimiter#inProcess}) of {@link RateLimiter.Limits#DEFAULT} on this
         * builder's clock.
         */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter == null");
            return this;
        }

        /** The most calls in flight at once, over all APIs; {@value #DEFAULT_MAX_CONCURRENCY} by default. */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency < 1: " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** 5 seconds by default. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout == null");
            return this;
        }

        /** 10 seconds by default. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout == null");
            return this;
        }

        /** The clock for token expiry, the rate limiter and the retry budget; UTC system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Hears each finished call (API path, duration, failure), e.g. to time calls in a metrics
         * registry; {@link CallListener#NONE} by default. It never sees a secret or token.
         */
        public Builder callListener(CallListener callListener) {
            this.callListener = Objects.requireNonNull(callListener, "callListener == null");
            return this;
        }

        /** For tests: replaces real waiting. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
            return this;
        }

        /** For tests: the source of jitter, numbers in [0, 1). */
        Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random == null");
            return this;
        }

        /** For tests: where the client logs. */
        Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger == null");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException when {@code corpId} or {@code secret} is missing or blank
         * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL ending in "/"
         */
        public WeComClient build() {
            require(corpId, "corpId");
            require(secret, "secret");
            HttpUrl url = HttpUrl.parse(baseUrl);
            if (url == null) {
                throw new IllegalArgumentException("baseUrl is not an http or https URL: " + baseUrl);
            }
            if (!baseUrl.endsWith("/")) {
                throw new IllegalArgumentException("baseUrl must end in /: " + baseUrl);
            }
            ClientSettings settings = new ClientSettings(corpId.trim(), secret, url, httpClient(),
                    tokenStore != null ? tokenStore : TokenStore.inMemory(), retryPolicy,
                    rateLimiter != null ? rateLimiter : new LocalRateLimiter(limits, clock, sleeper),
                    maxConcurrency, clock, sleeper, random, logger, callListener);
            return new WeComClient(settings.corpId(), url, new ApiCaller(settings));
        }

        private OkHttpClient httpClient() {
            OkHttpClient.Builder builder;
            if (okHttpClient != null) {
                builder = okHttpClient.newBuilder();
            } else {
                builder = new OkHttpClient.Builder()
                        .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                        .readTimeout(DEFAULT_READ_TIMEOUT);
            }
            if (connectTimeout != null) {
                builder.connectTimeout(connectTimeout);
            }
            if (readTimeout != null) {
                builder.readTimeout(readTimeout);
            }
            return builder.build();
        }

        private static void require(String value, String name) {
            if (value == null) {
                throw new IllegalStateException(name + " == null");
            }
            if (value.isBlank()) {
                throw new IllegalStateException(name + " is blank");
            }
        }

        @Override
        public String toString() {
            return "WeComClient.Builder{corpId=" + corpId + ", baseUrl=" + baseUrl + "}";
        }
    }
}
