package dev.wecomsync.benchmarks.mirror;

import dev.wecomsync.jdbc.JdbcSyncTarget;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.StatefulSyncTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link JdbcSyncTarget} seen through its interfaces: adds up the time the engine spends in
 * its calls (the mirror's whole cost: its statements, the driver's work and its own Java code,
 * with no proxy between it and JDBC) and records every call, so that {@link #replay} can make the
 * same calls, in the same order, on another target while nothing else runs.
 */
final class TimedTarget {

    /** What the engine is given: a target that is also its state and deletion store. */
    interface Store extends StatefulSyncTarget, DeletionStateStore {}

    /** One call the engine made, with copies of its arguments. */
    record Call(Method method, Object[] args) {}

    private final AtomicLong nanos = new AtomicLong();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Store store;

    TimedTarget(JdbcSyncTarget target) {
        this.store = (Store) Proxy.newProxyInstance(TimedTarget.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) return method.invoke(target, args);
                    calls.add(new Call(method, copy(args)));
                    long start = System.nanoTime();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        nanos.addAndGet(System.nanoTime() - start);
                    }
                });
    }

    Store store() {
        return store;
    }

    /** Time inside the target's calls since the last reset, in nanoseconds. */
    long nanos() {
        return nanos.get();
    }

    /** The calls recorded since the last reset. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void reset() {
        nanos.set(0);
        calls.clear();
    }

    /** Makes the calls on {@code target}, one after the other; the time inside them, in nanoseconds. */
    static long replay(JdbcSyncTarget target, List<Call> calls) throws Exception {
        long total = 0;
        for (Call call : calls) {
            long start = System.nanoTime();
            try {
                call.method().invoke(target, call.args());
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the replayed " + call.method().getName() + " failed", e.getCause());
            }
            total += System.nanoTime() - start;
        }
        return total;
    }

    /** The arguments, with collections copied: the engine may reuse what it passed. */
    private static Object[] copy(Object[] args) {
        if (args == null) return null;
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Map<?, ?> map) {
                out[i] = new LinkedHashMap<>(map);
            } else if (out[i] instanceof List<?> list) {
                out[i] = new ArrayList<>(list);
            } else if (out[i] instanceof Collection<?> collection) {
                out[i] = new ArrayList<>(collection);
            }
        }
        return out;
    }
}
