package dev.wecomsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.CallbackCryptoException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal host endpoint on the JDK's HTTP server that checks and decrypts what the simulator sends. */
final class CallbackEndpoint implements AutoCloseable {

    /** One request as received, with its decrypted plaintext (null when it did not verify). */
    record Received(String method, String rawQuery, String body, String plaintext) {}

    static final String TOKEN = "QDG6eK";
    static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    private final HttpServer server;
    private final CallbackCrypto crypto;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int postStatus = 200;
    volatile boolean echoWrong;

    /** Checks timestamps against {@code clock}, the simulator's, with the default replay window. */
    CallbackEndpoint(String corpId, Clock clock) throws IOException {
        crypto = CallbackCrypto.of(TOKEN, AES_KEY, corpId).withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, clock);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/wecom/callback", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/wecom/callback";
    }

    List<Received> received() {
        return received;
    }

    List<String> plaintexts() {
        return received.stream().map(Received::plaintext).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> q = parse(rawQuery);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String plaintext = null;
        int status;
        String answer = "";
        try {
            if (exchange.getRequestMethod().equals("GET")) {
                plaintext = crypto.verifyUrl(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), q.get("echostr"));
                answer = echoWrong ? plaintext + "\n" : plaintext;
                status = 200;
            } else {
                plaintext = crypto.decryptMessage(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), body);
                status = postStatus;
            }
        } catch (CallbackCryptoException e) {
            status = 400;
        }
        received.add(new Received(exchange.getRequestMethod(), rawQuery, body, plaintext));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null) return out;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
