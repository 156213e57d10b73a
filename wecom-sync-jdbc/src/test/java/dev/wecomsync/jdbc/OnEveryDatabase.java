package dev.wecomsync.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs every test of the annotated class once per {@linkplain Databases#configured() configured
 * database}, named after it: {@code [H2]}, {@code [PostgreSQL]}, {@code [MariaDB]} (Surefire's
 * reports number them instead, in that order: {@code putAndGet()[2]} ran on PostgreSQL when all
 * three are configured).
 *
 * <h2>Which databases</h2>
 * H2 always. PostgreSQL and MariaDB when {@value Databases#POSTGRES_URL} and
 * {@value Databases#MARIADB_URL} are set; without them their runs are absent (never failed), so
 * the tests pass on a machine without those databases. {@code .ci/run} exports both, and where
 * {@code CI} is set a missing variable fails the class instead of leaving a database out.
 *
 * <h2>How a test class uses it</h2>
 * One annotation and a constructor that takes the database; {@link DatabaseTest} then gives each
 * test its own tables ({@code dataSource}, {@code dialect}, {@code prefix}):
 * <pre>{@code
 * @OnEveryDatabase
 * class JdbcFooStoreTest extends DatabaseTest {
 *
 *     JdbcFooStoreTest(Databases database) {
 *         super(database);
 *     }
 *
 *     @Test
 *     void storesAFoo() { ... dataSource ... prefix ... }
 * }
 * }</pre>
 * A class whose other tests need no database keeps those at the top level and puts the database
 * ones in a {@code @Nested @OnEveryDatabase class Shared extends DatabaseTest} (any name but
 * {@code OnEveryDatabase}, which would hide the annotation) with the same constructor. A class that
 * does not extend {@code DatabaseTest} takes the same constructor parameter and calls
 * {@link Databases#dataSource()}; one that adds variants of its own (a store in memory as well)
 * uses {@code @ParameterizedClass} with a {@code @MethodSource} built on
 * {@link Databases#configured()}, as {@code DeletionScenariosTest} does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "[{argumentSetName}]")
@ArgumentsSource(OnEveryDatabase.ConfiguredDatabases.class)
@interface OnEveryDatabase {

    /** The configured databases, each an argument set named after the database. */
    final class ConfiguredDatabases implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            return Databases.configured().stream().map(d -> Arguments.argumentSet(d.displayName(), d));
        }
    }
}
