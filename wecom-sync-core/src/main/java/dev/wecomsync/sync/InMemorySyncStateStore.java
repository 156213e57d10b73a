package dev.wecomsync.sync;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SyncStateStore} in memory: the default. It is lost when the process ends, so the first
 * full sync after a restart sends everything again (the target's calls are idempotent, so that is
 * safe, only slower). Hosts that restart often keep state in their own database instead.
 *
 * <p>Keeps the {@link Fingerprint} objects themselves (about 150 bytes each, plus the id).
 * Thread-safe.
 */
public final class InMemorySyncStateStore implements SyncStateStore {

    private final Map<EntityKind, Map<String, Fingerprint>> state = new EnumMap<>(EntityKind.class);

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
    public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        state.get(Objects.requireNonNull(kind, "kind == null")).putAll(fingerprints);
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        Map<String, Fingerprint> map = state.get(Objects.requireNonNull(kind, "kind == null"));
        ids.forEach(map::remove);
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
