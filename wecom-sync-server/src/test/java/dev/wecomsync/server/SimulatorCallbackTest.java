package dev.wecomsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.EventForm;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint, over a real socket, fed by the testkit's callback sender as WeCom would feed it. */
class SimulatorCallbackTest {

    private static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private static final String KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";

    private final List<ContactEvent> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private WeComSimulator sim;
    private CallbackServer server;
    private CallbackSender sender;

    @BeforeEach
    void start() {
        sim = WeComSimulator.builder().org(Org.generate(30, 5, 7)).build();
        CallbackHandler handler = CallbackHandler.builder()
                .crypto(CallbackCrypto.of(TOKEN, KEY, sim.corpId()))
                .clock(Clock.systemUTC())
                .onEvent(event -> {
                    if (failNext.getAndSet(false)) {
                        throw new IllegalStateException("host database down");
                    }
                    received.add(event);
                })
                .build();
        server = CallbackServer.start(0, "/wecom/callback", handler);
        sender = sim.callbacks(server.uri().toString(), TOKEN, KEY);
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        server.close();
        sim.close();
    }

    @Test
    void urlVerificationPasses() {
        assertThat(sender.verifyUrl().passed()).isTrue();
    }

    @Test
    void skeletonEventsOfOrgChangesArriveAsTheirRecords() {
        sender.emitChanges(EventForm.SKELETON);
        sim.org().addUser(SimUser.of("newhire", "新员工", 1));
        long dept = sim.org().addDepartment("研发二部", 1).id();
        sim.org().moveUser("newhire", dept);
        sim.org().deleteUser("newhire");
        sim.org().deleteDepartment(dept);

        assertThat(sender.deliveries()).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(received).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("UserCreated", "DepartmentCreated", "UserUpdated", "UserDeleted", "DepartmentDeleted");
        UserCreated created = (UserCreated) received.get(0);
        assertThat(created.userId()).isEqualTo("newhire");
        assertThat(created.corpId()).isEqualTo(sim.corpId());
        assertThat(created.fields().name()).isEmpty(); // skeleton form: UserID and Department only
        assertThat(((DepartmentDeleted) received.get(4)).departmentId()).isEqualTo(dept);
    }

    @Test
    void aResentEventIsDeliveredOnce() {
        sender.emitChanges(EventForm.FULL);
        sim.org().renameUserId(sim.org().users().get(0).userId(), "renamed01");
        Delivery first = sender.lastDelivery();

        Delivery again = sender.resend(first);
        Delivery thrice = sender.resend(first);

        assertThat(List.of(first.status(), again.status(), thrice.status())).containsOnly(200);
        assertThat(received).hasSize(1);
        assertThat(((UserUpdated) received.get(0)).newUserId()).contains("renamed01");
    }

    @Test
    void aListenerFailureIsRetriedByTheResend() {
        sender.emitChanges(EventForm.FULL);
        failNext.set(true);
        sim.org().deleteUser(sim.org().users().get(0).userId());
        Delivery failed = sender.lastDelivery();

        Delivery retried = sender.resend(failed);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(received).singleElement().isInstanceOf(UserDeleted.class);
    }
}
