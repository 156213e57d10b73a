package dev.wecomsync.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose tasks run only when a test says so, on the test's thread: {@link #runAll()}
 * runs every task that is not cancelled once (a periodic task stays scheduled, a one-shot task is
 * done). No thread, no delay: a lock's heartbeats happen exactly when the test makes them happen.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private volatile boolean shutdown;

    /** Runs each scheduled, not cancelled task once; returns how many ran. */
    int runAll() {
        int ran = 0;
        for (Task task : List.copyOf(tasks)) {
            if (task.isCancelled()) {
                tasks.remove(task);
                continue;
            }
            task.runOnce();
            if (!task.periodic) tasks.remove(task);
            ran++;
        }
        return ran;
    }

    /** The tasks scheduled and not cancelled. */
    int pending() {
        return (int) tasks.stream().filter(t -> !t.isCancelled()).count();
    }

    private <V> Task add(Callable<V> callable, boolean periodic) {
        if (shutdown) throw new RejectedExecutionException("ManualScheduler is shut down");
        Task task = new Task(callable, periodic);
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, false);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        @SuppressWarnings("unchecked")
        ScheduledFuture<V> future = (ScheduledFuture<V>) add(callable, false);
        return future;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, true);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** A task that a periodic schedule runs again and again: {@code runAndReset} keeps it runnable. */
    private static final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
        final boolean periodic;

        @SuppressWarnings("unchecked")
        Task(Callable<?> callable, boolean periodic) {
            super((Callable<Object>) callable);
            this.periodic = periodic;
        }

        void runOnce() {
            if (periodic) runAndReset();
            else run();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
