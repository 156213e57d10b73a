package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.RecordChange.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WeComSync.Builder#detectRenames}: a userid changed while no event told us. */
class RenameDetectionTest {

    private final FakeOrg org = FakeOrg.generate(10, 200);
    private final FakeDirectory app = new FakeDirectory(org, "app secret");
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    private WeComSync synced(boolean detect) {
        WeComSync sync = WeComSync.builder().directories(app, null).target(target).stateStore(store)
                .detectRenames(detect).build();
        sync.fullSync();
        target.clearCalls();
        return sync;
    }

    private void renameInWeCom(String oldId, String newId) {
        User user = org.user(oldId);
        org.removeUser(oldId);
        org.putUser(user.toBuilder().userId(newId).build());
    }

    @Test
    void anUnambiguousRenameIsPassedOnAsOne() {
        WeComSync sync = synced(true);
        renameInWeCom("user12", "zhang.san");

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).containsExactly("renameUser user12 zhang.san");
        assertThat(report.changes()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Type.RENAMED);
            assertThat(c.id()).isEqualTo("zhang.san");
            assertThat(c.previousId()).contains("user12");
            assertThat(c.changedFields()).containsExactly("userId");
            assertThat(c.user()).contains(org.user("zhang.san"));
        });
        assertThat(report.users().renamed()).isEqualTo(1);
        assertThat(report.users().deleted()).isZero();
        assertThat(target.users).containsKey("zhang.san").doesNotContainKey("user12");
        assertThat(store.get(EntityKind.USER, "zhang.san")).contains(Fingerprint.of(org.user("zhang.san")));
        assertThat(store.get(EntityKind.USER, "user12")).isEmpty();
        target.clearCalls();
        assertThat(sync.fullSync().writes()).isZero();
        assertThat(sync.dryRun().changes()).isEmpty();
    }

    @Test
    void offByDefaultARenameIsADeletionAndACreation() {
        WeComSync sync = synced(false);
        renameInWeCom("user12", "zhang.san");

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).containsExactly("upsertUsers 1", "deleteUsers [user12]");
        assertThat(report.changes()).extracting(RecordChange::type).containsExactly(Type.CREATED, Type.DELETED);
    }

    @Test
    void ambiguousWhenTwoUsersVanishForOneNewcomer() {
        WeComSync sync = synced(true);
        User twin = org.user("user12");
        org.putUser(org.user("user13").toBuilder().name(twin.name()).departments(twin.departments())
                .mainDepartment(twin.mainDepartment()).position(twin.position()).status(twin.status()).build());
        target.clearCalls();
        sync.fullSync();
        target.clearCalls();
        renameInWeCom("user12", "zhang.san");
        org.removeUser("user13");                      // a look-alike left the same day

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).noneMatch(call -> call.startsWith("renameUser"));
        assertThat(report.changes()).extracting(RecordChange::type, RecordChange::id)
                .containsExactlyInAnyOrder(tuple(Type.CREATED, "zhang.san"), tuple(Type.DELETED, "user12"),
                        tuple(Type.DELETED, "user13"));
    }

    @Test
    void ambiguousWhenTwoNewcomersLookLikeTheOneWhoVanished() {
        WeComSync sync = synced(true);
        User gone = org.user("user12");
        renameInWeCom("user12", "zhang.san");
        org.putUser(gone.toBuilder().userId("zhang.san2").build());

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).noneMatch(call -> call.startsWith("renameUser"));
        assertThat(report.users().created()).isEqualTo(2);
        assertThat(report.users().deleted()).isEqualTo(1);
    }

    @Test
    void notTheSameWhenAnyOtherFieldDiffers() {
        WeComSync sync = synced(true);
        User gone = org.user("user12");
        org.removeUser("user12");
        org.putUser(gone.toBuilder().userId("zhang.san").position("另一个职位").build());

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).containsExactly("upsertUsers 1", "deleteUsers [user12]");
        assertThat(report.users().renamed()).isZero();
    }

    @Test
    void noDetectionWhenAReadFailed() {
        WeComSync sync = synced(true);
        renameInWeCom("user12", "zhang.san");
        app.fail("user/list", dept -> dept.equals(9L));

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).noneMatch(call -> call.startsWith("renameUser") || call.startsWith("delete"));
        assertThat(target.users).containsKeys("user12", "zhang.san");
        assertThat(report.users().created()).isEqualTo(1);
    }

    @Test
    void aRefusedRenameWritesNeitherUserAndIsTriedAgain() {
        RecordingTarget refusing = new RecordingTarget() {
            volatile boolean refuse = true;

            @Override
            public void renameUser(String oldUserId, String newUserId) {
                if (refuse) {
                    refuse = false;
                    throw new IllegalStateException("rename refused by the test");
                }
                super.renameUser(oldUserId, newUserId);
            }
        };
        WeComSync sync = WeComSync.builder().directories(app, null).target(refusing).stateStore(store)
                .detectRenames(true).build();
        sync.fullSync();
        renameInWeCom("user12", "zhang.san");

        SyncReport failed = sync.fullSync();
        SyncReport retried = sync.fullSync();

        assertThat(failed.changes()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Type.FAILED);
            assertThat(c.previousId()).contains("user12");
        });
        assertThat(failed.users().deleted()).isZero();
        assertThat(retried.users().renamed()).isEqualTo(1);
        assertThat(refusing.users).containsKey("zhang.san").doesNotContainKey("user12");
        assertThat(List.copyOf(refusing.users.keySet())).hasSize(200);
    }
}
