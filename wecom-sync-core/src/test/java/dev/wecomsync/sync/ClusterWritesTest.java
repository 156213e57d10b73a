package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines ("instances") on one target and one state store, as in a cluster: a full sync that
 * loses its {@link SyncLock} stops writing, and a write another instance made during a full sync
 * is not overwritten by that sync's older read.
 */
class ClusterWritesTest {

    private final FakeOrg org = FakeOrg.generate(5, 20);
    private final SharedTarget target = new SharedTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    @BeforeEach
    void syncedOnce() {
        assertThat(instance(SyncLock.inProcess(), 100).fullSync().users().created()).isEqualTo(20);
        target.calls.clear();
    }

    private WeComSync instance(SyncLock lock, int batchSize) {
        return WeComSync.builder().directories(new FakeDirectory(org, "app secret"), null).target(target)
                .stateStore(store).lock(lock).batchSize(batchSize).build();
    }

    /** Every user changed in WeCom, and one gone: a run has several batches and one deletion to make. */
    private void changeEveryUserAndRemoveOne() {
        org.users().forEach(u -> org.putUser(u.toBuilder().position("v2").build()));
        org.removeUser("user19");
    }

    @Test
    void aRunThatLosesItsLockWritesNothingMoreAndMakesNoDeletion() {
        changeEveryUserAndRemoveOne();
        FakeLock lock = new FakeLock();
        target.onFirstUserBatch = batch -> lock.held.set(false); // another instance takes over meanwhile

        SyncReport report = instance(lock, 5).fullSync();

        assertThat(target.calls.stream().filter(c -> c.startsWith("upsertUsers"))).containsExactly("upsertUsers 5");
        assertThat(target.calls).noneMatch(c -> c.startsWith("delete"));
        assertThat(target.users).containsKey("user19");
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("SyncLock");
            assertThat(f.ids()).hasSize(5);
            assertThat(f.reason()).contains("lost the sync lock").contains("nothing more was written");
        });
        assertThat(report.deletionsWithheld()).hasValueSatisfying(w -> assertThat(w).startsWith("lost the sync lock").contains("no more deletions"));
        assertThat(report.users().updated()).isEqualTo(5);
        assertThat(report.notices()).anyMatch(n -> n.contains("lost the sync lock"));
        assertThat(lock.asked.get()).as("asked before each target call").isGreaterThanOrEqualTo(2);

        SyncReport next = instance(SyncLock.inProcess(), 5).fullSync();
        assertThat(next.users().updated()).as("what was not written is sent by the next run").isEqualTo(14);
        assertThat(next.users().deleted()).isEqualTo(1);
    }

    @Test
    void aLockThatCannotBeAskedStopsTheRunAsWell() {
        changeEveryUserAndRemoveOne();
        FakeLock lock = new FakeLock();
        target.onFirstUserBatch = batch -> lock.failing.set(true);

        SyncReport report = instance(lock, 5).fullSync();

        assertThat(target.calls.stream().filter(c -> c.startsWith("upsertUsers"))).hasSize(1);
        assertThat(target.calls).noneMatch(c -> c.startsWith("delete"));
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("could not confirm that this run still holds the sync lock").contains("database is down"));
    }

    @Test
    void aUserAnotherInstanceWroteDuringTheRunKeepsThatWriteAndTheReportSaysSo() {
        changeEveryUserAndRemoveOne();
        WeComSync other = instance(SyncLock.inProcess(), 5);
        String[] chosen = new String[1];
        target.onFirstUserBatch = batch -> {
            // this run has read (or will read) user X as "v2"; the other instance writes "v3" now
            User x = org.users().stream().filter(u -> batch.stream().noneMatch(b -> b.userId().equals(u.userId())))
                    .findFirst().orElseThrow();
            chosen[0] = x.userId();
            org.putUser(x.toBuilder().position("v3").build());
            assertThat(other.syncUser(x.userId()).outcome()).isEqualTo(EventResult.Outcome.UPDATED);
        };

        SyncReport report = instance(SyncLock.inProcess(), 5).fullSync();

        assertThat(target.users.get(chosen[0]).position()).isEqualTo("v3");
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.SKIPPED)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(chosen[0]);
            assertThat(c.reason()).hasValueSatisfying(r -> assertThat(r).contains("changed by another writer"));
        });
        assertThat(report.notices()).anyMatch(n -> n.startsWith("1 record(s) not written"));
        assertThat(report.users().updated()).isEqualTo(18);
        assertThat(report.succeeded()).isTrue();
        SyncReport next = instance(SyncLock.inProcess(), 5).fullSync();
        assertThat(next.users().writes()).as("the other write stands: nothing left to send").isZero();
    }

    @Test
    void aUserAnotherInstanceCreatedDuringTheRunIsNotDeletedAndItsDeletionIsNotMadeTwice() {
        changeEveryUserAndRemoveOne();
        WeComSync other = instance(SyncLock.inProcess(), 5);
        target.onFirstUserBatch = batch -> {
            org.putUser(User.builder("newcomer").name("新人").departments(List.of(2L)).mainDepartment(2).build());
            assertThat(other.syncUser("newcomer").outcome()).isEqualTo(EventResult.Outcome.CREATED);
            assertThat(other.syncUser("user19").outcome()).isEqualTo(EventResult.Outcome.DELETED);
        };

        SyncReport report = instance(SyncLock.inProcess(), 5).fullSync();

        assertThat(target.users).containsKey("newcomer").doesNotContainKey("user19");
        assertThat(target.calls.stream().filter(c -> c.startsWith("deleteUsers"))).as("only the other instance's")
                .containsExactly("deleteUsers [user19]");
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.DELETED)).isEmpty();
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.SKIPPED)).extracting(RecordChange::id)
                .contains("user19"); // and "newcomer" when this run listed it after it was created
    }

    /** A lock whose answer the test changes; counts how often it is asked. */
    static final class FakeLock implements SyncLock {
        final AtomicBoolean held = new AtomicBoolean(true);
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public boolean tryLock() {
            return true;
        }

        @Override
        public void unlock() {
        }

        @Override
        public boolean isHeld() {
            asked.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("the lock's database is down");
            }
            return held.get();
        }
    }

    /** The target both instances write to; runs a hook inside the first upsertUsers call. */
    static final class SharedTarget implements SyncTarget {
        final Map<String, User> users = new ConcurrentHashMap<>();
        final Map<Long, Department> departments = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Runs once, inside the next upsertUsers call, then is cleared. */
        volatile Consumer<List<User>> onFirstUserBatch;

        @Override
        public void upsertDepartments(List<Department> batch) {
            calls.add("upsertDepartments " + batch.size());
            batch.forEach(d -> departments.put(d.id(), d));
        }

        @Override
        public void upsertUsers(List<User> batch) {
            calls.add("upsertUsers " + batch.size());
            batch.forEach(u -> users.put(u.userId(), u));
            Consumer<List<User>> hook = onFirstUserBatch;
            onFirstUserBatch = null;
            if (hook != null) {
                hook.accept(batch);
            }
        }

        @Override
        public void renameUser(String oldUserId, String newUserId) {
            calls.add("renameUser " + oldUserId + " " + newUserId);
        }

        @Override
        public void deleteUsers(List<String> userIds) {
            calls.add("deleteUsers " + userIds);
            userIds.forEach(users::remove);
        }

        @Override
        public void deleteDepartments(List<Long> departmentIds) {
            calls.add("deleteDepartments " + departmentIds);
            departmentIds.forEach(departments::remove);
        }
    }
}
