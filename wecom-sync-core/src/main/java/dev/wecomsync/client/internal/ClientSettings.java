package dev.wecomsync.client.internal;

import dev.wecomsync.client.CallListener;
import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.TokenStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;

/**
 * Everything {@link ApiCaller} needs, as the public builder assembled it.
 *
 * @param random numbers in [0, 1) for jitter
 * @param logger where calls, retries and token refreshes are logged
 * @param callListener hears each finished call
 */
public record ClientSettings(
        String corpId,
        String secret,
        HttpUrl baseUrl,
        OkHttpClient httpClient,
        TokenStore tokenStore,
        RetryPolicy retryPolicy,
        RateLimiter rateLimiter,
        int maxConcurrency,
        Clock clock,
        Sleeper sleeper,
        DoubleSupplier random,
        Logger logger,
        CallListener callListener) {

    public ClientSettings {
        Objects.requireNonNull(corpId, "corpId == null");
        Objects.requireNonNull(secret, "secret == null");
        Objects.requireNonNull(baseUrl, "baseUrl == null");
        Objects.requireNonNull(httpClient, "httpClient == null");
        Objects.requireNonNull(tokenStore, "tokenStore == null");
        Objects.requireNonNull(retryPolicy, "retryPolicy == null");
        Objects.requireNonNull(rateLimiter, "rateLimiter == null");
        Objects.requireNonNull(clock, "clock == null");
        Objects.requireNonNull(sleeper, "sleeper == null");
        Objects.requireNonNull(random, "random == null");
        Objects.requireNonNull(logger, "logger == null");
        Objects.requireNonNull(callListener, "callListener == null");
    }

    @Override
    public String toString() {
        return "ClientSettings{corpId=" + corpId + ", baseUrl=" + baseUrl + "}";
    }
}
