package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.RedisLink;
import dev.wecomsync.redis.internal.Script;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.internal.Heartbeats;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SyncLock} on a Redis key: one full sync at a time across a cluster.
 *
 * <pre>{@code
 * RedisSyncLock lock = RedisSyncLock.builder().uri("redis://127.0.0.1:6379").build();
 * WeComSync sync = WeComSync.builder()
 *     .client(client).target(target).lock(lock)
 *     .build();
 * }</pre>
 *
 * <h2>Lease and heartbeat</h2>
 * {@link #tryLock()} sets the key {@code wecomsync:<prefix>lock:<name>} to a random owner token with
 * {@code SET NX PX <lease>}: it succeeds only when nobody holds the key, and Redis deletes the key
 * by itself when the lease runs out. While the lock is held, a heartbeat extends the lease every
 * {@link Builder#heartbeatInterval} (a third of the {@link Builder#lease} by default), with a script
 * that extends it only while the key still holds this owner's token. {@link #unlock()} stops the
 * heartbeat and deletes the key, with a script that deletes it only while it holds this owner's
 * token. Leases are measured on Redis's clock alone, so the instances' clocks do not matter.
 *
 * <h2>When the holder stalls</h2>
 * A holder that stalls longer than the lease (GC, a network partition) loses the key, and another
 * instance may take the lock. From then on {@link #isHeld()} is false on the stalled holder, its
 * heartbeat stops with a warning, and neither a late heartbeat nor its {@code unlock} touches the
 * new holder's key.
 *
 * <h2>Instances and closing</h2>
 * One instance per {@link dev.wecomsync.sync.WeComSync} (or share one: a second {@code tryLock} on a
 * held instance returns false, as {@link SyncLock#inProcess()} does). Locks of different names are
 * independent. {@link #close()} releases the lock, stops the heartbeat thread and closes the
 * connection (and the client when built from a URI).
 */
public final class RedisSyncLock implements SyncLock, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSyncLock.class);

    /** The lock's name unless the builder says otherwise. */
    public static final String DEFAULT_NAME = "full-sync";
    /** How long a lease lasts without a heartbeat. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    /** KEYS: lock; ARGV: owner, lease (ms). Extends the lease if the owner still holds it; 1 if it did. */
    private static final Script EXTEND = Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);

    /** KEYS: lock; ARGV: owner. The lease's remaining milliseconds if the owner holds it, else -1. */
    private static final Script REMAINING = Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PTTL', KEYS[1])
            end
            return -1
            """);

    private final RedisLink link;
    private final String key;
    private final String name;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Heartbeats heartbeats;

    /** Guarded by this: the owner token of the held lock, or null. */
    private String owner;
    private ScheduledFuture<?> heartbeat;
    private boolean lost;
    private boolean closed;

    private RedisSyncLock(Builder b) {
        this.link = b.link("RedisSyncLock");
        this.key = b.namespace("lock:") + b.name;
        this.name = b.name;
        this.lease = b.lease;
        this.heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval : b.lease.dividedBy(3);
        this.heartbeats = b.scheduler != null ? Heartbeats.using(b.scheduler) : Heartbeats.own("wecom-sync-lock-" + name);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes the lock if nobody holds an unexpired lease on it; false when someone, this instance
     * included, does.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws RedisStoreException when Redis cannot be asked
     */
    @Override
    public synchronized boolean tryLock() {
        if (closed) throw new IllegalStateException(this + " is closed");
        if (owner != null) return false;
        String candidate = UUID.randomUUID().toString();
        String reply;
        try {
            reply = link.call("tryLock " + key, c -> c.set(key, candidate, SetArgs.Builder.nx().px(lease.toMillis())));
        } catch (RedisStoreException e) {
            // The SET may have reached Redis before the failure: give back what it may have taken.
            release(candidate);
            throw e;
        }
        if (!"OK".equals(reply)) return false;
        owner = candidate;
        lost = false;
        try {
            heartbeat = heartbeats.schedule(this::beat, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            owner = null;
            release(candidate);
            throw new IllegalStateException("the heartbeat scheduler of " + this + " refused the heartbeat", e);
        }
        log.debug("Took sync lock {} for a lease of {}", name, lease);
        return true;
    }

    /**
     * Releases the lock if this instance holds it; a lock that was taken over stays with its new
     * holder. A Redis failure is logged, not thrown: the lease runs out by itself.
     */
    @Override
    public synchronized void unlock() {
        if (owner == null) return;
        String releasing = owner;
        owner = null;
        heartbeat.cancel(false);
        heartbeat = null;
        try {
            Long deleted = link.eval("unlock " + key, Script.COMPARE_AND_DELETE, ScriptOutputType.INTEGER,
                    new String[] {key}, releasing);
            if (deleted == null || deleted == 0) log.warn("Sync lock {} had been taken over before it was released", name);
            else log.debug("Released sync lock {}", name);
        } catch (RedisStoreException e) {
            log.warn("Could not release sync lock {}; it is free again when its lease of {} runs out", name, lease, e);
        }
    }

    /** Deletes the key if {@code candidate} holds it; quietly, for the failure paths of tryLock. */
    private void release(String candidate) {
        try {
            link.eval("release " + key, Script.COMPARE_AND_DELETE, ScriptOutputType.INTEGER, new String[] {key}, candidate);
        } catch (RedisStoreException e) {
            log.debug("Could not give back sync lock {}; its lease runs out by itself", name, e);
        }
    }

    /**
     * Whether this instance holds the lock now, asked of Redis: true only while the key holds this
     * instance's owner token and its lease has time left on Redis's clock; false once the lease ran
     * out, whether or not another instance took over.
     *
     * @throws RedisStoreException when Redis cannot be asked (the engine then stops writing, as when
     *     the lock is lost)
     */
    @Override
    public boolean isHeld() {
        String current;
        synchronized (this) {
            current = owner;
        }
        if (current == null) return false;
        Long remaining = link.eval("isHeld " + key, REMAINING, ScriptOutputType.INTEGER, new String[] {key}, current);
        return remaining != null && remaining > 0;
    }

    /** Releases the lock if held, stops the heartbeat thread this lock started, and closes the connection. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            unlock();
        } finally {
            heartbeats.shutdown();
            link.close();
        }
    }

    /** Extends the lease; runs on the heartbeat scheduler. */
    private void beat() {
        String current;
        synchronized (this) {
            if (owner == null || lost) return;
            current = owner;
        }
        try {
            Long extended = link.eval("heartbeat " + key, EXTEND, ScriptOutputType.INTEGER, new String[] {key},
                    current, Long.toString(lease.toMillis()));
            if (extended == null || extended == 0) {
                synchronized (this) {
                    if (!current.equals(owner)) return; // unlocked meanwhile: nothing was lost
                    lost = true;
                    if (heartbeat != null) heartbeat.cancel(false);
                }
                log.warn("Sync lock {} was lost: its lease of {} ran out without a heartbeat, and another instance"
                        + " may hold it now", name, lease);
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of sync lock {} failed; the lease lasts until the next one succeeds", name, e);
        }
    }

    @Override
    public String toString() {
        return "RedisSyncLock[" + key + ", lease=" + lease + "]";
    }

    /** Configures a {@link RedisSyncLock}; only where Redis is is required. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private String name = DEFAULT_NAME;
        private Duration lease = DEFAULT_LEASE;
        private Duration heartbeatInterval;
        private ScheduledExecutorService scheduler;

        private Builder() {}

        /** The lock's name, 1 to 128 characters; default {@value #DEFAULT_NAME}. One lock per corp and target, say. */
        public Builder name(String name) {
            requireNonNull(name, "name == null");
            if (name.isEmpty() || name.length() > 128) throw new IllegalArgumentException("name must be 1 to 128 characters");
            this.name = name;
            return this;
        }

        /** How long the lock outlives its last heartbeat, at least 1 ms; default 2 minutes. */
        public Builder lease(Duration lease) {
            this.lease = Durations.millis(lease, "lease");
            return this;
        }

        /** How often the holder extends its lease; default a third of the lease. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = Durations.millis(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * Runs heartbeats on the host's scheduler instead of a daemon thread of the lock's own;
         * the lock never shuts it down.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler == null");
            return this;
        }

        /**
         * Builds the lock; it connects to Redis on its first call, not here.
         *
         * @throws IllegalStateException when Redis's address is missing or the heartbeat is not shorter than the lease
         */
        public RedisSyncLock build() {
            Duration interval = heartbeatInterval != null ? heartbeatInterval : lease.dividedBy(3);
            if (interval.toMillis() < 1) throw new IllegalStateException("heartbeatInterval must be at least 1 ms: " + interval);
            if (interval.compareTo(lease) >= 0) {
                throw new IllegalStateException("heartbeatInterval must be shorter than the lease: " + interval + " >= " + lease);
            }
            return new RedisSyncLock(this);
        }
    }
}
