package dev.wecomsync.sync.internal;

import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs reads on a pool with at most {@code window} in flight and hands each result to the
 * calling thread as it completes, so the caller alone touches the target and the state while the
 * reads overlap. Inputs are pulled lazily: memory stays flat however many there are.
 */
final class ParallelReads {

    /** What one read gave: a value or the exception it threw. */
    record Result<I, O>(I input, O value, RuntimeException error) {
    }

    interface Sink<I, O> {
        void accept(Result<I, O> result);
    }

    private ParallelReads() {
    }

    /**
     * Reads every input with {@code read} and passes each result to {@code sink} on this thread.
     *
     * @throws CancellationException when this thread is interrupted (the flag is set again); reads
     *     in flight are cancelled
     */
    static <I, O> void run(ExecutorService pool, int window, Iterator<I> inputs, Function<I, O> read, Sink<I, O> sink) {
        CompletionService<Result<I, O>> completion = new ExecutorCompletionService<>(pool);
        java.util.List<Future<Result<I, O>>> inFlight = new java.util.ArrayList<>();
        int running = 0;
        try {
            while (true) {
                while (running < window && inputs.hasNext()) {
                    I input = inputs.next();
                    inFlight.add(completion.submit(() -> {
                        try {
                            return new Result<>(input, read.apply(input), null);
                        } catch (RuntimeException e) {
                            return new Result<>(input, null, e);
                        }
                    }));
                    running++;
                }
                if (running == 0) {
                    return;
                }
                Future<Result<I, O>> done = completion.take();
                inFlight.remove(done);
                running--;
                sink.accept(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.forEach(f -> f.cancel(true));
            CancellationException cancelled = new CancellationException("full sync interrupted");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException | CancellationException e) {
            inFlight.forEach(f -> f.cancel(true));
            throw new IllegalStateException("read task failed", e);
        } catch (RuntimeException e) {
            inFlight.forEach(f -> f.cancel(true));
            throw e;
        }
    }
}
