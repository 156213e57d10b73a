package dev.wecomsync.sync.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Map<Class<?>, Component[]> COMPONENTS = new ConcurrentHashMap<>();
    /** Never updated: each digest is a clone, which costs less than a provider lookup. */
    private static final MessageDigest SHA_256 = newSha256();
    private static final Map<Class<?>, List<String>> NAMES = new ConcurrentHashMap<>();

    private Fingerprints() {
    }

    /** The digests of {@code record}, leaving out the component named {@code idComponent}. */
    public static Digests compute(Record record, String idComponent) {
        Component[] components = components(record.getClass());
        int[] fields = new int[components.length - 1];
        Encoder whole = new Encoder();
        int i = 0;
        for (Component c : components) {
            if (c.name.equals(idComponent)) {
                continue;
            }
            Object value = c.read(record);
            if (value != null) {
                whole.bytes(c.encodedName);
                int start = whole.size();
                whole.value(value);
                if (!(value instanceof List<?> list && list.isEmpty())) {
                    // a component's own hash covers the same bytes as its value's part of the whole encoding
                    fields[i] = whole.fnv(start);
                }
            }
            i++;
        }
        byte[] digest = whole.sha256();
        ByteBuffer b = ByteBuffer.wrap(digest);
        return new Digests(b.getLong(), b.getLong(), fields);
    }

    /** The names of a record type's components but the id, in declaration order: the order of {@link Digests#fields()}. */
    public static List<String> fieldNames(Class<? extends Record> type, String idComponent) {
        return NAMES.computeIfAbsent(type, t -> {
            List<String> names = new ArrayList<>();
            for (Component c : components(t)) {
                if (!c.name.equals(idComponent)) {
                    names.add(c.name);
                }
            }
            return List.copyOf(names);
        });
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static Component[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int k = 0; k < rc.length; k++) out[k] = new Component(rc[k]);
            return out;
        });
    }

    /** A record component: its name, the name's encoding (length-prefixed UTF-8) and its accessor. */
    private static final class Component {
        final String name;
        final byte[] encodedName;
        private final Method accessor;

        Component(RecordComponent c) {
            this.name = c.getName();
            Encoder e = new Encoder();
            e.string(name);
            this.encodedName = e.toByteArray();
            Method m = c.getAccessor();
            try {
                m.setAccessible(true);  // skips the access check of every call; a record of another module keeps it
            } catch (RuntimeException notOpen) {
                // read with the check
            }
            this.accessor = m;
        }

        Object read(Record record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
    }

    /** Writes tagged, length-prefixed values into a growing array (one record's encoding, never shared). */
    private static final class Encoder {
        private byte[] buf = new byte[512];
        private int count;

        int size() {
            return count;
        }

        void value(Object v) {
            if (v == null) {
                write('N');
            } else if (v instanceof String s) {
                write('S');
                string(s);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                write('L');
                number(((Number) v).longValue());
            } else if (v instanceof Boolean b) {
                write(b ? 'T' : 'F');
            } else if (v instanceof Enum<?> e) {
                write('E');
                string(e.name());
            } else if (v instanceof List<?> list) {
                write('A');
                number(list.size());
                for (Object item : list) value(item);
            } else if (v instanceof Record r) {
                write('R');
                Component[] cs = components(r.getClass());
                number(cs.length);
                for (Component c : cs) {
                    bytes(c.encodedName);
                    value(c.read(r));
                }
            } else {
                write('O');
                string(v.toString());
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            number(b.length);
            bytes(b);
        }

        void number(long n) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[count++] = (byte) (n >>> shift);
            }
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, count, b.length);
            count += b.length;
        }

        private void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        private void ensure(int more) {
            if (count + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }

        /** FNV-1a (64 bits) of what was written from {@code from} on, folded to 32 bits; never 0. */
        int fnv(int from) {
            long h = 0xcbf29ce484222325L;
            for (int k = from; k < count; k++) {
                h ^= buf[k] & 0xff;
                h *= 0x100000001b3L;
            }
            int folded = (int) (h ^ (h >>> 32));
            return folded == 0 ? 1 : folded;
        }

        byte[] sha256() {
            MessageDigest digest;
            try {
                digest = (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
                digest = newSha256();
            }
            digest.update(buf, 0, count);
            return digest.digest();
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }
}
