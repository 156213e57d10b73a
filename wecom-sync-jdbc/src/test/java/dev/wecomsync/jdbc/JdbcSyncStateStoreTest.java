package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.sync.EntityKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

class JdbcSyncStateStoreTest {

    @Nested
    class OnH2 extends Cases {
        OnH2() {
            super(Databases.H2);
        }
    }

    @Nested
    @EnabledIfEnvironmentVariable(named = Databases.POSTGRES_URL, matches = ".+")
    class OnPostgreSQL extends Cases {
        OnPostgreSQL() {
            super(Databases.POSTGRESQL);
        }
    }

    @Nested
    @EnabledIfEnvironmentVariable(named = Databases.MARIADB_URL, matches = ".+")
    class OnMariaDB extends Cases {
        OnMariaDB() {
            super(Databases.MARIADB);
        }
    }

    abstract static class Cases extends DatabaseTest {
        Cases(Databases database) {
            super(database);
        }

        JdbcSyncStateStore store(String scope) {
            return JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix).scope(scope).build();
        }

        @Test
        void putReadGetAndRemove() {
            JdbcSyncStateStore store = store("corp-a");
            assertThat(store.read(EntityKind.USER)).isEmpty();

            store.put(EntityKind.USER, Map.of("zhangsan", "fp1", "ZhangSan", "fp2", "李四", "fp3"));
            store.put(EntityKind.DEPARTMENT, Map.of("1", "d1", "2", "d2"));
            store.put(EntityKind.USER, Map.of("zhangsan", "fp1b"));

            assertThat(store.read(EntityKind.USER))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("zhangsan", "fp1b", "ZhangSan", "fp2", "李四", "fp3"));
            assertThat(store.read(EntityKind.DEPARTMENT)).containsExactlyInAnyOrderEntriesOf(Map.of("1", "d1", "2", "d2"));
            assertThat(store.get(EntityKind.USER, "ZhangSan")).contains("fp2");
            assertThat(store.get(EntityKind.USER, "1")).isEmpty();

            store.remove(EntityKind.USER, List.of("zhangsan", "unknown"));
            assertThat(store.read(EntityKind.USER)).containsOnlyKeys("ZhangSan", "李四");
            assertThat(store.read(EntityKind.DEPARTMENT)).hasSize(2);
        }

        @Test
        void scopesAreKeptApartAndSharedByInstances() {
            store("corp-a").put(EntityKind.USER, Map.of("u1", "a"));
            store("corp-b").put(EntityKind.USER, Map.of("u1", "b"));

            assertThat(store("corp-a").read(EntityKind.USER)).isEqualTo(Map.of("u1", "a"));
            assertThat(store("corp-b").get(EntityKind.USER, "u1")).contains("b");
            store("corp-b").remove(EntityKind.USER, List.of("u1"));
            assertThat(store("corp-a").read(EntityKind.USER)).isEqualTo(Map.of("u1", "a"));
        }

        @Test
        void largeWritesGoInBatches() {
            JdbcSyncStateStore store = store("big");
            Map<String, String> many = IntStream.range(0, 1_234).boxed()
                    .collect(Collectors.toMap(i -> "user" + i, i -> "fp" + i));

            store.put(EntityKind.USER, many);
            assertThat(store.read(EntityKind.USER)).isEqualTo(many);

            store.remove(EntityKind.USER, many.keySet().stream().filter(id -> !id.endsWith("7")).toList());
            Map<String, String> left = new HashMap<>(many);
            left.keySet().removeIf(id -> !id.endsWith("7"));
            assertThat(store.read(EntityKind.USER)).isEqualTo(left);
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
}
