package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wecomsync.callback.internal.BodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTP endpoint for WeCom callbacks on the JDK's built-in server
 * ({@code com.sun.net.httpserver}): no servlet container, no extra dependency.
 *
 * <pre>{@code
 * try (CallbackServer server = CallbackServer.start(8080, "/wecom/callback", handler)) {
 *   ...  // WeCom's callback URL: https://your.host/wecom/callback (TLS by a reverse proxy)
 * }
 * }</pre>
 *
 * <p>Requests run on a bounded pool of {@value #THREADS} threads with a queue of
 * {@value #QUEUE} requests; beyond that the accepting thread runs the request itself, which
 * slows down accepting new connections instead of dropping any. Only the exact path is served
 * (404 elsewhere). A body larger than the handler's {@link CallbackHandler#maxBodyBytes()} is
 * not read further and answered with 413. Serves plain HTTP: put TLS in front of it.
 */
public final class CallbackServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackServer.class);
    static final int THREADS = 16;
    static final int QUEUE = 256;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String path;

    private CallbackServer(HttpServer server, ThreadPoolExecutor executor, String path) {
        this.server = server;
        this.executor = executor;
        this.path = path;
    }

    /** Listens on every interface at {@code port} (0 picks a free port; see {@link #port()}). */
    public static CallbackServer start(int port, String path, CallbackHandler handler) {
        return start(new InetSocketAddress(port), path, handler);
    }

    /** Listens on {@code address}, such as {@code new InetSocketAddress("127.0.0.1", 0)}. */
    public static CallbackServer start(InetSocketAddress address, String path, CallbackHandler handler) {
        requireNonNull(address, "address == null");
        requireNonNull(path, "path == null");
        requireNonNull(handler, "handler == null");
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threadFactory(), new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext(path, exchange -> serve(exchange, path, handler));
        server.start();
        return new CallbackServer(server, executor, path);
    }

    /** The port listened on; the one chosen when started with port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}, for tests on this machine. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Stops listening, lets running requests finish for up to 5 seconds, then stops the pool. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void serve(HttpExchange exchange, String path, CallbackHandler handler) {
        try (exchange) {
            if (!exchange.getRequestURI().getRawPath().equals(path)) {
                respond(exchange, CallbackResponse.text(404, "not found"));
                return;
            }
            String method = exchange.getRequestMethod();
            String body = "";
            if ("POST".equalsIgnoreCase(method)) {
                if (declaredLength(exchange) > handler.maxBodyBytes()) {
                    respond(exchange, CallbackResponse.text(413, "body too large"));
                    return;
                }
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] bytes = BodyReader.readAtMost(in, handler.maxBodyBytes());
                    if (bytes == null) {
                        respond(exchange, CallbackResponse.text(413, "body too large"));
                        return;
                    }
                    body = new String(bytes, StandardCharsets.UTF_8);
                }
            }
            CallbackResponse response = handler.handle(method, exchange.getRequestURI().getRawQuery(), body);
            if (response.status() == 405) exchange.getResponseHeaders().set("Allow", "GET, POST");
            respond(exchange, response);
        } catch (IOException | RuntimeException e) {
            log.warn("Callback request failed: {}", e.toString());
        }
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) return -1;
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // the server itself refuses such requests; read with the limit regardless
        }
    }

    private static void respond(HttpExchange exchange, CallbackResponse response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "wecom-callback-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
