package dev.wecomsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SyncStateStore} in memory: the default. It is lost when the process ends, so the first
 * full sync after a restart sends everything again (the target's calls are idempotent, so that is
 * safe, only slower). Hosts that restart often keep state in their own database instead.
 *
 * <p>Keeps the {@link Fingerprint} objects themselves (about 150 bytes each, plus the id), and
 * the pending deletions and last scope of {@link DeletionStateStore} (lost on restart like the
 * rest). Thread-safe.
 */
public final class InMemorySyncStateStore implements SyncStateStore, DeletionStateStore {

    private final Map<EntityKind, Map<String, Fingerprint>> state = new EnumMap<>(EntityKind.class);
    private final Map<String, PendingDeletion> pending = new ConcurrentHashMap<>();
    private volatile String scopeFingerprint;

    /** An empty store. */
    public InMemorySyncStateStore() {
        for (EntityKind kind : EntityKind.values()) {
            state.put(kind, new ConcurrentHashMap<>());
        }
    }

    @Override
    public Map<String, Fingerprint> read(EntityKind kind) {
        return Map.copyOf(state.get(Objects.requireNonNull(kind, "kind == null")));
    }

    @Override
    public Optional<Fingerprint> get(EntityKind kind, String id) {
        return Optional.ofNullable(state.get(Objects.requireNonNull(kind, "kind == null")).get(id));
    }

    @Override
    public Map<String, Fingerprint> get(EntityKind kind, Collection<String> ids) {
        Map<String, Fingerprint> map = state.get(Objects.requireNonNull(kind, "kind == null"));
        Map<String, Fingerprint> out = new HashMap<>();
        for (String id : ids) {
            Fingerprint fp = map.get(id);
            if (fp != null) {
                out.put(id, fp);
            }
        }
        return out;
    }

    @Override
    public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        state.get(Objects.requireNonNull(kind, "kind == null")).putAll(fingerprints);
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        Map<String, Fingerprint> map = state.get(Objects.requireNonNull(kind, "kind == null"));
        ids.forEach(map::remove);
    }

    @Override
    public List<PendingDeletion> pendingDeletions() {
        List<PendingDeletion> out = new ArrayList<>(pending.values());
        out.sort(Comparator.comparing(PendingDeletion::key));
        return List.copyOf(out);
    }

    @Override
    public void putPendingDeletions(Collection<PendingDeletion> deletions) {
        deletions.forEach(d -> pending.put(d.key(), d));
    }

    @Override
    public void removePendingDeletions(EntityKind kind, Collection<String> ids) {
        ids.forEach(id -> pending.remove(PendingDeletion.key(kind, id)));
    }

    @Override
    public Optional<String> scopeFingerprint() {
        return Optional.ofNullable(scopeFingerprint);
    }

    @Override
    public void putScopeFingerprint(String fingerprint) {
        this.scopeFingerprint = Objects.requireNonNull(fingerprint, "fingerprint == null");
    }

    /** How many ids are stored for {@code kind}. */
    public int size(EntityKind kind) {
        return state.get(kind).size();
    }

    @Override
    public String toString() {
        return "InMemorySyncStateStore{users=" + size(EntityKind.USER)
                + ", departments=" + size(EntityKind.DEPARTMENT) + "}";
    }
}
