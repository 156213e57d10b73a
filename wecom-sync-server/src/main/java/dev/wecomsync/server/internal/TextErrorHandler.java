package dev.wecomsync.server.internal;

import dev.wecomsync.callback.CallbackResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every error Jetty produces itself (malformed HTTP, a bad URI, headers too large, a request during
 * shutdown) with the same short {@code text/plain} bodies the callback handler writes, never an HTML page.
 */
public final class TextErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ERROR_STATUS);
        int code = status instanceof Integer ? (Integer) status : response.getStatus();
        Replies.send(response, callback, Replies.forStatus(code), false);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        CallbackResponse r = Replies.forStatus(status);
        fields.put(HttpHeader.CONTENT_TYPE, r.contentType());
        return ByteBuffer.wrap(r.body().getBytes(StandardCharsets.UTF_8));
    }
}
