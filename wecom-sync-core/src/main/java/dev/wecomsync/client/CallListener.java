package dev.wecomsync.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Hears each call a {@link WeComClient} finished, for metrics: which API, how long, and how it ended.
 *
 * <p>One call is what a method of {@link DepartmentsApi} or {@link UsersApi} sends, with its retries
 * and token refreshes inside it (the duration covers them all), or a {@code gettoken} the client made
 * to fetch a token. The listener sees the API path ({@code "user/get"}, {@code "gettoken"}) and the
 * failure, never a URL, query, secret or access token.
 *
 * <p>Called on the thread that made the call, after the last attempt; keep it quick. An exception
 * thrown here is logged and otherwise ignored. Set one with {@link WeComClient.Builder#callListener}.
 */
@FunctionalInterface
public interface CallListener {

    /** Ignores every call; the default. */
    CallListener NONE = (api, duration, failure) -> { };

    /**
     * A call of {@code api} ended after {@code duration}.
     *
     * @param failure empty when WeCom answered errcode 0; else the {@link WeComApiException} (its
     *     {@code errcode()}) or {@link WeComIoException} the call threw
     */
    void onCall(String api, Duration duration, Optional<WeComException> failure);
}
