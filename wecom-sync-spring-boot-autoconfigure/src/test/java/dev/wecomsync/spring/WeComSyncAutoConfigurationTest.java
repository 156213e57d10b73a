package dev.wecomsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.client.TokenStore;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.jdbc.JdbcEventInbox;
import dev.wecomsync.jdbc.JdbcSyncLock;
import dev.wecomsync.jdbc.JdbcSyncStateStore;
import dev.wecomsync.jdbc.JdbcTokenStore;
import dev.wecomsync.micrometer.WeComMetrics;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.InMemorySyncStateStore;
import dev.wecomsync.sync.WeComSync;
import java.util.Collection;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition of the auto-configuration, without a server. */
class WeComSyncAutoConfigurationTest {

    static final String KEY = StarterApplicationTest.KEY;
    static final AutoConfigurations ALL = AutoConfigurations.of(WeComMetricsAutoConfiguration.class,
            WeComSyncAutoConfiguration.class, WeComCallbackEndpointAutoConfiguration.class,
            WeComActuatorAutoConfiguration.class);
    static final String[] CLIENT = {"wecom.corp-id=ww5e1f0c2d9a7b3e48", "wecom.secret=app-secret"};
    static final String[] CALLBACK = {"wecom.callback.token=CallbackToken42", "wecom.callback.encoding-aes-key=" + KEY};

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL)
            .withPropertyValues(CLIENT);

    @Configuration(proxyBeanMethods = false)
    static class WithTarget {
        @Bean
        RecordingTarget target() {
            return new RecordingTarget();
        }
    }

    @Test
    void withoutASyncTargetThereIsNoEngine() {
        runner.withPropertyValues(CALLBACK).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(WeComClient.class).hasSingleBean(CallbackCrypto.class)
                    .doesNotHaveBean(WeComSync.class).doesNotHaveBean(WeComReconciler.class)
                    .doesNotHaveBean(CallbackHandler.class);
        });
    }

    @Test
    void aSyncTargetBeanGetsTheEngineTheReconcileAndTheHandler() {
        runner.withUserConfiguration(WithTarget.class).withPropertyValues(CALLBACK).run(ctx -> {
            assertThat(ctx).hasSingleBean(WeComSync.class).hasSingleBean(WeComReconciler.class)
                    .hasSingleBean(CallbackHandler.class).hasSingleBean(EventInbox.class)
                    .doesNotHaveBean(SyncLock.class);
            assertThat(ctx.getBean(CallbackHandler.class).inboxStats()).isPresent();
        });
    }

    @Test
    void theCallbackIsOffWithoutATokenOrKey() {
        runner.withUserConfiguration(WithTarget.class).run(ctx -> assertThat(ctx).hasSingleBean(WeComSync.class)
                .doesNotHaveBean(CallbackCrypto.class).doesNotHaveBean(CallbackHandler.class)
                .doesNotHaveBean(EventInbox.class));
    }

    @Test
    void theCallbackIsOffWhenDisabledEvenWithATokenAndKey() {
        runner.withUserConfiguration(WithTarget.class).withPropertyValues(CALLBACK)
                .withPropertyValues("wecom.callback.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(CallbackHandler.class).doesNotHaveBean(CallbackCrypto.class));
    }

    @Test
    void aTokenWithoutAKeyFailsNamingTheKey() {
        runner.withUserConfiguration(WithTarget.class).withPropertyValues("wecom.callback.token=CallbackToken42")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().isInstanceOf(WeComPropertyException.class)
                        .hasMessageContaining("wecom.callback.encoding-aes-key is not set"));
    }

    @Test
    void aContactSyncSecretAddsItsClient() {
        runner.withPropertyValues("wecom.contact-sync-secret=contact-secret").run(ctx -> {
            assertThat(ctx.getBeansOfType(WeComClient.class)).containsOnlyKeys("weComClient", "weComContactSyncClient");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final WeComClient CLIENT = WeComClient.builder().corpId("ww5e1f0c2d9a7b3e48").secret("own").build();
        static final EventInbox INBOX = EventInbox.inMemory(5);

        @Bean
        WeComClient weComClient() {
            return CLIENT;
        }

        @Bean
        EventInbox ownInbox() {
            return INBOX;
        }

        @Bean
        WeComSync ownSync() {
            return WeComSync.builder().client(CLIENT).target(new RecordingTarget()).build();
        }
    }

    @Test
    void userSuppliedBeansWin() {
        runner.withUserConfiguration(WithTarget.class, OwnBeans.class).withPropertyValues(CALLBACK).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(WeComClient.class)).isSameAs(OwnBeans.CLIENT);
            assertThat(ctx.getBean(EventInbox.class)).isSameAs(OwnBeans.INBOX);
            assertThat(ctx.getBean(WeComSync.class)).isSameAs(ctx.getBean("ownSync"));
            assertThat(ctx.getBean(WeComReconciler.class).sync()).isSameAs(ctx.getBean("ownSync"));
        });
    }

    @Test
    void wecomEnabledFalseTurnsEverythingOff() {
        runner.withUserConfiguration(WithTarget.class).withPropertyValues(CALLBACK).withPropertyValues("wecom.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WeComClient.class)
                        .doesNotHaveBean(WeComSync.class).doesNotHaveBean(WeComMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean
        DataSource dataSource() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:starter" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            return ds;
        }
    }

    @Test
    void storeJdbcPutsEverythingInTheDataSource() {
        runner.withUserConfiguration(WithTarget.class, H2.class).withPropertyValues(CALLBACK)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
                    assertThat(ctx.getBean(EventInbox.class)).isInstanceOf(JdbcEventInbox.class);
                    assertThat(ctx.getBean(SyncLock.class)).isInstanceOf(JdbcSyncLock.class);
                    assertThat(ctx.getBean(SyncStateStore.class)).isInstanceOf(JdbcSyncStateStore.class);
                    assertThat(ctx.getBean(CallbackHandler.class).inboxStats()).get()
                            .satisfies(s -> assertThat(s.depth()).isZero());
                });
    }

    @Test
    void storeJdbcWithoutADataSourceFailsSayingSo() {
        runner.withUserConfiguration(WithTarget.class).withPropertyValues("wecom.store=jdbc")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("wecom.store=jdbc needs one DataSource"));
    }

    @Test
    void theEndpointIsServedOnlyInAServletApplicationWithAHandler() {
        new WebApplicationContextRunner().withConfiguration(ALL).withPropertyValues(CLIENT).withPropertyValues(CALLBACK)
                .withPropertyValues("wecom.callback.path=/hooks/wecom").withUserConfiguration(WithTarget.class)
                .run(ctx -> {
                    ServletRegistrationBean<?> servlet = ctx.getBean("weComCallbackServlet", ServletRegistrationBean.class);
                    assertThat(servlet.getUrlMappings()).containsExactly("/hooks/wecom");
                });
        runner.withUserConfiguration(WithTarget.class).withPropertyValues(CALLBACK)
                .run(ctx -> assertThat(ctx).doesNotHaveBean("weComCallbackServlet"));
        new WebApplicationContextRunner().withConfiguration(ALL).withPropertyValues(CLIENT)
                .withUserConfiguration(WithTarget.class)
                .run(ctx -> assertThat(ctx).doesNotHaveBean("weComCallbackServlet"));
    }

    @Test
    void metricsOnlyWithMicrometer() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(WeComMetrics.class));
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WeComMetrics.class));
    }

    @Test
    void healthAndEndpointOnlyWithActuator() {
        runner.withUserConfiguration(WithTarget.class).run(ctx -> assertThat(ctx).hasBean("wecomSyncHealthIndicator")
                .hasSingleBean(WeComSyncEndpoint.class).doesNotHaveBean(WritableWeComSyncEndpoint.class));
        runner.withPropertyValues("management.health.wecomsync.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("wecomSyncHealthIndicator"));
        runner.withPropertyValues("wecom.endpoint.write-enabled=true")
                .run(ctx -> assertThat(ctx).hasSingleBean(WritableWeComSyncEndpoint.class));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WeComSyncEndpoint.class)
                        .doesNotHaveBean("wecomSyncHealthIndicator"));
    }

    @Test
    void propertiesNeverShowASecret() {
        runner.withPropertyValues(CALLBACK).run(ctx -> assertThat(ctx.getBean(WeComProperties.class).toString())
                .doesNotContain("app-secret").doesNotContain("CallbackToken42").doesNotContain(KEY)
                .contains("secret=<set>"));
    }

    /** A target that keeps its own sync state, as a database target does next to its data. */
    static class StatefulTarget extends RecordingTarget implements SyncStateStore {
        final InMemorySyncStateStore state = new InMemorySyncStateStore();

        @Override
        public Map<String, Fingerprint> read(EntityKind kind) {
            return state.read(kind);
        }

        @Override
        public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
            state.put(kind, fingerprints);
        }

        @Override
        public void remove(EntityKind kind, Collection<String> ids) {
            state.remove(kind, ids);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithStatefulTarget {
        @Bean
        StatefulTarget target() {
            return new StatefulTarget();
        }
    }

    @Test
    void aTargetThatIsAStateStoreKeepsTheStateEvenUnderJdbc() {
        runner.withUserConfiguration(WithStatefulTarget.class, H2.class)
                .withPropertyValues("wecom.store=jdbc", "wecom.jdbc.create-tables=true").run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(WeComSync.class);
                    assertThat(ctx.getBeansOfType(SyncStateStore.class)).containsOnlyKeys("target");
                    assertThat(ctx.getBean(SyncLock.class)).isInstanceOf(JdbcSyncLock.class);
                });
    }
}
