package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.jdbc.JdbcRateLimiter;
import dev.wecomsync.jdbc.JdbcSyncHistory;
import dev.wecomsync.jdbc.JdbcSyncLock;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncInProgressException;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Under {@code wecom.store=jdbc} the instances of an application share the clients' rate limit and
 * the full-sync lock through its DataSource; {@code wecom.rate-limit.*} sets the limits.
 */
class ClusterAutoConfigurationTest {

    final WeComSimulator simulator = WeComSimulator.builder().org(Org.generate(10, 3, 5)).build();
    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WeComSyncAutoConfigurationTest.ALL)
            .withUserConfiguration(WeComSyncAutoConfigurationTest.WithTarget.class)
            .withPropertyValues("wecom.corp-id=" + simulator.corpId(), "wecom.secret=app-secret",
                    "wecom.base-url=" + simulator.baseUrl());

    ClusterAutoConfigurationTest() {
        simulator.addAppSecret("app-secret");
        simulator.addContactSyncSecret("contact-secret");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void underStoreJdbcBothClientsTakeTheirCallsFromTheSharedLimitInTheDataSource() {
        runner.withUserConfiguration(WeComSyncAutoConfigurationTest.H2.class)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true",
                        "wecom.contact-sync-secret=contact-secret",
                        "wecom.rate-limit.per-minute=900", "wecom.rate-limit.per-hour=20000")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(RateLimiter.class);
                    assertThat(ctx.getBean(RateLimiter.class)).isInstanceOf(JdbcRateLimiter.class)
                            .hasToString("JdbcRateLimiter[corpId=" + simulator.corpId()
                                    + ", table=wecom_sync_rate, limits=Limits[perMinute=900, perHour=20000]]");

                    ctx.getBean("weComClient", WeComClient.class).departments().list();
                    ctx.getBean("weComContactSyncClient", WeComClient.class).departments().simpleList();

                    assertThat(bucketRows(ctx.getBean(DataSource.class))).as("rows of the shared buckets")
                            .isGreaterThanOrEqualTo(2);
                });
    }

    @Test
    void sharedFalseKeepsTheLimitPerInstance() {
        runner.withUserConfiguration(WeComSyncAutoConfigurationTest.H2.class)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true", "wecom.rate-limit.shared=false")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(RateLimiter.class);
                    ctx.getBean("weComClient", WeComClient.class).departments().list();
                    assertThat(bucketRows(ctx.getBean(DataSource.class))).isZero();
                });
    }

    @Test
    void theMemoryStoreHasNoSharedLimit() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(RateLimiter.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingLimiter {
        static final List<String> ACQUIRED = new CopyOnWriteArrayList<>();

        @Bean
        RateLimiter ownLimiter() {
            return ACQUIRED::add;
        }
    }

    @Test
    void anApplicationsOwnRateLimiterIsWhatTheClientsWaitFor() {
        CountingLimiter.ACQUIRED.clear();
        runner.withUserConfiguration(CountingLimiter.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ctx.getBean("weComClient", WeComClient.class).departments().list();
            assertThat(CountingLimiter.ACQUIRED).contains("gettoken", "department/list");
        });
    }

    @Test
    void limitsThatDoNotFitFailNamingTheProperty() {
        runner.withPropertyValues("wecom.rate-limit.per-minute=900", "wecom.rate-limit.per-hour=800")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().isInstanceOf(WeComPropertyException.class)
                        .hasMessageContaining("wecom.rate-limit.per-hour must be at least wecom.rate-limit.per-minute"));
        runner.withPropertyValues("wecom.rate-limit.per-minute=0")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("wecom.rate-limit.per-minute"));
    }

    @Test
    void underStoreJdbcEachFullSyncIsRecordedInTheRunHistory() {
        runner.withUserConfiguration(WeComSyncAutoConfigurationTest.H2.class)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(SyncHistory.class);
                    SyncReport report = ctx.getBean(WeComSync.class).fullSync();

                    SyncHistory history = ctx.getBean(SyncHistory.class);
                    assertThat(history).isInstanceOf(JdbcSyncHistory.class);
                    assertThat(history.run(report.runId())).hasValueSatisfying(run -> {
                        assertThat(run.outcome()).isEqualTo(SyncHistory.Outcome.of(report));
                        assertThat(run.users().created()).isEqualTo(report.users().created()).isPositive();
                    });
                    assertThat(history.changes(report.runId())).hasSize(report.changes().size());
                });
    }

    @Test
    void underStoreJdbcTheEngineRunsUnderTheSharedLock() {
        runner.withUserConfiguration(WeComSyncAutoConfigurationTest.H2.class)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    try (JdbcSyncLock otherInstance = JdbcSyncLock.builder().dataSource(ctx.getBean(DataSource.class))
                            .build()) {
                        assertThat(otherInstance.tryLock()).isTrue();
                        assertThatThrownBy(ctx.getBean(WeComSync.class)::fullSync)
                                .isInstanceOf(SyncInProgressException.class);
                    }
                    assertThat(ctx.getBean(WeComSync.class).fullSync().users().created()).isEqualTo(10);
                });
    }

    static int bucketRows(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM wecom_sync_rate")) {
            r.next();
            return r.getInt(1);
        }
    }
}
