package dev.wecomsync.testkit;

import java.io.IOException;

/**
 * How a {@link CallbackSender} reaches the host's callback endpoint: over HTTP (the default, see
 * {@link WeComSimulator#callbacks(String, String, String)}) or straight into a handler in the same JVM, which
 * suits framework-neutral handlers:
 *
 * <pre>{@code
 * CallbackSender sender = sim.callbacks((method, rawQuery, body) -> {
 *   CallbackResponse r = handler.handle(method, rawQuery, body);
 *   return new CallbackTransport.Reply(r.status(), r.body());
 * }, token, encodingAesKey);
 * }</pre>
 */
@FunctionalInterface
public interface CallbackTransport {

  /**
   * Delivers one request: {@code method} is "GET" (URL verification) or "POST" (an event); {@code rawQuery} is
   * the query string as WeCom sends it, percent-encoded, without "?"; {@code body} is empty for GET. An
   * {@link IOException} counts as no answer (status 0).
   */
  Reply deliver(String method, String rawQuery, String body) throws IOException;

  /** The endpoint's answer. */
  record Reply(int status, String body) {
    public Reply {
      body = body == null ? "" : body;
    }
  }
}
