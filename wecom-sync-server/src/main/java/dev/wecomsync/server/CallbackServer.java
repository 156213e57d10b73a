package dev.wecomsync.server;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.server.internal.CallbackEndpoint;
import dev.wecomsync.server.internal.HeaderTimeoutConnectionFactory;
import dev.wecomsync.server.internal.TextErrorHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback endpoint on a real HTTP server (Jetty 12), for hosts without a web framework. It serves one
 * {@link CallbackHandler} at one exact path, over plain HTTP/1.1: put TLS in front of it (a reverse proxy
 * or a load balancer), since WeCom calls an https URL.
 *
 * <pre>{@code
 * try (CallbackServer server = CallbackServer.start(8080, "/wecom/callback", handler)) {
 *   ...  // WeCom's callback URL: https://your.host/wecom/callback
 * }
 * }</pre>
 *
 * <h2>Hostile clients</h2>
 * The endpoint is reachable by anyone, so nothing a client does can hold the server for long:
 * <ul>
 * <li>a request's line and headers must arrive within {@link Builder#headerTimeout} (default 10 s), even
 *     when the client keeps trickling bytes; then the connection gets 408 and is closed;</li>
 * <li>a POST body must arrive within {@link Builder#bodyTimeout} (default 10 s), else 408; it is read
 *     without holding a thread, and never beyond {@link Builder#maxBodyBytes} (default: the handler's
 *     {@link CallbackHandler#maxBodyBytes()}, 1 MiB): a declared {@code Content-Length} over the limit is
 *     answered 413 before a byte of the body is read, a chunked body stops at the limit with 413;</li>
 * <li>a connection with nothing to send is closed after {@link Builder#idleTimeout} (default 30 s);</li>
 * <li>the handler runs on {@link Builder#threads} workers (default 16) with a queue of
 *     {@link Builder#queueSize} requests (default 256); beyond that a request is answered 503 at once, which
 *     WeCom retries.</li>
 * </ul>
 * Every answer of the server itself — a wrong path (404), malformed HTTP or a bad URI (400), headers over
 * 8 KiB (431), the limits above — is a short {@code text/plain} body like the handler's own, never an HTML
 * error page.
 *
 * <h2>Stopping</h2>
 * {@link #stop(Duration)} stops accepting connections, answers new requests on open connections with 503,
 * lets the requests already being handled finish within the timeout, then closes everything;
 * {@link #close()} does that with {@link Builder#stopTimeout} (default 5 s).
 *
 * <h2>Thread safety</h2>
 * Thread-safe. Worker threads are daemon threads named {@code wecom-callback-N}.
 */
public final class CallbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);

    /** Default deadline for a request's line and headers. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default deadline for a POST body, counted from the end of its headers. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a connection may stay silent. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Default time {@link #close()} gives running requests to finish. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of threads running the handler. */
    public static final int DEFAULT_THREADS = 16;
    /** Default number of requests waiting for a thread before further ones get 503. */
    public static final int DEFAULT_QUEUE_SIZE = 256;

    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor workers;
    private final String path;
    private final Duration stopTimeout;

    private CallbackServer(Server server, ServerConnector connector, ThreadPoolExecutor workers, String path,
            Duration stopTimeout) {
        this.server = server;
        this.connector = connector;
        this.workers = workers;
        this.path = path;
        this.stopTimeout = stopTimeout;
    }

    /** Listens on every interface at {@code port} (0 picks a free port; see {@link #port()}), with the defaults. */
    public static CallbackServer start(int port, String path, CallbackHandler handler) {
        return builder().port(port).path(path).handler(handler).start();
    }

    /** Listens on {@code address}, such as {@code new InetSocketAddress("127.0.0.1", 0)}, with the defaults. */
    public static CallbackServer start(InetSocketAddress address, String path, CallbackHandler handler) {
        return builder().address(address).path(path).handler(handler).start();
    }

    /** Options beyond the defaults; {@code handler} and {@code path} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on; the one chosen when started with port 0. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><path>}, for tests on this machine. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Number of requests waiting for a worker thread right now. */
    int queuedRequests() {
        return workers.getQueue().size();
    }

    /**
     * Stops accepting connections and lets running requests finish for up to {@code timeout}, then closes
     * every connection and stops the workers. Calling it again does nothing.
     */
    public void stop(Duration timeout) {
        requireNonNull(timeout, "timeout == null");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            server.setStopTimeout(Math.max(1, timeout.toMillis()));
            server.stop();
        } catch (Exception e) {
            log.warn("Callback server stopped with requests unfinished after {}: {}", timeout, e.toString());
        }
        workers.shutdown();
        try {
            long left = deadline - System.nanoTime();
            if (!workers.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop(Duration)} with the configured stop timeout (default 5 s). */
    @Override
    public void close() {
        stop(stopTimeout);
    }

    @Override
    public String toString() {
        return "CallbackServer{" + (server.isStarted() ? "port=" + port() + ", " : "stopped, ") + "path=" + path + "}";
    }

    /** Configures and starts a {@link CallbackServer}. */
    public static final class Builder {
        private CallbackHandler handler;
        private String path;
        private String host;
        private int port;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private int maxBodyBytes;
        private int threads = DEFAULT_THREADS;
        private int queueSize = DEFAULT_QUEUE_SIZE;

        private Builder() {}

        /** The handler that answers every request on {@code path}. Required. */
        public Builder handler(CallbackHandler handler) {
            this.handler = requireNonNull(handler, "handler == null");
            return this;
        }

        /** The exact path served, such as {@code /wecom/callback}; others get 404. Required. */
        public Builder path(String path) {
            requireNonNull(path, "path == null");
            if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
            this.path = path;
            return this;
        }

        /** The port, on every interface; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            this.host = null;
            return this;
        }

        /** The interface and port, such as {@code new InetSocketAddress("127.0.0.1", 8080)}. */
        public Builder address(InetSocketAddress address) {
            requireNonNull(address, "address == null");
            this.host = address.getAddress() == null || address.getAddress().isAnyLocalAddress()
                    ? null : address.getAddress().getHostAddress();
            this.port = address.getPort();
            return this;
        }

        /** Deadline for a request's line and headers, however slowly they trickle in. Default 10 s. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "headerTimeout");
            return this;
        }

        /** Deadline for a POST body, from the end of its headers; over it the answer is 408. Default 10 s. */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = positive(timeout, "bodyTimeout");
            return this;
        }

        /** A connection silent this long is closed (between requests, or mid-request). Default 30 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** How long {@link CallbackServer#close()} lets running requests finish. Default 5 s. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = positive(timeout, "stopTimeout");
            return this;
        }

        /** Larger POST bodies get 413 without being read further. Default: the handler's {@code maxBodyBytes()}. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes < 1: " + maxBodyBytes);
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Threads running the handler (and so the listener, in sync mode). Default 16. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads < 1: " + threads);
            this.threads = threads;
            return this;
        }

        /** Requests that may wait for a thread; further ones get 503 at once. 0 allowed. Default 256. */
        public Builder queueSize(int queueSize) {
            if (queueSize < 0) throw new IllegalArgumentException("queueSize < 0: " + queueSize);
            this.queueSize = queueSize;
            return this;
        }

        /** Starts listening; fails with {@link IllegalStateException} when the port cannot be bound. */
        public CallbackServer start() {
            if (handler == null) throw new IllegalStateException("handler == null");
            if (path == null) throw new IllegalStateException("path == null");
            ThreadPoolExecutor workers = workers(threads, queueSize);
            QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2);
            io.setName("wecom-callback-io");
            io.setDaemon(true);
            Server server = new Server(io);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(server, 1, 1,
                    new HeaderTimeoutConnectionFactory(http, headerTimeout.toMillis()));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(idleTimeout.toMillis());
            connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
            server.addConnector(connector);
            int limit = maxBodyBytes > 0 ? maxBodyBytes : handler.maxBodyBytes();
            server.setHandler(new GracefulHandler(new CallbackEndpoint(path, handler, limit, bodyTimeout, workers)));
            server.setErrorHandler(new TextErrorHandler());
            server.setStopTimeout(stopTimeout.toMillis());
            try {
                server.start();
            } catch (Exception e) {
                workers.shutdownNow();
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // already failing: the start failure is what counts
                }
                throw new IllegalStateException("cannot listen on " + (host == null ? "*" : host) + ":" + port
                        + ": " + e.getMessage(), e);
            }
            return new CallbackServer(server, connector, workers, path, stopTimeout);
        }

        /** While stopping, connections silent this long are closed (Jetty's default is a second). */
        private static final long SHUTDOWN_IDLE_MILLIS = 50;

        /** Jetty's own threads: accepting, selecting, parsing and reading bodies; none wait for the handler. */
        private static final int IO_THREADS = 16;

        private static ThreadPoolExecutor workers(int threads, int queueSize) {
            BlockingQueue<Runnable> queue = queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize);
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue,
                    threadFactory(), new ThreadPoolExecutor.AbortPolicy());
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }

        private static ThreadFactory threadFactory() {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, "wecom-callback-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name + " == null");
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
