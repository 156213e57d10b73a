package dev.wecomsync.sync;

import static dev.wecomsync.sync.SimulatedOrg.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.RecordChange.Type;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SyncReport#changes()} after the simulator's mutations, and {@link WeComSync#dryRun()} against it. */
class ChangeLogTest {

    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(600, 30, 5)).seed(5).build();
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();
    private WeComSync sync;

    @BeforeEach
    void syncedOnce() {
        sim.addAppSecret("app");
        sync = WeComSync.builder().client(client(sim, "app")).target(target).stateStore(store).build();
        SyncReport first = sync.fullSync();
        assertThat(first.changes()).hasSize(630).allMatch(c -> c.type() == Type.CREATED);
        assertCountsMatchChanges(first);
        target.clearCalls();
    }

    @AfterEach
    void close() {
        sim.close();
    }

    /** Users nobody names as a leader: changing them changes no one else. */
    private List<SimUser> plainUsers() {
        Org org = sim.org();
        Set<String> leaders = org.users().stream().flatMap(u -> u.directLeaders().stream()).collect(Collectors.toSet());
        org.departments().forEach(d -> leaders.addAll(d.leaders()));
        return org.users().stream().filter(u -> !leaders.contains(u.userId())).toList();
    }

    /** The component names whose values differ, as an oracle independent of fingerprints. */
    private static List<String> differing(Record before, Record after, String id) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            try {
                if (!c.getName().equals(id) && !Objects.equals(c.getAccessor().invoke(before), c.getAccessor().invoke(after))) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static void assertCountsMatchChanges(SyncReport report) {
        for (EntityKind kind : EntityKind.values()) {
            SyncReport.Counts counts = kind == EntityKind.USER ? report.users() : report.departments();
            assertThat(report.changes(kind, Type.CREATED)).as(kind + " created").hasSize(counts.created());
            assertThat(report.changes(kind, Type.UPDATED)).as(kind + " updated").hasSize(counts.updated());
            assertThat(report.changes(kind, Type.RENAMED)).as(kind + " renamed").hasSize(counts.renamed());
            assertThat(report.changes(kind, Type.DELETED)).as(kind + " deleted").hasSize(counts.deleted());
            assertThat(report.changes(kind, Type.HELD_BACK)).as(kind + " held back").hasSize(counts.heldBack());
            assertThat(report.changes(kind, Type.FAILED)).as(kind + " failed").hasSize(counts.failed());
        }
    }

    @Test
    void everyChangeIsListedWithTheFieldsThatChanged() {
        Org org = sim.org();
        List<SimUser> plain = plainUsers();
        String retitled = plain.get(0).userId();
        String moved = plain.get(1).userId();
        String deleted = plain.get(2).userId();
        User movedBefore = target.users.get(moved);
        SimDepartment renamed = org.departments().get(4);
        Department renamedBefore = target.departments.get(renamed.id());
        SimDepartment emptyLeaf = org.addDepartment("空部门", Org.ROOT_ID);
        assertThat(sync.fullSync().changes()).extracting(RecordChange::id).containsExactly(Long.toString(emptyLeaf.id()));
        long otherDepartment = org.departments().stream().map(SimDepartment::id)
                .filter(id -> !movedBefore.departments().contains(id) && id != emptyLeaf.id()).findFirst().orElseThrow();

        org.updateUser(retitled, u -> u.withPosition("新职位"));
        org.moveUser(moved, otherDepartment);
        org.deleteUser(deleted);
        org.renameDepartment(renamed.id(), "改名部门");
        SimDepartment fresh = org.addDepartment("新部门", Org.ROOT_ID);
        org.deleteDepartment(emptyLeaf.id());       // after the add: the simulator would reuse its id
        org.addUser(SimUser.builder("newcomer", "新人").department(fresh.id()).build());

        SyncReport report = sync.fullSync();

        assertThat(report.changes(EntityKind.USER, Type.UPDATED)).extracting(RecordChange::id, RecordChange::changedFields)
                .containsExactlyInAnyOrder(
                        tuple(retitled, List.of("position")),
                        tuple(moved, differing(movedBefore, target.users.get(moved), "userId")));
        assertThat(report.changes(EntityKind.USER, Type.UPDATED)).allSatisfy(c -> {
            assertThat(c.user()).contains(target.users.get(c.id()));
            assertThat(c.previousId()).isEmpty();
        });
        assertThat(report.changes(EntityKind.USER, Type.CREATED)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("newcomer");
            assertThat(c.changedFields()).contains("name", "departments").doesNotContain("userId", "mobile");
            assertThat(c.user().map(User::name)).contains("新人");
        });
        assertThat(report.changes(EntityKind.USER, Type.DELETED)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(deleted);
            assertThat(c.changedFields()).isEmpty();
            assertThat(c.user()).isEmpty();
        });
        assertThat(report.changes(EntityKind.DEPARTMENT, Type.UPDATED)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(Long.toString(renamed.id()));
            assertThat(c.changedFields()).containsExactly("name")
                    .isEqualTo(differing(renamedBefore, target.departments.get(renamed.id()), "id"));
            assertThat(c.department().map(Department::name)).contains("改名部门");
        });
        assertThat(report.changes(EntityKind.DEPARTMENT, Type.CREATED)).extracting(RecordChange::id)
                .containsExactly(Long.toString(fresh.id()));
        assertThat(report.changes(EntityKind.DEPARTMENT, Type.DELETED)).extracting(RecordChange::id)
                .containsExactly(Long.toString(emptyLeaf.id()));
        assertThat(report.changes()).hasSize(7).noneMatch(c -> c.type() == Type.FAILED || c.type() == Type.HELD_BACK);
        assertThat(report.changesTruncated()).isFalse();
        assertCountsMatchChanges(report);
        assertThat(report.toString()).contains("changes:     7 records listed").doesNotContain("新人");
    }

    @Test
    void aDryRunListsTheChangesTheRealRunThenMakes() {
        List<SimUser> plain = plainUsers();
        sim.org().updateUser(plain.get(0).userId(), u -> u.withPosition("总监").withName("改名"));
        sim.org().deleteUser(plain.get(1).userId());
        sim.org().renameUserId(plain.get(2).userId(), "renamed-" + plain.get(2).userId());
        sim.org().renameDepartment(sim.org().departments().get(2).id(), "新名");

        SyncReport dry = sync.dryRun();
        assertThat(target.writes()).isEmpty();
        SyncReport real = sync.fullSync();

        assertThat(dry.changes()).isNotEmpty().containsExactlyInAnyOrderElementsOf(real.changes());
        assertThat(dry.changes()).anySatisfy(c -> assertThat(c.changedFields()).containsExactly("name", "position"));
        assertThat(dry.users()).isEqualTo(real.users());
        assertThat(dry.departments()).isEqualTo(real.departments());
        assertCountsMatchChanges(dry);
        assertThat(sync.dryRun().changes()).isEmpty();
    }

    @Test
    void heldBackAndFailedRecordsAreListedToo() {
        List<SimUser> users = sim.org().users();
        int leaving = (int) users.subList(0, 300).stream().filter(u -> u.status() != SimUser.STATUS_EXITED).count();
        for (int i = 0; i < 300; i++) {
            sim.org().updateUser(users.get(i).userId(), u -> u.withStatus(SimUser.STATUS_EXITED));
        }
        for (int i = 300; i < users.size(); i += 2) {
            sim.org().deleteUser(users.get(i).userId());
        }
        target.refuseUserBatches.set(1);
        // the refused batch is most of the users, which would quarantine the run; this test is
        // about the change log of a run that is not quarantined
        sync = WeComSync.builder().client(client(sim, "app")).target(target).stateStore(store).quarantineRatio(1)
                .build();

        SyncReport report = sync.fullSync();

        assertThat(report.quarantined()).isFalse();
        assertThat(report.changes(EntityKind.USER, Type.HELD_BACK)).hasSize(150).allSatisfy(c -> {
            assertThat(c.changedFields()).isEmpty();
            assertThat(target.users).containsKey(c.id());
        });
        assertThat(report.changes(EntityKind.USER, Type.FAILED)).hasSize(leaving)
                .allSatisfy(c -> assertThat(c.changedFields()).containsExactly("status"));
        assertCountsMatchChanges(report);
    }

    @Test
    void theListIsBoundedButTheCountsAreNot() {
        sim.org().users().forEach(u -> sim.org().updateUser(u.userId(), x -> x.withPosition("同一职位")));
        WeComSync limited = WeComSync.builder().client(client(sim, "app")).target(target).stateStore(store)
                .changeLimit(100).build();

        SyncReport report = limited.fullSync();

        assertThat(report.users().updated()).isEqualTo(600);
        assertThat(report.changes()).hasSize(100);
        assertThat(report.changesTruncated()).isTrue();
        assertThat(report.toString()).contains("100 records listed (truncated");
    }
}
