package dev.wecomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wecomsync.model.UserDepartment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** user/list_id paging that fails part-way: a retried page resumes at its cursor, a failed one ends cleanly. */
class PaginationTest {

    static final String PAGE_1 = "{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"C1\","
            + "\"dept_user\":[{\"userid\":\"a\",\"department\":1},{\"userid\":\"b\",\"department\":1}]}";
    static final String PAGE_2 = "{\"errcode\":0,\"errmsg\":\"ok\",\"next_cursor\":\"\","
            + "\"dept_user\":[{\"userid\":\"c\",\"department\":2}]}";

    ClientFixture fixture;
    WeComClient client;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ClientFixture();
        client = fixture.client();
        fixture.enqueueToken();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void retriedPageResumesAtItsCursorWithoutDuplicates() throws Exception {
        fixture.enqueue(PAGE_1);
        fixture.server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        fixture.enqueueError(-1, "system busy");
        fixture.enqueue(PAGE_2);

        List<UserDepartment> rows = new ArrayList<>();
        client.users().listIds().forEach(rows::add);

        assertThat(rows).extracting(UserDepartment::userId).containsExactly("a", "b", "c");
        fixture.takeToken();
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(fixture.take().getBody().utf8()).has("cursor")).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(mapper.readTree(fixture.take().getBody().utf8()).path("cursor").asText()).isEqualTo("C1");
        }
        assertThat(fixture.sleeper.sleeps).hasSize(2);
    }

    @Test
    void pageThatKeepsFailingEndsTheIterationCleanly() {
        fixture.enqueue(PAGE_1);
        for (int i = 0; i < 4; i++) {
            fixture.server.enqueue(new MockResponse.Builder().code(503).body("unavailable").build());
        }

        List<UserDepartment> rows = new ArrayList<>();
        Iterator<UserDepartment> iterator = client.users().listIds().iterator();
        assertThatThrownBy(() -> iterator.forEachRemaining(rows::add))
                .isInstanceOfSatisfying(WeComIoException.class, e -> {
                    assertThat(e.api()).isEqualTo("user/list_id");
                    assertThat(e.httpStatus()).hasValue(503);
                });

        assertThat(rows).extracting(UserDepartment::userId).containsExactly("a", "b");
        assertThat(fixture.server.getRequestCount()).isEqualTo(1 + 1 + 4);
    }

    @Test
    void eachIterationStartsFromTheFirstPage() throws Exception {
        fixture.enqueue(PAGE_1);
        fixture.enqueue(PAGE_2);
        fixture.enqueue(PAGE_1);
        fixture.enqueue(PAGE_2);
        AutoPagingIterable<UserDepartment> all = client.users().listIds();

        assertThat(all.stream().count()).isEqualTo(3);
        assertThat(all.stream().map(UserDepartment::userId).toList()).containsExactly("a", "b", "c");
        assertThat(fixture.server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void pagesAreExposedToo() {
        fixture.enqueue(PAGE_1);
        fixture.enqueue(PAGE_2);

        List<Page<UserDepartment>> pages = new ArrayList<>();
        client.users().listIds().pages().forEach(pages::add);

        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).nextCursor()).contains("C1");
        assertThat(pages.get(1).hasMore()).isFalse();
    }

    @Test
    void nothingIsFetchedUntilIterationStarts() {
        AutoPagingIterable<UserDepartment> all = client.users().listIds();

        assertThat(all).isNotNull();
        assertThat(fixture.server.getRequestCount()).isZero();
    }
}
