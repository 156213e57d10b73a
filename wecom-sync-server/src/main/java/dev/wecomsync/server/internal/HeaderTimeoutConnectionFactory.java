package dev.wecomsync.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP/1.1 connections that must deliver a request's line and headers within a deadline. Jetty's idle
 * timeout restarts with every byte, so a client trickling one header byte a second would hold its
 * connection for ever; here the clock starts when the connection is accepted (for its first request) or at
 * the first byte of a later request on a kept-alive connection, and stops when the headers are complete.
 * When it runs out the connection gets a short 408 and is closed.
 *
 * <p>Watches the request parser's state changes, so it relies on Jetty's {@code HttpConnection} creating
 * its parser through {@code newHttpParser}; the server's tests fail should a Jetty upgrade change that.
 */
public final class HeaderTimeoutConnectionFactory extends HttpConnectionFactory {
    private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + Replies.TIMEOUT.body().length()
            + "\r\nConnection: close\r\n\r\n" + Replies.TIMEOUT.body()).getBytes(StandardCharsets.US_ASCII);

    private final long timeoutMillis;

    public HeaderTimeoutConnectionFactory(HttpConfiguration config, long timeoutMillis) {
        super(config);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        TimedConnection connection = new TimedConnection(getHttpConfiguration(), connector, endPoint, timeoutMillis);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** A connection with a header deadline; the parser reports its state changes to it. */
    private static final class TimedConnection extends HttpConnection {
        private final long timeoutMillis;
        private Scheduler.Task deadline; // guarded by this

        TimedConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, long timeoutMillis) {
            super(config, connector, endPoint);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            // Called from HttpConnection's constructor: fields of this class are not set yet.
            HttpParser plain = super.newHttpParser(compliance);
            HttpParser parser = new WatchedParser((HttpParser.RequestHandler) plain.getHandler(),
                    getHttpConfiguration().getRequestHeaderSize(), compliance, this);
            parser.setHeaderCacheSize(plain.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(plain.isHeaderCacheCaseSensitive());
            return parser;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            arm();
        }

        synchronized void arm() {
            if (deadline != null) return;
            deadline = getConnector().getScheduler().schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        synchronized void disarm() {
            if (deadline == null) return;
            deadline.cancel();
            deadline = null;
        }

        private void expire() {
            synchronized (this) {
                if (deadline == null) return; // the headers arrived meanwhile
                deadline = null;
            }
            EndPoint endPoint = getEndPoint();
            try {
                endPoint.write(Callback.from(endPoint::close), ByteBuffer.wrap(TIMEOUT_RESPONSE));
            } catch (RuntimeException e) {
                endPoint.close(e);
            }
        }
    }

    /** Tells its connection when a request's headers begin and when they are complete. */
    private static final class WatchedParser extends HttpParser {
        private final TimedConnection connection;

        WatchedParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance, TimedConnection connection) {
            super(handler, maxHeaderBytes, compliance);
            this.connection = connection;
        }

        @Override
        protected void setState(State state) {
            super.setState(state);
            switch (state) {
                case METHOD, SPACE1, URI, SPACE2, REQUEST_VERSION, PROXY, HEADER -> connection.arm();
                default -> connection.disarm();
            }
        }
    }
}
