package dev.wecomsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private final User user = User.builder("ZhangSan").name("张三").departments(List.of(1L, 2L)).orders(List.of(3L, 4L))
            .mainDepartment(1).leaderInDepartments(List.of(true, false)).status(UserStatus.ACTIVE)
            .gender(Gender.MALE).extAttrs(List.of(ExtAttr.text("工号", "001"), ExtAttr.web("主页", "https://x", "X")))
            .build();

    @Test
    void stableAcrossCallsAndEqualRecords() {
        assertThat(Fingerprint.of(user)).isEqualTo(Fingerprint.of(user.toBuilder().build()));
        // the userid is the state key, not part of the fingerprint
        assertThat(Fingerprint.of(User.builder("a").name("b").build()))
                .isEqualTo(Fingerprint.of(User.builder("other").name("b").build()));
        assertThat(Fingerprint.of(User.builder("a").name("b").build()).encoded()).hasSize(140).startsWith("u");
    }

    /**
     * Fingerprints are stored (the JDBC stores keep {@link Fingerprint#encoded()}), so their bytes
     * must not change between versions: a change would make every record look changed after an
     * upgrade. These texts were computed by the first release's encoder.
     */
    @Test
    void encodingIsStableAcrossVersions() {
        User full = user.toBuilder().orders(List.of(-3L, Long.MAX_VALUE)).directLeaders(List.of("lisi", "王五"))
                .position("工程师").mobile("+86 13800000000").email("zs@example.com").bizMail("zs@corp.example")
                .avatar("https://wework.qpic.cn/a/0").thumbAvatar("https://wework.qpic.cn/a/100").telephone("010-1")
                .alias("三").address("北京").openUserId("wo1").qrCode("https://open.work.weixin.qq.com/q")
                .externalPosition("顾问").externalProfileJson("{\"external_corp_name\":\"x\"}").build();
        User sparse = User.builder("lisi").departments(List.of()).mobile("").build();
        Department department = new Department(7, "研发", "R&D", 3, 100, List.of("boss", "老板"));

        assertThat(Fingerprint.of(full).encoded()).isEqualTo(FULL_USER);
        assertThat(Fingerprint.of(sparse).encoded()).isEqualTo(SPARSE_USER);
        assertThat(Fingerprint.of(department).encoded()).isEqualTo(DEPARTMENT);
    }

    @Test
    void threadsComputingAtOnceGetWhatOneThreadGets() throws Exception {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            users.add(user.toBuilder().userId("u" + i).name("名字" + i).orders(List.of((long) i, -i - 1L)).build());
        }
        List<String> expected = users.stream().map(u -> Fingerprint.of(u).encoded()).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> users.stream().map(u -> Fingerprint.of(u).encoded()).toList()));
            }
            for (Future<List<String>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(expected)).hasSize(users.size());
    }

    private static final String FULL_USER = "uTyghRj1ZypxpxDPihIwHOuUoFkxnEPQbw-33X5P6qw3jgZJwkF5nzKD7ML7ydmtFDZtCzZJt6-A7"
            + "Kje2-SwBWafsPQYDKhXlHQW8YnlcDxS0qOubXyq6LN_TFZLar68Lr_pd0md9Oxo";
    private static final String SPARSE_USER = "uXhdtPenGpxRQaqxzrvLMFgAAAAAAAAAAAAAAAJP6qd4AAAAAAAAAAAAAAACmLMJeozGBFAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String DEPARTMENT = "dzjvFkTMokxkg44tAuORMCHp-e8zz0HFFk_q4a5P5o6Ik7SZw";

    @Test
    void everyFieldCountsAndIsNamed() {
        Fingerprint base = Fingerprint.of(user);
        Map<String, User> variants = Map.of(
                "name", user.toBuilder().name("张三丰").build(),
                "departments", user.toBuilder().departments(List.of(2L, 1L)).build(),
                "orders", user.toBuilder().orders(List.of(4L, 3L)).build(),
                "leaderInDepartments", user.toBuilder().leaderInDepartments(List.of(false, false)).build(),
                "status", user.toBuilder().status(UserStatus.EXITED).build(),
                "gender", user.toBuilder().gender(null).build(),
                "mobile", user.toBuilder().mobile("").build(),
                "extAttrs", user.toBuilder().extAttrs(List.of(ExtAttr.text("工号", "002"))).build(),
                "externalProfileJson", user.toBuilder().externalProfileJson("{}").build());
        variants.forEach((field, v) -> {
            Fingerprint changed = Fingerprint.of(v);
            assertThat(changed).as(field).isNotEqualTo(base);
            assertThat(changed.changedFields(base)).as(field).containsExactly(field);
        });
        assertThat(base.changedFields(Fingerprint.of(user.toBuilder().build()))).isEmpty();
        assertThat(Fingerprint.of(user.toBuilder().name("x").position("y").build()).changedFields(base))
                .containsExactly("name", "position");
    }

    @Test
    void absentIsNotEmptyAndFieldsDoNotRunTogether() {
        assertThat(Fingerprint.of(User.builder("u").mobile(null).build()))
                .isNotEqualTo(Fingerprint.of(User.builder("u").mobile("").build()));
        assertThat(Fingerprint.of(User.builder("u").name("ab").position("c").build()))
                .isNotEqualTo(Fingerprint.of(User.builder("u").name("a").position("bc").build()));
    }

    @Test
    void presentFieldsAreThoseWithAValue() {
        assertThat(Fingerprint.of(User.builder("u").name("n").departments(List.of(1L)).build()).presentFields())
                .containsExactly("name", "departments", "mainDepartment", "status");
        assertThat(Fingerprint.of(new Department(7, "研发", null, 3, 0, List.of())).presentFields())
                .containsExactly("name", "parentId", "order");
    }

    @Test
    void encodedTextRoundTripsAndNonsenseIsRefused() {
        Fingerprint u = Fingerprint.of(user);
        Department d = new Department(7, "研发", "R&D", 3, 100, List.of("boss"));
        Fingerprint fd = Fingerprint.of(d);

        assertThat(Fingerprint.parse(u.encoded())).isEqualTo(u);
        assertThat(Fingerprint.parse(u.encoded()).changedFields(u)).isEmpty();
        assertThat(Fingerprint.parse(fd.encoded(), 3)).isEqualTo(fd);
        assertThat(fd.encoded()).hasSize(49).startsWith("d").hasSizeLessThanOrEqualTo(Fingerprint.MAX_ENCODED_LENGTH);
        assertThatThrownBy(() -> Fingerprint.parse("garbage")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user fingerprint");
        assertThatThrownBy(() -> Fingerprint.parse(fd.encoded())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.parse("u!!!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Base64url");
        assertThatThrownBy(() -> u.changedFields(fd)).isInstanceOf(IllegalArgumentException.class);
        assertThat(u.kind()).isEqualTo(EntityKind.USER);
    }

    @Test
    void departmentFingerprintCarriesItsParent() {
        Department d = new Department(7, "研发", "R&D", 3, 100, List.of("boss"));
        Fingerprint fp = Fingerprint.of(d);

        assertThat(fp.parentId()).hasValue(3);
        assertThat(Fingerprint.of(user).parentId()).isEmpty();
        Fingerprint moved = Fingerprint.of(new Department(7, "研发", "R&D", 4, 100, List.of("boss")));
        assertThat(fp).isNotEqualTo(moved);
        assertThat(moved.changedFields(fp)).containsExactly("parentId");
    }

    @Test
    void childrenFirstOrdersBySubtreeDepth() {
        Map<Long, Fingerprint> gone = Map.of(
                3L, fp(3, 1), 8L, fp(8, 3), 23L, fp(23, 8), 9L, fp(9, 3), 50L, fp(50, 1));

        List<Long> order = Deletions.childrenFirst(gone);

        assertThat(order.indexOf(23L)).isLessThan(order.indexOf(8L));
        assertThat(order.indexOf(8L)).isLessThan(order.indexOf(3L));
        assertThat(order.indexOf(9L)).isLessThan(order.indexOf(3L));
        assertThat(order).hasSize(5);
    }

    @Test
    void parentFirstIsBreadthFirstAndSurvivesCycles() {
        List<Department> ordered = DepartmentReads.parentFirst(List.of(
                new Department(5, "e", null, 2, 0, List.of()),
                new Department(2, "b", null, 1, 0, List.of()),
                new Department(1, "a", null, 0, 0, List.of()),
                new Department(8, "x", null, 9, 0, List.of()),
                new Department(9, "y", null, 8, 0, List.of())));

        assertThat(ordered).extracting(Department::id).containsExactly(1L, 2L, 5L, 8L, 9L);
    }

    private static Fingerprint fp(long id, long parent) {
        return Fingerprint.of(new Department(id, "d" + id, null, parent, 0, List.of()));
    }
}
