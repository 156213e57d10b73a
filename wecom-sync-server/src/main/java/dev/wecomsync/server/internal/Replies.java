package dev.wecomsync.server.internal;

import dev.wecomsync.callback.CallbackResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The server's own short plain-text answers, and how any {@link CallbackResponse} is written to Jetty. */
public final class Replies {
    public static final CallbackResponse MALFORMED = CallbackResponse.text(400, "malformed request");
    public static final CallbackResponse NOT_FOUND = CallbackResponse.text(404, "not found");
    public static final CallbackResponse TIMEOUT = CallbackResponse.text(408, "request timeout");
    public static final CallbackResponse TOO_LARGE = CallbackResponse.text(413, "body too large");
    public static final CallbackResponse BUSY = CallbackResponse.text(503, "server busy");

    private Replies() {}

    /** A short text for any status Jetty itself answers with (bad HTTP, headers too large, shutting down). */
    public static CallbackResponse forStatus(int status) {
        switch (status) {
            case 400: return MALFORMED;
            case 404: return NOT_FOUND;
            case 405: return CallbackResponse.text(405, "use GET or POST");
            case 408: return TIMEOUT;
            case 413: return TOO_LARGE;
            case 431: return CallbackResponse.text(431, "headers too large");
            case 503: return BUSY;
            default:
                if (status < 100 || status > 599) return CallbackResponse.text(500, "internal error");
                String reason = HttpStatus.getMessage(status);
                return CallbackResponse.text(status, reason == null ? "error" : reason.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes {@code r} as the whole response; {@code close} also ends the connection after it. */
    public static void send(Response response, Callback callback, CallbackResponse r, boolean close) {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(r.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, r.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        if (r.status() == 405) headers.put(HttpHeader.ALLOW, "GET, POST");
        if (close) headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
