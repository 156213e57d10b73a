package dev.wecomsync.spring.internal;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.spring.WeComSyncObserver;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback endpoint on the application's servlet container: passes GET and POST to the
 * {@link CallbackHandler} and writes back its answer. A POST body over the handler's limit is
 * answered 413 before it is read whole: at once when its Content-Length says so, else as soon as
 * reading passes the limit.
 */
public final class CallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CallbackServlet.class);

    private final transient CallbackHandler handler;
    private final transient List<WeComSyncObserver> observers;

    public CallbackServlet(CallbackHandler handler, List<WeComSyncObserver> observers) {
        this.handler = handler;
        this.observers = List.copyOf(observers);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        CallbackResponse answer;
        if ("POST".equals(method)) {
            String body = readBody(request);
            answer = body == null ? new CallbackResponse(413, "body too large", CallbackResponse.TEXT_PLAIN)
                    : handler.handle(method, request.getQueryString(), body);
        } else {
            answer = handler.handle(method, request.getQueryString(), "");
        }
        for (WeComSyncObserver o : observers) {
            try {
                o.callbackAnswered(method, answer);
            } catch (RuntimeException e) {
                log.warn("a WeComSyncObserver threw; ignored", e);
            }
        }
        response.setStatus(answer.status());
        if (answer.status() == 405) {
            response.setHeader("Allow", "GET, POST");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(answer.contentType());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The body as UTF-8; null when it is larger than the handler allows. */
    private String readBody(HttpServletRequest request) throws IOException {
        int max = handler.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > max) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
