package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fingerprints of records: SHA-256 over a canonical encoding of every component except the id
 * (the id is the state store's key), Base64url without padding.
 *
 * <h2>Canonical encoding</h2>
 * Components by name, in declaration order; a {@code null} component is left out, so adding a
 * nullable component to a model record does not change existing fingerprints. Every value is
 * tagged with its type and every string and list is length-prefixed, so no two different records
 * encode alike.
 *
 * <p>A department's fingerprint ends in {@code @parentId}: the engine reads it back to delete
 * departments children-first after they are gone from WeCom.
 */
public final class Fingerprints {

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private Fingerprints() {
    }

    public static String user(User user) {
        return hash(user, "userId");
    }

    public static String department(Department department) {
        return hash(department, "id") + "@" + department.parentId();
    }

    /** The parent id recorded in a department fingerprint; -1 when it has none. */
    public static long parentOf(String departmentFingerprint) {
        int at = departmentFingerprint == null ? -1 : departmentFingerprint.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        try {
            return Long.parseLong(departmentFingerprint.substring(at + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hash(Record record, String idComponent) {
        Encoder out = new Encoder();
        for (RecordComponent c : components(record.getClass())) {
            if (c.getName().equals(idComponent)) {
                continue;
            }
            Object value = read(c, record);
            if (value != null) {
                out.string(c.getName());
                out.value(value);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
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
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

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
            bytes.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
