package dev.wecomsync.sync.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the digests behind {@link dev.wecomsync.sync.Fingerprint}: a 128-bit digest of the whole
 * record (the first half of SHA-256 over a canonical encoding of every component but the id) and
 * a 32-bit hash per component, to name the components that changed.
 *
 * <h2>Canonical encoding</h2>
 * Components by name, in declaration order; a {@code null} component is left out of the whole
 * digest, so adding a nullable component to a model record does not change existing digests.
 * Every value is tagged with its type and every string and list is length-prefixed, so no two
 * different records encode alike. A component's own hash is FNV-1a over its encoding, never 0;
 * an absent component ({@code null} or an empty list) hashes to 0.
 */
public final class Fingerprints {

    /** What {@link #compute} gives: the whole digest and one hash per component but the id. */
    public record Digests(long high, long low, int[] fields) {
    }

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, List<String>> NAMES = new ConcurrentHashMap<>();

    private Fingerprints() {
    }

    /** The digests of {@code record}, leaving out the component named {@code idComponent}. */
    public static Digests compute(Record record, String idComponent) {
        RecordComponent[] components = components(record.getClass());
        int[] fields = new int[components.length - 1];
        Encoder whole = new Encoder();
        Encoder one = new Encoder();
        int i = 0;
        for (RecordComponent c : components) {
            if (c.getName().equals(idComponent)) {
                continue;
            }
            Object value = read(c, record);
            if (value != null) {
                whole.string(c.getName());
                whole.value(value);
                if (!(value instanceof List<?> list && list.isEmpty())) {
                    one.reset();
                    one.value(value);
                    fields[i] = one.fnv();
                }
            }
            i++;
        }
        byte[] digest = sha256(whole.toByteArray());
        ByteBuffer b = ByteBuffer.wrap(digest);
        return new Digests(b.getLong(), b.getLong(), fields);
    }

    /** The names of a record type's components but the id, in declaration order: the order of {@link Digests#fields()}. */
    public static List<String> fieldNames(Class<? extends Record> type, String idComponent) {
        return NAMES.computeIfAbsent(type, t -> {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : components(t)) {
                if (!c.getName().equals(idComponent)) {
                    names.add(c.getName());
                }
            }
            return List.copyOf(names);
        });
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, Class::getRecordComponents);
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** Writes tagged, length-prefixed values. */
    private static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

        void reset() {
            bytes.reset();
        }

        void value(Object v) {
            if (v == null) {
                bytes.write('N');
            } else if (v instanceof String s) {
                bytes.write('S');
                string(s);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                bytes.write('L');
                number(((Number) v).longValue());
            } else if (v instanceof Boolean b) {
                bytes.write(b ? 'T' : 'F');
            } else if (v instanceof Enum<?> e) {
                bytes.write('E');
                string(e.name());
            } else if (v instanceof List<?> list) {
                bytes.write('A');
                number(list.size());
                list.forEach(this::value);
            } else if (v instanceof Record r) {
                bytes.write('R');
                RecordComponent[] cs = components(r.getClass());
                number(cs.length);
                for (RecordComponent c : cs) {
                    string(c.getName());
                    value(read(c, r));
                }
            } else {
                bytes.write('O');
                string(v.toString());
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            number(b.length);
            bytes.writeBytes(b);
        }

        void number(long n) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) (n >>> shift));
            }
        }

        /** FNV-1a (64 bits) of what was written, folded to 32 bits; never 0. */
        int fnv() {
            long h = 0xcbf29ce484222325L;
            byte[] b = bytes.toByteArray();
            for (byte x : b) {
                h ^= x & 0xff;
                h *= 0x100000001b3L;
            }
            int folded = (int) (h ^ (h >>> 32));
            return folded == 0 ? 1 : folded;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
