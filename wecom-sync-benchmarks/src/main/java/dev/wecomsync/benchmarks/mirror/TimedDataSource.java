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
 * A data source that adds up the time spent in JDBC calls (getting a connection, executing,
 * fetching, committing) as "database time", and counts statements per SQL text. Only calls of the
 * caller are timed: the real objects never call back through the proxies, so nothing counts twice.
 */
final class TimedDataSource {

    private final DataSource real;
    private final AtomicLong nanos = new AtomicLong();
    private final Map<String, LongAdder[]> bySql = new ConcurrentHashMap<>();

    TimedDataSource(DataSource real) {
        this.real = real;
    }

    DataSource dataSource() {
        return wrap(real, DataSource.class, null);
    }

    /** Database time since the last reset, in nanoseconds. */
    long nanos() {
        return nanos.get();
    }

    /** Statements executed since the last reset. */
    long statements() {
        return bySql.values().stream().mapToLong(a -> a[0].sum()).sum();
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
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            long took = System.nanoTime() - start;
            nanos.addAndGet(took);
            String name = method.getName();
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
