package dev.wecomsync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.ExtAttr;
import dev.wecomsync.model.Gender;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private final User user = User.builder("ZhangSan").name("张三").departments(List.of(1L, 2L)).orders(List.of(3L, 4L))
            .mainDepartment(1).leaderInDepartments(List.of(true, false)).status(UserStatus.ACTIVE)
            .gender(Gender.MALE).extAttrs(List.of(ExtAttr.text("工号", "001"), ExtAttr.web("主页", "https://x", "X")))
            .build();

    @Test
    void stableAcrossCallsAndEqualRecords() {
        assertThat(Fingerprints.user(user)).isEqualTo(Fingerprints.user(user.toBuilder().build()));
        // the userid is the state key, not part of the fingerprint
        assertThat(Fingerprints.user(User.builder("a").name("b").build()))
                .isEqualTo(Fingerprints.user(User.builder("other").name("b").build()))
                .hasSize(43);
    }

    @Test
    void everyFieldCounts() {
        String base = Fingerprints.user(user);
        List<User> variants = List.of(
                user.toBuilder().name("张三丰").build(),
                user.toBuilder().departments(List.of(2L, 1L)).build(),
                user.toBuilder().orders(List.of(4L, 3L)).build(),
                user.toBuilder().leaderInDepartments(List.of(false, false)).build(),
                user.toBuilder().status(UserStatus.EXITED).build(),
                user.toBuilder().gender(null).build(),
                user.toBuilder().mobile("").build(),
                user.toBuilder().extAttrs(List.of(ExtAttr.text("工号", "002"))).build(),
                user.toBuilder().externalProfileJson("{}").build());
        for (User v : variants) {
            assertThat(Fingerprints.user(v)).as(v.toString()).isNotEqualTo(base);
        }
    }

    @Test
    void absentIsNotEmptyAndFieldsDoNotRunTogether() {
        assertThat(Fingerprints.user(User.builder("u").mobile(null).build()))
                .isNotEqualTo(Fingerprints.user(User.builder("u").mobile("").build()));
        assertThat(Fingerprints.user(User.builder("u").name("ab").position("c").build()))
                .isNotEqualTo(Fingerprints.user(User.builder("u").name("a").position("bc").build()));
    }

    @Test
    void departmentFingerprintCarriesItsParent() {
        Department d = new Department(7, "研发", "R&D", 3, 100, List.of("boss"));
        String fp = Fingerprints.department(d);

        assertThat(Fingerprints.parentOf(fp)).isEqualTo(3);
        assertThat(fp).isNotEqualTo(Fingerprints.department(new Department(7, "研发", "R&D", 4, 100, List.of("boss"))));
        assertThat(Fingerprints.parentOf("garbage")).isEqualTo(-1);
    }

    @Test
    void childrenFirstOrdersBySubtreeDepth() {
        Map<Long, String> gone = Map.of(
                3L, fp(3, 1), 8L, fp(8, 3), 23L, fp(23, 8), 9L, fp(9, 3), 50L, fp(50, 1));

        List<Long> order = FullSyncRun.childrenFirst(gone);

        assertThat(order.indexOf(23L)).isLessThan(order.indexOf(8L));
        assertThat(order.indexOf(8L)).isLessThan(order.indexOf(3L));
        assertThat(order.indexOf(9L)).isLessThan(order.indexOf(3L));
        assertThat(order).hasSize(5);
    }

    @Test
    void parentFirstIsBreadthFirstAndSurvivesCycles() {
        List<Department> ordered = DepartmentPhase.parentFirst(List.of(
                new Department(5, "e", null, 2, 0, List.of()),
                new Department(2, "b", null, 1, 0, List.of()),
                new Department(1, "a", null, 0, 0, List.of()),
                new Department(8, "x", null, 9, 0, List.of()),
                new Department(9, "y", null, 8, 0, List.of())));

        assertThat(ordered).extracting(Department::id).containsExactly(1L, 2L, 5L, 8L, 9L);
    }

    private static String fp(long id, long parent) {
        return Fingerprints.department(new Department(id, "d" + id, null, parent, 0, List.of()));
    }
}
