package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.spring.internal.Boot3HealthIndicator;
import dev.wecomsync.spring.internal.Boot4HealthIndicator;
import dev.wecomsync.spring.internal.SyncHealth;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator: the health contributor {@code wecomSync} (on Boot 3's
 * {@code org.springframework.boot.actuate.health} or Boot 4's
 * {@code org.springframework.boot.health.contributor} API, whichever the application has; off with
 * {@code management.health.wecomsync.enabled=false}) and the endpoint {@code wecomsync}.
 */
@AutoConfiguration(after = WeComSyncAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnProperty(name = "wecom.enabled", havingValue = "true", matchIfMissing = true)
public class WeComActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WeComSyncEndpoint.class)
    @ConditionalOnProperty(name = "wecom.endpoint.write-enabled", havingValue = "true")
    public WritableWeComSyncEndpoint weComSyncWritableEndpoint(ObjectProvider<WeComReconciler> reconciler,
            ObjectProvider<CallbackHandler> handler) {
        return new WritableWeComSyncEndpoint(Optional.ofNullable(reconciler.getIfAvailable()),
                Optional.ofNullable(handler.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean(WeComSyncEndpoint.class)
    @ConditionalOnProperty(name = "wecom.endpoint.write-enabled", havingValue = "false", matchIfMissing = true)
    public WeComSyncEndpoint weComSyncEndpoint(ObjectProvider<WeComReconciler> reconciler,
            ObjectProvider<CallbackHandler> handler) {
        return new WeComSyncEndpoint(Optional.ofNullable(reconciler.getIfAvailable()),
                Optional.ofNullable(handler.getIfAvailable()));
    }

    static SyncHealth health(WeComProperties properties, ObjectProvider<WeComReconciler> reconciler,
            ObjectProvider<CallbackHandler> handler) {
        return new SyncHealth(Optional.ofNullable(reconciler.getIfAvailable()),
                Optional.ofNullable(handler.getIfAvailable()), properties.getSync().getFailuresUntilDown(),
                Clock.systemUTC());
    }

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.wecomsync.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "wecomSyncHealthIndicator")
        Boot4HealthIndicator wecomSyncHealthIndicator(WeComProperties properties,
                ObjectProvider<WeComReconciler> reconciler, ObjectProvider<CallbackHandler> handler) {
            return new Boot4HealthIndicator(health(properties, reconciler, handler));
        }
    }

    /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.wecomsync.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "wecomSyncHealthIndicator")
        Boot3HealthIndicator wecomSyncHealthIndicator(WeComProperties properties,
                ObjectProvider<WeComReconciler> reconciler, ObjectProvider<CallbackHandler> handler) {
            return new Boot3HealthIndicator(health(properties, reconciler, handler));
        }
    }
}
