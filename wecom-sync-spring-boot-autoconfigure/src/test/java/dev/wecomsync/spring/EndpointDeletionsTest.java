package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint lists pending deletions and approves exactly the ones asked for. */
class EndpointDeletionsTest {
    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(30, 4, 11)).build();
    private final RecordingTarget target = new RecordingTarget();
    private WeComSync sync;

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void listsADelayedDeletionAndLetsTheApprovedOneThrough() {
        sim.addAppSecret("app-secret");
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app-secret").baseUrl(sim.baseUrl()).build();
        sync = WeComSync.builder().client(client).target(target).deletionDelay(Duration.ofDays(3)).build();
        WeComReconciler reconciler = new WeComReconciler(sync, Duration.ofHours(1), Duration.ofHours(1), List.of(),
                Clock.systemUTC());
        WritableWeComSyncEndpoint endpoint = new WritableWeComSyncEndpoint(Optional.of(reconciler), Optional.empty());
        reconciler.runNow().orElseThrow();
        String gone = sim.org().users().get(0).userId();
        sim.org().deleteUser(gone);
        reconciler.runNow().orElseThrow();
        assertThat(target.users).as("kept while the delay runs").hasSize(30);

        Map<String, Object> pending = pendingDeletions(endpoint.state());
        assertThat(pending.get("count")).isEqualTo(1);
        assertThat(entries(pending)).singleElement().satisfies(e -> {
            assertThat(e.get("reason")).isEqualTo("DELAY");
            assertThat(e.get("approved")).isEqualTo(false);
        });
        String key = (String) entries(pending).get(0).get("key");

        assertThat(endpoint.approveDeletions("deletions", "user:never-there", null).get("error"))
                .asString().contains("not pending");
        assertThat(endpoint.approveDeletions("deletions", null, null).get("error")).asString().contains("keys");
        assertThat(endpoint.approveDeletions("other", key, null).get("error")).asString().contains("/deletions");
        assertThat(entries(pendingDeletions(endpoint.state()))).singleElement()
                .satisfies(e -> assertThat(e.get("approved")).isEqualTo(false));

        Map<String, Object> approved = endpoint.approveDeletions("deletions", " " + key + ", ", null);
        assertThat(entries(cast(approved.get("approved")))).singleElement()
                .satisfies(e -> assertThat(e.get("approved")).isEqualTo(true));
        reconciler.runNow().orElseThrow();

        assertThat(target.users).hasSize(29).doesNotContainKey(gone);
        assertThat(pendingDeletions(endpoint.state()).get("count")).isEqualTo(0);
    }

    private static Map<String, Object> pendingDeletions(Map<String, Object> state) {
        return cast(state.get("pendingDeletions"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> pending) {
        return (List<Map<String, Object>>) pending.get("entries");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
