package dev.wecomsync.client;

import dev.wecomsync.client.internal.LocalRateLimiter;
import dev.wecomsync.client.internal.Sleeper;
import java.time.Clock;
import java.util.Objects;

/**
 * Decides when a {@link WeComClient} may send its next call of an API. WeCom counts calls per corp
 * and API (10,000 a minute and 150,000 an hour) and answers 45009 for the rest of the window once a
 * count is over; the client asks its limiter before every call, {@code gettoken} included.
 *
 * <p>The default, {@link #inProcess}, counts the calls of one client in this JVM. Instances of a
 * cluster that share a corp need one limit for all of them: {@code JdbcRateLimiter} in
 * {@code wecom-sync-jdbc} keeps it in the host's database.
 *
 * <h2>Contract</h2>
 * {@link #acquire} is called from many threads at once and must be thread-safe. It returns when the
 * call may go, after waiting as long as needed; waits must end with {@link InterruptedException}
 * when the thread is interrupted (the client then restores the interrupt flag and fails the call
 * with {@link WeComIoException}). A limiter that throws any other exception fails that call with it,
 * so a shared limiter whose store is unreachable should fall back to a local limit rather than throw.
 */
public interface RateLimiter {

    /**
     * Takes one call of {@code api} (e.g. {@code "user/get"}), waiting until the limits allow it.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void acquire(String api) throws InterruptedException;

    /**
     * A limiter in this JVM with a token bucket per API and limit: the minute's bucket refills
     * {@code limits.perMinute()} a minute and holds a tenth of that (so no minute sees more than 1.1
     * times the limit), the hour's likewise. Callers wait in the order they arrived.
     */
    static RateLimiter inProcess(Limits limits) {
        return new LocalRateLimiter(Objects.requireNonNull(limits, "limits == null"), Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /**
     * Calls a minute and calls an hour, per API.
     *
     * @param perMinute at least 1
     * @param perHour at least {@code perMinute}
     */
    record Limits(int perMinute, int perHour) {
        /** The client's default: 6,000 a minute and 100,000 an hour, below WeCom's 10,000 and 150,000. */
        public static final Limits DEFAULT = new Limits(6_000, 100_000);

        public Limits {
            if (perMinute < 1) {
                throw new IllegalArgumentException("perMinute < 1: " + perMinute);
            }
            if (perHour < perMinute) {
                throw new IllegalArgumentException("perHour < perMinute: " + perHour + " < " + perMinute);
            }
        }

        /** {@code perMinute} a minute and the default hourly limit, or {@code perMinute} if that is more. */
        public static Limits perMinute(int perMinute) {
            return new Limits(perMinute, Math.max(perMinute, DEFAULT.perHour));
        }
    }
}
