package dev.wecomsync.server.internal;

import dev.wecomsync.callback.CallbackResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while it arrives: Jetty calls back when bytes are there.
 * The body is refused as soon as it grows past the limit (413), and when it is not complete within the
 * timeout (408); each outcome reaches the {@link Sink} exactly once.
 */
public final class BodyReader implements Runnable {

    /** Where the outcome goes: the body, an answer refusing it, or a broken connection. */
    public interface Sink {
        void body(byte[] body);

        void refuse(CallbackResponse answer);

        void fail(Throwable failure);
    }

    private final Request request;
    private final int limit;
    private final Sink sink;
    private final AtomicBoolean done = new AtomicBoolean();
    private byte[] buffer;
    private int size;
    private volatile Scheduler.Task deadline;

    private BodyReader(Request request, int limit, Sink sink) {
        this.request = request;
        this.limit = limit;
        this.sink = sink;
        long declared = request.getLength();
        this.buffer = new byte[(int) Math.min(limit, declared >= 0 ? declared : 8192)];
    }

    /** Starts reading; returns at once. */
    public static void read(Request request, int limit, Duration timeout, Scheduler scheduler, Sink sink) {
        BodyReader reader = new BodyReader(request, limit, sink);
        reader.deadline = scheduler.schedule(reader::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.run();
    }

    @Override
    public void run() {
        while (!done.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                // A transient failure is Jetty's idle timeout while waiting for bytes: answer it.
                if (chunk.isLast()) finish(() -> sink.fail(chunk.getFailure()));
                else finish(() -> sink.refuse(Replies.TIMEOUT));
                return;
            }
            try {
                if (!append(chunk.getByteBuffer())) {
                    finish(() -> sink.refuse(Replies.TOO_LARGE));
                    return;
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
                finish(() -> sink.body(body));
                return;
            }
        }
    }

    private boolean append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n > limit - size) return false;
        if (size + n > buffer.length) buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(size + n, buffer.length * 2)));
        bytes.get(buffer, size, n);
        size += n;
        return true;
    }

    private void expire() {
        finish(() -> sink.refuse(Replies.TIMEOUT));
    }

    private void finish(Runnable outcome) {
        if (!done.compareAndSet(false, true)) return;
        Scheduler.Task task = deadline;
        if (task != null) task.cancel();
        outcome.run();
    }
}
