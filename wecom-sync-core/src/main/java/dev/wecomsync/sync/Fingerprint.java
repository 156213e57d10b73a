package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.internal.Fingerprints;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the engine remembers of a record the target accepted, in a {@link SyncStateStore}: a
 * digest of the whole record, to tell whether it changed, and a short hash of each component, to
 * tell which components changed ({@link RecordChange#changedFields()}). A department's fingerprint
 * also holds its parent id, so departments gone from WeCom can be deleted children-first.
 *
 * <h2>Storing one</h2>
 * A store keeps {@link #encoded()} (ASCII, at most {@value #MAX_ENCODED_LENGTH} characters) and,
 * for departments, {@link #parentId()}, and gives them back with {@link #parse(String)} or
 * {@link #parse(String, long)}. A {@link SyncTarget} that also implements {@link SyncStateStore}
 * can store a record's fingerprint in the same transaction as the record: compute it here in
 * {@link SyncTarget#upsertUsers} / {@link SyncTarget#upsertDepartments}, and the engine's later
 * {@link SyncStateStore#put} writes the very same value again.
 *
 * <p>Two fingerprints are equal when their records are equal apart from the id. The id (userid,
 * department id) is the store's key and not part of the fingerprint. Immutable.
 */
public final class Fingerprint {

    /** The longest {@link #encoded()} text, for sizing a column. */
    public static final int MAX_ENCODED_LENGTH = 255;

    private static final long NO_PARENT = Long.MIN_VALUE;

    private final EntityKind kind;
    private final long high;
    private final long low;
    private final int[] fields;
    private final long parentId;

    private Fingerprint(EntityKind kind, long high, long low, int[] fields, long parentId) {
        this.kind = kind;
        this.high = high;
        this.low = low;
        this.fields = fields;
        this.parentId = parentId;
    }

    /** The fingerprint of this user (the userid is not part of it). */
    public static Fingerprint of(User user) {
        Fingerprints.Digests d = Fingerprints.compute(Objects.requireNonNull(user, "user == null"), idComponent(EntityKind.USER));
        return new Fingerprint(EntityKind.USER, d.high(), d.low(), d.fields(), NO_PARENT);
    }

    /** The fingerprint of this department (the id is not part of it; the parent id is). */
    public static Fingerprint of(Department department) {
        Objects.requireNonNull(department, "department == null");
        Fingerprints.Digests d = Fingerprints.compute(department, idComponent(EntityKind.DEPARTMENT));
        return new Fingerprint(EntityKind.DEPARTMENT, d.high(), d.low(), d.fields(), department.parentId());
    }

    /**
     * A user's fingerprint from its {@link #encoded()} text.
     *
     * @throws IllegalArgumentException when {@code encoded} is not a user's encoded fingerprint
     */
    public static Fingerprint parse(String encoded) {
        return decode(EntityKind.USER, encoded, NO_PARENT);
    }

    /**
     * A department's fingerprint from its {@link #encoded()} text and {@link #parentId()}.
     *
     * @throws IllegalArgumentException when {@code encoded} is not a department's encoded fingerprint
     */
    public static Fingerprint parse(String encoded, long parentId) {
        return decode(EntityKind.DEPARTMENT, encoded, parentId);
    }

    /** Whose fingerprint this is. */
    public EntityKind kind() {
        return kind;
    }

    /** The department's parent id (0 for the root); empty for users. */
    public OptionalLong parentId() {
        return parentId == NO_PARENT ? OptionalLong.empty() : OptionalLong.of(parentId);
    }

    /**
     * The text to store: a letter for the kind, then Base64url of the digests. Users take 140
     * characters, departments 49; a record type that gains components gets longer ones.
     */
    public String encoded() {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 * fields.length).putLong(high).putLong(low);
        for (int f : fields) {
            b.putInt(f);
        }
        return prefix(kind) + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /**
     * The names of the {@link User} or {@link Department} components whose values differ from
     * those {@code previous} was computed from, in declaration order; empty when the records are
     * equal. A component added to the record after {@code previous} was stored counts as absent
     * there.
     *
     * @throws IllegalArgumentException when {@code previous} belongs to the other kind of record
     */
    public List<String> changedFields(Fingerprint previous) {
        Objects.requireNonNull(previous, "previous == null");
        if (previous.kind != kind) {
            throw new IllegalArgumentException("cannot compare a " + kind + " fingerprint with a " + previous.kind + " one");
        }
        if (equals(previous)) {
            return List.of();
        }
        List<String> names = fieldNames(kind);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < fields.length && i < names.size(); i++) {
            int before = i < previous.fields.length ? previous.fields[i] : 0;
            if (fields[i] != before) {
                changed.add(names.get(i));
            }
        }
        return List.copyOf(changed);
    }

    /** The names of the components a fingerprint of {@code kind} covers, in declaration order (the id is not one). */
    public static List<String> fieldNames(EntityKind kind) {
        return kind == EntityKind.USER ? Fingerprints.fieldNames(User.class, idComponent(kind))
                : Fingerprints.fieldNames(Department.class, idComponent(kind));
    }

    /**
     * The names of the components that have a value in the record (not {@code null}, not an
     * empty list), in declaration order: what a record new to the target brings.
     */
    public List<String> presentFields() {
        List<String> names = fieldNames(kind);
        List<String> present = new ArrayList<>();
        for (int i = 0; i < fields.length && i < names.size(); i++) {
            if (fields[i] != 0) {
                present.add(names.get(i));
            }
        }
        return List.copyOf(present);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.kind == kind && f.high == high && f.low == low && f.parentId == parentId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** The encoded text, as {@link #encoded()}, with the parent id of a department. */
    @Override
    public String toString() {
        return parentId == NO_PARENT ? encoded() : encoded() + " (parent " + parentId + ")";
    }

    private static String idComponent(EntityKind kind) {
        return kind == EntityKind.USER ? "userId" : "id";
    }

    private static char prefix(EntityKind kind) {
        return kind == EntityKind.USER ? 'u' : 'd';
    }

    private static Fingerprint decode(EntityKind kind, String encoded, long parentId) {
        Objects.requireNonNull(encoded, "encoded == null");
        if (encoded.isEmpty() || encoded.charAt(0) != prefix(kind) || encoded.length() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("not an encoded " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " fingerprint (it starts with '" + prefix(kind) + "'): " + abbreviated(encoded));
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded.substring(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded fingerprint (bad Base64url): " + abbreviated(encoded), e);
        }
        if (bytes.length < 16 || bytes.length % 4 != 0) {
            throw new IllegalArgumentException("not an encoded fingerprint (wrong length): " + abbreviated(encoded));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long high = b.getLong();
        long low = b.getLong();
        int[] fields = new int[b.remaining() / 4];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = b.getInt();
        }
        return new Fingerprint(kind, high, low, fields, parentId);
    }

    private static String abbreviated(String s) {
        return s.length() <= 20 ? "\"" + s + "\"" : "\"" + s.substring(0, 20) + "...\"";
    }
}
