package dev.wecomsync.sync;

import static dev.wecomsync.sync.SimulatedOrg.actualDepartments;
import static dev.wecomsync.sync.SimulatedOrg.actualUsers;
import static dev.wecomsync.sync.SimulatedOrg.client;
import static dev.wecomsync.sync.SimulatedOrg.expectedDepartments;
import static dev.wecomsync.sync.SimulatedOrg.expectedUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.CallbackTransport;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callback events from the simulator, through {@link CallbackHandler} (delivered in-process, as an HTTP adapter
 * would pass them on), applied by {@link WeComSync#apply}.
 */
class SimulatorEventsTest {

    private static final String TOKEN = "syncToken";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(400, 25, 7)).seed(7).build();
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();
    private WeComSync sync;
    private CallbackSender sender;

    @BeforeEach
    void start() {
        sim.addAppSecret("app").createdAfterJune2022();
        sim.addContactSyncSecret("contacts").restrictDetailApis();
        sync = WeComSync.builder().client(client(sim, "app")).contactSyncClient(client(sim, "contacts"))
                .target(target).stateStore(store).build();
        CallbackHandler handler = CallbackHandler.builder().crypto(CallbackCrypto.of(TOKEN, AES_KEY, sim.corpId()))
                .onEvent(sync::apply).build();
        sender = sim.callbacks((method, rawQuery, body) -> {
            CallbackResponse r = handler.handle(method, rawQuery, body);
            return new CallbackTransport.Reply(r.status(), r.body());
        }, TOKEN, AES_KEY);
        assertThat(sync.fullSync().succeeded()).isTrue();
        target.clearCalls();
    }

    @AfterEach
    void stop() {
        sender.close();
        sim.close();
    }

    private void assertConverged() {
        assertThat(target.violations).isEmpty();
        assertThat(actualDepartments(target.departments.values())).isEqualTo(expectedDepartments(sim.org()));
        assertThat(actualUsers(target.users.values())).isEqualTo(expectedUsers(sim.org(), true));
    }

    /** Users nobody names as a leader: renaming or deleting them changes no one else. */
    private List<SimUser> plainUsers() {
        Org org = sim.org();
        Set<String> leaders = org.users().stream().flatMap(u -> u.directLeaders().stream()).collect(Collectors.toSet());
        org.departments().forEach(d -> leaders.addAll(d.leaders()));
        return org.users().stream().filter(u -> !leaders.contains(u.userId())).toList();
    }

    @Test
    void skeletonEventsMakeTheTargetConverge() {
        Org org = sim.org();
        List<SimUser> plain = plainUsers();
        sender.emitChanges(EventForm.SKELETON);

        SimDepartment fresh = org.addDepartment("新部门", Org.ROOT_ID);
        SimDepartment child = org.addDepartment("新子部门", fresh.id());
        org.addUser(SimUser.builder("newcomer", "新人").department(child.id()).build());
        org.moveUser(plain.get(0).userId(), fresh.id());
        org.renameUserId(plain.get(1).userId(), "renamed-" + plain.get(1).userId());
        org.deleteUser(plain.get(2).userId());
        SimUser resigned = org.updateUser(plain.get(3).withStatus(SimUser.STATUS_EXITED).withDepartments(List.of(fresh.id())));
        SimDepartment leaf = org.departments().stream().filter(d -> org.children(d.id()).isEmpty() && d.id() != child.id())
                .findFirst().orElseThrow();
        org.moveDepartment(leaf.id(), fresh.id());
        SimDepartment temporary = org.addDepartment("临时", Org.ROOT_ID);
        org.deleteDepartment(temporary.id());
        Delivery resent = sender.resendLast();

        assertThat(sender.deliveries()).allMatch(Delivery::accepted);
        assertThat(resent.accepted()).isTrue();
        assertConverged();
        assertThat(target.users.get(resigned.userId()).status().code()).isEqualTo(SimUser.STATUS_EXITED);
        assertThat(target.writes()).contains("renameUser " + plain.get(1).userId() + " renamed-" + plain.get(1).userId());

        // everything the events said is already in the target: a full sync has nothing to write
        target.clearCalls();
        SyncReport reconcile = sync.fullSync();
        assertThat(reconcile.writes()).isZero();
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void changesSkeletonEventsDoNotAnnounceArePickedUpByTheNextFullSync() {
        sender.emitChanges(EventForm.SKELETON);
        long renamed = sim.org().departments().get(3).id();
        String retitled = plainUsers().get(0).userId();

        sim.org().renameDepartment(renamed, "只在全量同步里");
        sim.org().updateUser(retitled, u -> u.withPosition("新职位"));

        assertThat(sender.deliveries()).isEmpty(); // post-2022: no event for a name or title change
        SyncReport report = sync.fullSync();
        assertThat(target.writes()).containsExactly("upsertDepartments 1", "upsertUsers 1");
        assertThat(report.departments().updated()).isEqualTo(1);
        assertThat(report.users().updated()).isEqualTo(1);
        assertConverged();
    }

    @Test
    void eventsDeliveredOutOfOrderConverge() {
        Org org = sim.org();
        List<SimUser> plain = plainUsers();
        sender.emitChanges(EventForm.FULL).hold();

        SimDepartment fresh = org.addDepartment("乱序部门", Org.ROOT_ID);
        org.addUser(SimUser.builder("late", "迟到").department(fresh.id()).build());
        org.moveUser("late", Org.ROOT_ID);
        org.renameUserId(plain.get(0).userId(), plain.get(0).userId() + "x");
        org.deleteUser(plain.get(1).userId());

        List<Delivery> deliveries = sender.releaseShuffled();

        assertThat(deliveries).allMatch(Delivery::accepted);
        assertConverged();
    }

    @Test
    void eventThatCannotBeReReadFailsTheDeliverySoWeComRetriesIt() {
        sender.emitChanges(EventForm.SKELETON);
        sim.failNext("user/get", 100, -1);

        sim.org().addUser(SimUser.builder("retried", "重试").department(Org.ROOT_ID).build());

        assertThat(sender.lastDelivery().status()).isEqualTo(500);
        assertThat(target.users).doesNotContainKey("retried");
        assertThatThrownBy(() -> sync.apply(new dev.wecomsync.callback.UserCreated(sim.corpId(),
                java.time.Instant.now(), "<xml/>", "retried", dev.wecomsync.callback.UserFields.empty())))
                .isInstanceOf(dev.wecomsync.client.WeComApiException.class)
                .satisfies(e -> assertThat(((dev.wecomsync.client.WeComApiException) e).errcode()).isEqualTo(-1));

        sim.clearFaults();
        assertThat(sender.resendLast().accepted()).isTrue();
        assertConverged();
    }
}
