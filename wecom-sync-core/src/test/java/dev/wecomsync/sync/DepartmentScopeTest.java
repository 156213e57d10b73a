package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DepartmentScopeTest {

    /** 1 ← 2 ← 5 ← 8, 1 ← 3 ← 7, 1 ← 4, 2 ← 6, and 20 ↔ 21 in a cycle. */
    private static final Map<Long, Long> TREE = Map.of(1L, 0L, 2L, 1L, 3L, 1L, 4L, 1L, 5L, 2L, 6L, 2L, 7L, 3L, 8L, 5L,
            20L, 21L, 21L, 20L);

    @Test
    void subtreesLessExclusionsTheNearestListedAncestorDecides() {
        assertThat(DepartmentScope.subtrees(2, 7).excluding(5).resolve(TREE)).containsExactlyInAnyOrder(2L, 6L, 7L);
        assertThat(DepartmentScope.subtrees(2, 8).excluding(5).resolve(TREE)).containsExactlyInAnyOrder(2L, 6L, 8L);
        assertThat(DepartmentScope.all().excluding(2).resolve(TREE)).containsExactlyInAnyOrder(1L, 3L, 4L, 7L);
        assertThat(DepartmentScope.all().resolve(TREE)).isEqualTo(TREE.keySet());
        assertThat(DepartmentScope.subtrees(3).resolve(TREE)).containsExactlyInAnyOrder(3L, 7L);
    }

    @Test
    void fingerprintsAreCanonicalAndEqualScopesAreEqual() {
        DepartmentScope a = DepartmentScope.subtrees(7, 2).excluding(9);
        DepartmentScope b = DepartmentScope.subtrees(2, 7, 2).excluding(9, 9);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.fingerprint()).isEqualTo("subtrees 2,7 excluding 9");
        assertThat(DepartmentScope.all().fingerprint()).isEqualTo("all");
        assertThat(DepartmentScope.all().excluding(4).fingerprint()).isEqualTo("all excluding 4");
        assertThat(DepartmentScope.all().isWholeOrganisation()).isTrue();
        assertThat(a.isWholeOrganisation()).isFalse();
    }

    @Test
    void includesAnswersFromTheParentForEvents() {
        DepartmentScope scope = DepartmentScope.subtrees(2).excluding(5);
        assertThat(scope.includes(2, false)).isTrue();
        assertThat(scope.includes(6, true)).isTrue();
        assertThat(scope.includes(5, true)).isFalse();
        assertThat(scope.includes(3, false)).isFalse();
        assertThat(DepartmentScope.all().excluding(5).includes(1, false)).isTrue();
    }

    @Test
    void badIdsAreRefusedWithWhatToDo() {
        assertThatThrownBy(DepartmentScope::subtrees).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DepartmentScope.all()");
        assertThatThrownBy(() -> DepartmentScope.subtrees(2, 0)).hasMessage("department ids must be positive: 0");
        assertThatThrownBy(() -> DepartmentScope.all().excluding(-3)).hasMessage("department ids must be positive: -3");
    }
}
