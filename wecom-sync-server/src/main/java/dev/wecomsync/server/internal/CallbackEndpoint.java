package dev.wecomsync.server.internal;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler in front of a {@link CallbackHandler}: serves one exact path, reads a POST body (bounded,
 * with a deadline, without holding a thread), then runs the handler on the bounded worker pool; a full pool
 * answers 503 at once. Everything it answers is a short text body.
 */
public final class CallbackEndpoint extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);

    private final String path;
    private final CallbackHandler handler;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final Executor workers;

    public CallbackEndpoint(String path, CallbackHandler handler, int maxBodyBytes, Duration bodyTimeout,
            Executor workers) {
        this.path = path;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.workers = workers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!path.equals(request.getHttpURI().getPath())) {
            Replies.send(response, callback, Replies.NOT_FOUND, false);
            return true;
        }
        String method = request.getMethod();
        String query = request.getHttpURI().getQuery();
        if ("GET".equals(method)) {
            dispatch(method, query, null, response, callback);
        } else if ("POST".equals(method)) {
            if (request.getLength() > maxBodyBytes) {
                Replies.send(response, callback, Replies.TOO_LARGE, true); // the body is never read
                return true;
            }
            BodyReader.read(request, maxBodyBytes, bodyTimeout, request.getComponents().getScheduler(),
                    new BodyReader.Sink() {
                        @Override
                        public void body(byte[] body) {
                            dispatch(method, query, new String(body, StandardCharsets.UTF_8), response, callback);
                        }

                        @Override
                        public void refuse(CallbackResponse answer) {
                            log.warn("Refused callback request: {}", answer.body());
                            Replies.send(response, callback, answer, true);
                        }

                        @Override
                        public void fail(Throwable failure) {
                            callback.failed(failure);
                        }
                    });
        } else {
            Replies.send(response, callback, handler.handle(method, query, null), false); // 405, at once
        }
        return true;
    }

    private void dispatch(String method, String query, String body, Response response, Callback callback) {
        try {
            workers.execute(() -> Replies.send(response, callback, handler.handle(method, query, body), false));
        } catch (RejectedExecutionException e) {
            log.warn("Callback request refused: every worker busy and the queue full");
            Replies.send(response, callback, Replies.BUSY, false);
        }
    }
}
