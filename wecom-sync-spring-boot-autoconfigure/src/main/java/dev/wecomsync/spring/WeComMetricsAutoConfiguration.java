package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.client.CallListener;
import dev.wecomsync.micrometer.WeComMetrics;
import dev.wecomsync.sync.SyncReport;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code wecom.*} meters ({@link WeComMetrics}), when Micrometer is on the classpath. Spring Boot
 * binds the {@code WeComMetrics} bean to the application's registry; its listeners reach the clients,
 * the inbox workers, the reconciler and the callback endpoint as beans.
 */
@AutoConfiguration(before = WeComSyncAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnProperty(name = "wecom.enabled", havingValue = "true", matchIfMissing = true)
public class WeComMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WeComMetrics weComMetrics(ObjectProvider<CallbackHandler> handler) {
        WeComMetrics metrics = new WeComMetrics();
        metrics.watchInbox(() -> {
            CallbackHandler h = handler.getIfAvailable();
            return h == null ? Optional.<InboxStats>empty() : h.inboxStats();
        });
        return metrics;
    }

    @Bean
    public CallListener weComMetricsCallListener(WeComMetrics metrics) {
        return metrics.callListener();
    }

    @Bean
    public InboxListener weComMetricsInboxListener(WeComMetrics metrics) {
        return metrics.inboxListener();
    }

    @Bean
    public WeComSyncObserver weComMetricsObserver(WeComMetrics metrics) {
        return new WeComSyncObserver() {
            @Override
            public void syncFinished(SyncReport report) {
                metrics.recordRun(report);
            }

            @Override
            public void syncFailed(Duration duration, RuntimeException failure) {
                metrics.recordRunFailure(duration);
            }

            @Override
            public void callbackAnswered(String method, CallbackResponse response) {
                metrics.recordAnswer(method, response);
            }
        };
    }
}
