package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@OnEveryDatabase
class JdbcSyncStateStoreTest extends DatabaseTest {

    /** A user's fingerprint, different for each name. */
    static Fingerprint fp(String name) {
        return Fingerprint.of(User.builder("any").name(name).build());
    }

    /** A department's fingerprint, with its parent. */
    static Fingerprint dfp(String name, long parent) {
        return Fingerprint.of(Department.builder(99).name(name).parentId(parent).build());
    }

    JdbcSyncStateStoreTest(Databases database) {
            super(database);
        }

        JdbcSyncStateStore store(String scope) {
            return JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix).scope(scope).build();
        }

        @Test
        void putReadGetAndRemove() {
            JdbcSyncStateStore store = store("corp-a");
            assertThat(store.read(EntityKind.USER)).isEmpty();

            store.put(EntityKind.USER, Map.of("zhangsan", fp("fp1"), "ZhangSan", fp("fp2"), "李四", fp("fp3")));
            store.put(EntityKind.DEPARTMENT, Map.of("1", dfp("d1", 0), "2", dfp("d2", 1)));
            store.put(EntityKind.USER, Map.of("zhangsan", fp("fp1b")));

            assertThat(store.read(EntityKind.USER))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("zhangsan", fp("fp1b"), "ZhangSan", fp("fp2"), "李四", fp("fp3")));
            assertThat(store.read(EntityKind.DEPARTMENT)).containsExactlyInAnyOrderEntriesOf(Map.of("1", dfp("d1", 0), "2", dfp("d2", 1)));
            assertThat(store.get(EntityKind.USER, "ZhangSan")).contains(fp("fp2"));
            assertThat(store.get(EntityKind.USER, "1")).isEmpty();

            store.remove(EntityKind.USER, List.of("zhangsan", "unknown"));
            assertThat(store.read(EntityKind.USER)).containsOnlyKeys("ZhangSan", "李四");
            assertThat(store.read(EntityKind.DEPARTMENT)).hasSize(2);
        }

        @Test
        void getOfManyIdsReadsOnlyThoseOfItsScopeAndKind() {
            JdbcSyncStateStore store = store("corp-a");
            Map<String, Fingerprint> many = IntStream.range(0, 1_234).boxed()
                    .collect(Collectors.toMap(i -> "u" + i, i -> fp("n" + i)));
            store.put(EntityKind.USER, many);
            store.put(EntityKind.DEPARTMENT, Map.of("u1", dfp("d1", 0)));
            store("corp-b").put(EntityKind.USER, Map.of("other", fp("b")));

            List<String> asked = new java.util.ArrayList<>(many.keySet());
            asked.add("other");
            asked.add("u7");
            assertThat(store.get(EntityKind.USER, asked)).as("beyond one IN list of 500").isEqualTo(many);
            assertThat(store.get(EntityKind.USER, List.of("u1", "missing"))).isEqualTo(Map.of("u1", fp("n1")));
            assertThat(store.get(EntityKind.DEPARTMENT, List.of("u1", "u2"))).isEqualTo(Map.of("u1", dfp("d1", 0)));
            assertThat(store.get(EntityKind.USER, List.of())).isEmpty();
        }

        @Test
        void scopesAreKeptApartAndSharedByInstances() {
            store("corp-a").put(EntityKind.USER, Map.of("u1", fp("a")));
            store("corp-b").put(EntityKind.USER, Map.of("u1", fp("b")));

            assertThat(store("corp-a").read(EntityKind.USER)).isEqualTo(Map.of("u1", fp("a")));
            assertThat(store("corp-b").get(EntityKind.USER, "u1")).contains(fp("b"));
            store("corp-b").remove(EntityKind.USER, List.of("u1"));
            assertThat(store("corp-a").read(EntityKind.USER)).isEqualTo(Map.of("u1", fp("a")));
        }

        @Test
        void largeWritesGoInBatches() {
            JdbcSyncStateStore store = store("big");
            Map<String, Fingerprint> many = IntStream.range(0, 1_234).boxed()
                    .collect(Collectors.toMap(i -> "user" + i, i -> fp("fp" + i)));

            store.put(EntityKind.USER, many);
            assertThat(store.read(EntityKind.USER)).isEqualTo(many);

            store.remove(EntityKind.USER, many.keySet().stream().filter(id -> !id.endsWith("7")).toList());
            Map<String, Fingerprint> left = new HashMap<>(many);
            left.keySet().removeIf(id -> !id.endsWith("7"));
            assertThat(store.read(EntityKind.USER)).isEqualTo(left);
        }

        @Test
        void departmentsKeepTheirParentAndUnreadableRowsAreLeftOut() throws Exception {
            JdbcSyncStateStore store = store("parents");
            store.put(EntityKind.DEPARTMENT, Map.of("7", dfp("研发", 3), "1", dfp("公司", 0)));
            store.put(EntityKind.USER, Map.of("ok", fp("ok"), "old", fp("old")));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE " + prefix + "state SET fingerprint = 'Zm9vYmFy@3' WHERE entity_id = 'old'");
            }

            assertThat(store.read(EntityKind.DEPARTMENT).get("7").parentId()).hasValue(3);
            assertThat(store.get(EntityKind.DEPARTMENT, "1")).hasValueSatisfying(f -> assertThat(f.parentId()).hasValue(0));
            assertThat(store.read(EntityKind.USER)).containsOnlyKeys("ok");
            assertThat(store.get(EntityKind.USER, "old")).isEmpty();
        }

        @Test
        void pendingDeletionsAndTheScopeArePerScopeAndSurviveANewInstance() {
            JdbcSyncStateStore a = store("corp-a");
            Instant since = Instant.parse("2026-03-01T08:00:00.123Z");
            PendingDeletion user = new PendingDeletion(EntityKind.USER, "ZhangSan", since, PendingDeletion.Reason.DELAY,
                    "missing since then", false);
            PendingDeletion department = new PendingDeletion(EntityKind.DEPARTMENT, "9", since,
                    PendingDeletion.Reason.UNCONFIRMED, "x".repeat(1_500), false);
            a.putPendingDeletions(List.of(user, department));
            store("corp-b").putPendingDeletions(List.of(user.approve()));
            a.putPendingDeletions(List.of(user.withReason(PendingDeletion.Reason.GUARD, "held").approve()));

            List<PendingDeletion> read = store("corp-a").pendingDeletions();
            assertThat(read).extracting(PendingDeletion::key).containsExactly("department:9", "user:ZhangSan");
            assertThat(read.get(0).detail()).hasSize(1_000);
            assertThat(read.get(1)).isEqualTo(new PendingDeletion(EntityKind.USER, "ZhangSan", since,
                    PendingDeletion.Reason.GUARD, "held", true));
            assertThat(a.read(EntityKind.USER)).isEmpty();

            a.removePendingDeletions(EntityKind.USER, List.of("ZhangSan", "unknown"));
            assertThat(a.pendingDeletions()).extracting(PendingDeletion::key).containsExactly("department:9");
            assertThat(store("corp-b").pendingDeletions()).hasSize(1);

            assertThat(a.scopeFingerprint()).isEmpty();
            a.putScopeFingerprint("subtrees 2,7 excluding 9");
            a.putScopeFingerprint("subtrees 2,7");
            assertThat(store("corp-a").scopeFingerprint()).contains("subtrees 2,7");
            assertThat(store("corp-b").scopeFingerprint()).isEmpty();
            assertThat(a.read(EntityKind.DEPARTMENT)).isEmpty();
            a.putScopeFingerprint("subtrees " + "1234567,".repeat(40));
            assertThat(a.scopeFingerprint()).hasValueSatisfying(f -> assertThat(f).startsWith("sha256:").hasSize(71));
        }

        @Test
        void emptyWritesTouchNothing() {
            JdbcSyncStateStore store = store("empty");
            store.put(EntityKind.USER, Map.of());
            store.remove(EntityKind.USER, List.of());
            assertThat(store.read(EntityKind.USER)).isEmpty();
            assertThat(store.toString()).contains(prefix + "state", "empty");
        }
}
