package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A full sync with a target that keeps its own state and checks it in the write: batches of users
 * the run found new go to {@link StatefulSyncTarget#insertUsersIfAbsent} with no lookup first, and
 * those someone else wrote meanwhile are reported as skipped and keep that write.
 */
class StatefulSyncTargetTest {

    private final FakeOrg org = FakeOrg.generate(5, 20);
    private final OwnStateTarget target = new OwnStateTarget();

    private WeComSync.Builder instance() {
        return WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target)
                .batchSize(5);
    }

    @Test
    void aFirstSyncInsertsEachBatchWithoutLookingItsStateUpFirst() {
        SyncReport report = instance().build().fullSync();

        assertThat(report.users().created()).isEqualTo(20);
        assertThat(target.calls.stream().filter(c -> c.startsWith("insertUsersIfAbsent"))).hasSize(4);
        assertThat(target.calls).noneMatch(c -> c.startsWith("upsertUsers") || c.startsWith("get USER"));
        assertThat(target.state.read(EntityKind.USER)).hasSize(20);
        assertThat(target.calls).noneMatch(c -> c.startsWith("put USER"));
    }

    @Test
    void aUserSomeoneElseWroteMeanwhileKeepsThatWriteAndIsReportedSkipped() {
        String[] chosen = new String[1];
        target.beforeInsert = batch -> {
            if (chosen[0] != null) return;
            // another instance writes a user of the next batch while this run is under way
            User x = org.users().stream().filter(u -> batch.stream().noneMatch(b -> b.userId().equals(u.userId())))
                    .filter(u -> !target.users.containsKey(u.userId())).findFirst().orElseThrow();
            chosen[0] = x.userId();
            User theirs = x.toBuilder().position("written by the other instance").build();
            target.users.put(theirs.userId(), theirs);
            target.state.put(EntityKind.USER, Map.of(theirs.userId(), Fingerprint.of(theirs)));
        };

        SyncReport report = instance().build().fullSync();

        assertThat(target.users.get(chosen[0]).position()).isEqualTo("written by the other instance");
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.SKIPPED)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(chosen[0]);
            assertThat(c.reason()).hasValueSatisfying(r -> assertThat(r).contains("changed by another writer"));
        });
        assertThat(report.users().created()).isEqualTo(19);
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void aFailedInsertFailsItsBatchOnly() {
        target.beforeInsert = batch -> {
            if (target.calls.stream().filter(c -> c.startsWith("insertUsersIfAbsent")).count() == 2) {
                throw new IllegalStateException("the database went away");
            }
        };

        SyncReport report = instance().build().fullSync();

        assertThat(report.users().created()).isEqualTo(15);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("insertUsersIfAbsent");
            assertThat(f.ids()).hasSize(5);
        });
        target.beforeInsert = batch -> {};
        assertThat(instance().build().fullSync().users().created()).as("the next run sends them").isEqualTo(5);
    }

    @Test
    void changedUsersAndAStoreOfItsOwnGoTheUsualWay() {
        instance().build().fullSync();
        org.users().forEach(u -> org.putUser(u.toBuilder().position("v2").build()));
        target.calls.clear();

        SyncReport changed = instance().build().fullSync();

        assertThat(changed.users().updated()).isEqualTo(20);
        assertThat(target.calls).noneMatch(c -> c.startsWith("insertUsersIfAbsent"));
        assertThat(target.calls.stream().filter(c -> c.startsWith("get USER"))).hasSize(4);

        OwnStateTarget other = new OwnStateTarget();
        SyncReport separate = WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null)
                .target(other).stateStore(new InMemorySyncStateStore()).batchSize(5).build().fullSync();
        assertThat(separate.users().created()).isEqualTo(20);
        assertThat(other.calls).noneMatch(c -> c.startsWith("insertUsersIfAbsent"));
    }

    /** Users and state in memory; {@link #insertUsersIfAbsent} checks the state as a database transaction would. */
    static final class OwnStateTarget implements StatefulSyncTarget, DeletionStateStore {
        final Map<String, User> users = new ConcurrentHashMap<>();
        final InMemorySyncStateStore state = new InMemorySyncStateStore();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Consumer<List<User>> beforeInsert = batch -> {};

        @Override
        public synchronized Set<String> insertUsersIfAbsent(List<User> batch, Map<String, Fingerprint> fingerprints) {
            calls.add("insertUsersIfAbsent " + batch.size());
            beforeInsert.accept(batch);
            Set<String> existing = new HashSet<>();
            for (User u : batch) {
                if (state.get(EntityKind.USER, u.userId()).isPresent()) {
                    existing.add(u.userId());
                } else {
                    users.put(u.userId(), u);
                    state.put(EntityKind.USER, Map.of(u.userId(), fingerprints.get(u.userId())));
                }
            }
            return existing;
        }

        @Override public void upsertDepartments(List<Department> departments) { calls.add("upsertDepartments"); }
        @Override public void upsertUsers(List<User> batch) {
            calls.add("upsertUsers " + batch.size());
            batch.forEach(u -> users.put(u.userId(), u));
        }
        @Override public void renameUser(String oldUserId, String newUserId) { calls.add("renameUser"); }
        @Override public void deleteUsers(List<String> userIds) { calls.add("deleteUsers"); }
        @Override public void deleteDepartments(List<Long> departmentIds) { calls.add("deleteDepartments"); }

        @Override public Map<String, Fingerprint> read(EntityKind kind) { return state.read(kind); }
        @Override public Optional<Fingerprint> get(EntityKind kind, String id) { return state.get(kind, id); }
        @Override public Map<String, Fingerprint> get(EntityKind kind, Collection<String> ids) {
            calls.add("get " + kind + " " + ids.size());
            return state.get(kind, ids);
        }
        @Override public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
            calls.add("put " + kind + " " + fingerprints.size());
            state.put(kind, fingerprints);
        }
        @Override public void remove(EntityKind kind, Collection<String> ids) { state.remove(kind, ids); }
        @Override public List<PendingDeletion> pendingDeletions() { return state.pendingDeletions(); }
        @Override public void putPendingDeletions(Collection<PendingDeletion> d) { state.putPendingDeletions(d); }
        @Override public void removePendingDeletions(EntityKind kind, Collection<String> ids) {
            state.removePendingDeletions(kind, ids);
        }
        @Override public Optional<String> scopeFingerprint() { return state.scopeFingerprint(); }
        @Override public void putScopeFingerprint(String fingerprint) { state.putScopeFingerprint(fingerprint); }
    }
}
