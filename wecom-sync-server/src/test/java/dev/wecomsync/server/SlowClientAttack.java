package dev.wecomsync.server;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.server.Signer.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark, not a test: how many legitimate signed events a {@link CallbackServer} on loopback answers while
 * hostile clients hold connections open, and how fast. Sends one event every 150 ms (401 in 60 s), each on a new
 * connection with WeCom's 5-second limit, first with no attack, then while 300 connections trickle their headers
 * one byte a second and 16 connections declare a 1,000,000-byte body and trickle it one byte a second; an
 * attacker whose connection the server cuts reconnects at once. Prints the fraction answered 200 and the
 * p50/p99/max latency of each phase (after 200 unmeasured events to warm up).
 *
 * <pre>
 * mvn -B -ntp -q -Pslow-client-attack -pl wecom-sync-server -am test-compile -Dattack.seconds=60
 * </pre>
 *
 * Arguments: the duration of each phase in seconds (default 60).
 */
public final class SlowClientAttack {
    private static final String PATH = "/wecom/callback";
    private static final int SLOW_HEADER_CONNECTIONS = 300;
    private static final int SLOW_BODY_CONNECTIONS = 16;
    private static final long EVENT_INTERVAL_MILLIS = 150;
    private static final int ANSWER_LIMIT_MILLIS = 5000;
    private static final int WARM_UP_EVENTS = 200;

    private SlowClientAttack() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        AtomicInteger delivered = new AtomicInteger();
        try (Signer signer = new Signer()) {
            CallbackHandler handler = CallbackHandler.builder().crypto(signer.crypto())
                    .onEvent(e -> delivered.incrementAndGet()).build();
            try (CallbackServer server = CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), PATH, handler)) {
                System.out.println("CallbackServer (Jetty, defaults) on port " + server.port() + ", " + seconds
                        + " s per phase");
                run("no attack", server.port(), signer, seconds, false);
                run("attack", server.port(), signer, seconds, true);
            }
        }
        System.out.println("events delivered to the listener: " + delivered.get());
    }

    static void run(String phase, int port, Signer signer, int seconds, boolean attack) throws Exception {
        for (int i = 0; i < WARM_UP_EVENTS; i++) send(port, signer.event(Signer.createUser("warm-up-" + phase + i)));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> attackers = new ArrayList<>();
        AtomicInteger headerCuts = new AtomicInteger();
        AtomicInteger bodyCuts = new AtomicInteger();
        if (attack) {
            String head = "POST " + PATH + "?msg_signature=a&timestamp=1&nonce=1 HTTP/1.1\r\nHost: x\r\n";
            for (int i = 0; i < SLOW_HEADER_CONNECTIONS; i++) {
                attackers.add(attacker(port, head, "X-Slow: ", stop, headerCuts));
            }
            String bodyHead = head + "Content-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n";
            for (int i = 0; i < SLOW_BODY_CONNECTIONS; i++) {
                attackers.add(attacker(port, bodyHead, "<xml>", stop, bodyCuts));
            }
            attackers.forEach(Thread::start);
            TimeUnit.SECONDS.sleep(2); // let the attackers take hold before the events start
        }
        int events = (int) (seconds * 1000L / EVENT_INTERVAL_MILLIS) + 1;
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < events; i++) requests.add(signer.event(Signer.createUser(phase.replace(' ', '-') + i)));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newCachedThreadPool();
        List<ScheduledFuture<Future<Long>>> latencies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Request r = requests.get(i);
            latencies.add(clock.schedule(() -> senders.submit(() -> send(port, r)), i * EVENT_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
        List<Long> answered = new ArrayList<>();
        for (ScheduledFuture<Future<Long>> f : latencies) {
            long nanos = f.get().get();
            if (nanos >= 0) answered.add(nanos);
        }
        stop.set(true);
        attackers.forEach(Thread::interrupt);
        clock.shutdownNow();
        senders.shutdownNow();
        Collections.sort(answered);
        System.out.printf("%-9s %d of %d answered 200 within 5 s (%.1f%%), p50 %s, p99 %s, max %s%n", phase + ":",
                answered.size(), events, 100.0 * answered.size() / events, millis(answered, 0.50),
                millis(answered, 0.99), millis(answered, 1.0));
        if (attack) {
            System.out.println("          attacker connections cut by the server: " + headerCuts.get()
                    + " slow-header, " + bodyCuts.get() + " slow-body");
        }
    }

    /** Connects, sends {@code head}, then one byte of {@code trickle} a second; reconnects when cut off. */
    private static Thread attacker(int port, String head, String trickle, AtomicBoolean stop, AtomicInteger cuts) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    for (int i = 0; !stop.get(); i++) {
                        TimeUnit.SECONDS.sleep(1);
                        if (in.available() > 0) break; // the server answered (408): it is done with us
                        out.write(trickle.charAt(i % trickle.length()));
                        out.flush();
                    }
                    if (!stop.get()) cuts.incrementAndGet();
                } catch (IOException e) {
                    if (!stop.get()) cuts.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "attacker");
        t.setDaemon(true);
        return t;
    }

    /** Nanoseconds from connecting to a complete 200, or -1 for anything else within the answer limit. */
    private static long send(int port, Request r) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), ANSWER_LIMIT_MILLIS);
            s.setSoTimeout(ANSWER_LIMIT_MILLIS);
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            String head = "POST " + PATH + "?" + r.rawQuery() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: text/xml\r\nContent-Length: " + body.length + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            byte[] status = s.getInputStream().readNBytes(12);
            long nanos = System.nanoTime() - start;
            boolean ok = new String(status, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
            return ok && nanos < TimeUnit.MILLISECONDS.toNanos(ANSWER_LIMIT_MILLIS) ? nanos : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) return "-";
        int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
        return String.format("%.1f ms", sorted.get(index) / 1e6);
    }
}
