package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** user/list_id: POST, cursors, one row per (user, department) pair. */
class UserListIdTest {

  private WeComSimulator sim;
  private ApiCalls api;
  private String token;

  @BeforeEach
  void start() {
    sim = WeComSimulator.builder().org(Org.generate(1_000, 30, 3)).build();
    sim.addContactSyncSecret("sync-secret");
    api = new ApiCalls(sim);
    token = api.token("sync-secret");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void pagesCoverEveryPairExactlyOnce() {
    long pairs = sim.org().users().stream().mapToLong(u -> u.departments().size()).sum();
    assertThat(pairs).isGreaterThan(1_000);
    List<String> rows = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String body = cursor == null ? "{\"limit\":97}" : "{\"cursor\":\"" + cursor + "\",\"limit\":97}";
      JsonNode page = api.post(token, "user/list_id", body);
      assertThat(page.path("errcode").asInt()).isZero();
      assertThat(page.path("dept_user").size()).isLessThanOrEqualTo(97);
      page.path("dept_user").forEach(r -> {
        assertThat(DirectoryApisTest.fieldNames(r)).containsExactly("userid", "department");
        rows.add(r.path("userid").asText() + "@" + r.path("department").asLong());
      });
      cursor = page.path("next_cursor").asText("");
      if (!cursor.isEmpty()) assertThat(page.path("dept_user").size()).isEqualTo(97);
      pages++;
    } while (!cursor.isEmpty());
    assertThat(rows).hasSize((int) pairs);
    assertThat(new HashSet<>(rows)).hasSize((int) pairs);
    assertThat(pages).isEqualTo((int) ((pairs + 96) / 97));
  }

  @Test
  void lastPageHasNoCursor() {
    JsonNode all = api.post(token, "user/list_id", "{\"limit\":10000}");
    assertThat(all.has("next_cursor")).isFalse();
    assertThat(api.post(token, "user/list_id", "").path("dept_user").size()).isEqualTo(1000);
  }

  @Test
  void cursorSurvivesChangesBehindIt() {
    JsonNode first = api.post(token, "user/list_id", "{\"limit\":10}");
    String lastSeen = first.path("dept_user").get(9).path("userid").asText();
    sim.org().deleteUser(lastSeen);
    JsonNode second = api.post(token, "user/list_id", "{\"limit\":10,\"cursor\":\"" + first.path("next_cursor").asText() + "\"}");
    Set<String> firstIds = new HashSet<>(DirectoryApisTest.userIds(first.path("dept_user")));
    List<String> secondIds = DirectoryApisTest.userIds(second.path("dept_user"));
    assertThat(secondIds).hasSize(10).doesNotContain(lastSeen);
    assertThat(secondIds.get(0)).isNotIn(firstIds);
  }

  @Test
  void invalidRequests() {
    assertThat(api.post(token, "user/list_id", "{\"limit\":0}").path("errcode").asInt()).isEqualTo(40058);
    assertThat(api.post(token, "user/list_id", "{\"limit\":10001}").path("errcode").asInt()).isEqualTo(40058);
    assertThat(api.post(token, "user/list_id", "{\"cursor\":\"garbage!\"}").path("errcode").asInt()).isEqualTo(40058);
    assertThat(api.get(token, "user/list_id").path("errcode").asInt()).isEqualTo(43002);
  }
}
