package dev.wecomsync.benchmarks.mirror;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A data source that counts the statements its connections prepare or create. With {@code
 * detailed}, it also adds up the time spent in every JDBC call (getting a connection, binding,
 * executing, fetching, committing) and keeps that per SQL text for {@link #top}; the proxies then
 * sit between the caller and every call, which costs time of its own, so the detailed figures are
 * for finding the costly statements, not for the totals. Only calls of the caller are counted: the
 * real objects never call back through the proxies, so nothing counts twice.
 */
final class TimedDataSource {

    private final DataSource real;
    private final boolean detailed;
    private final LongAdder prepared = new LongAdder();
    private final AtomicLong nanos = new AtomicLong();
    private final Map<String, LongAdder[]> bySql = new ConcurrentHashMap<>();

    TimedDataSource(DataSource real, boolean detailed) {
        this.real = real;
        this.detailed = detailed;
    }

    DataSource dataSource() {
        return wrap(real, DataSource.class, null);
    }

    /** With {@code detailed}: time inside JDBC calls since the last reset, in nanoseconds. */
    long nanos() {
        return nanos.get();
    }

    /** Statements prepared or created since the last reset. */
    long statements() {
        return prepared.sum();
    }

    /** The {@code max} statements that took the most time: "count × time  SQL". */
    String top(int max) {
        StringBuilder out = new StringBuilder();
        bySql.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1].sum(), a.getValue()[1].sum()))
                .limit(max)
                .forEach(e -> out.append(String.format("      %6d × %8.1f ms  %s%n", e.getValue()[0].sum(),
                        e.getValue()[1].sum() / 1e6, abbreviate(e.getKey()))));
        return out.toString();
    }

    void reset() {
        prepared.reset();
        nanos.set(0);
        bySql.clear();
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() > 110 ? oneLine.substring(0, 110) + "…" : oneLine;
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(Object target, Class<T> type, String sql) {
        InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args, sql);
        return (T) Proxy.newProxyInstance(TimedDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private Object invoke(Object target, Method method, Object[] args, String sql) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") || name.equals("createStatement")) prepared.increment();
        if (!detailed && target instanceof Connection) {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            long took = System.nanoTime() - start;
            nanos.addAndGet(took);
            if (name.startsWith("execute")) {
                String text = sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String s ? s : "?";
                LongAdder[] stats = bySql.computeIfAbsent(text, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                stats[0].increment();
                stats[1].add(took);
            }
        }
        if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String text) {
            return wrap(ps, PreparedStatement.class, text);
        }
        if (result instanceof Statement s && !(result instanceof PreparedStatement)) {
            return wrap(s, Statement.class, null);
        }
        if (result instanceof Connection c) {
            return wrap(c, Connection.class, null);
        }
        if (result instanceof ResultSet r) {
            return wrap(r, ResultSet.class, null);
        }
        return result;
    }
}
