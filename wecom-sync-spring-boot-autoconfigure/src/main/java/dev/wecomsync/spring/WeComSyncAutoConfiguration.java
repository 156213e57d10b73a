package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.ContactEventListener;
import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.client.CallListener;
import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.TokenStore;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.spring.internal.CallbackCondition;
import dev.wecomsync.spring.internal.Listeners;
import dev.wecomsync.spring.internal.PropertiesCheck;
import dev.wecomsync.sync.DeletionGuard;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * WeCom sync in a Spring Boot application: the clients, the callback crypto and handler with an
 * inbox, the engine (when the application has a {@link SyncTarget} bean) and its scheduled
 * reconcile. Both clients wait for the application's {@link RateLimiter} bean (under
 * {@code wecom.store=jdbc}: one shared by the instances), else each for a limiter of its own of
 * {@code wecom.rate-limit.per-minute} and {@code per-hour}. Every bean backs off when the application defines its own (by type, or for the two
 * clients by name: {@code weComClient}, {@code weComContactSyncClient}). Turn it all off with
 * {@code wecom.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnProperty(name = "wecom.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(WeComProperties.class)
@Import(WeComJdbcStores.class)
public class WeComSyncAutoConfiguration {

    /** The app secret's client. */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "weComClient")
    public WeComClient weComClient(WeComProperties properties, ObjectProvider<TokenStore> tokenStore,
            ObjectProvider<CallListener> callListeners, ObjectProvider<RateLimiter> rateLimiter) {
        PropertiesCheck.client(properties);
        return client(properties, properties.getSecret(), tokenStore, callListeners, rateLimiter);
    }

    /** The Contacts Sync secret's client, when {@code wecom.contact-sync-secret} is set. */
    @Bean
    @ConditionalOnProperty("wecom.contact-sync-secret")
    @ConditionalOnMissingBean(name = "weComContactSyncClient")
    public WeComClient weComContactSyncClient(WeComProperties properties, ObjectProvider<TokenStore> tokenStore,
            ObjectProvider<CallListener> callListeners, ObjectProvider<RateLimiter> rateLimiter) {
        PropertiesCheck.client(properties);
        return client(properties, properties.getContactSyncSecret(), tokenStore, callListeners, rateLimiter);
    }

    private static WeComClient client(WeComProperties p, String secret, ObjectProvider<TokenStore> tokenStore,
            ObjectProvider<CallListener> callListeners, ObjectProvider<RateLimiter> rateLimiter) {
        RateLimiter.Limits limits = PropertiesCheck.rateLimits(p);
        WeComClient.Builder builder = WeComClient.builder().corpId(p.getCorpId()).secret(secret)
                .baseUrl(p.getBaseUrl()).callListener(Listeners.calls(callListeners.orderedStream().toList()))
                .rateLimiter(rateLimiter.getIfUnique(() -> RateLimiter.inProcess(limits)));
        tokenStore.ifAvailable(builder::tokenStore);
        return builder.build();
    }

    /** The callback's signatures and AES, from the token and EncodingAESKey. */
    @Bean
    @Conditional(CallbackCondition.class)
    @ConditionalOnMissingBean
    public CallbackCrypto weComCallbackCrypto(WeComProperties properties) {
        PropertiesCheck.client(properties);
        PropertiesCheck.callback(properties);
        return CallbackCrypto.of(properties.getCallback().getToken(), properties.getCallback().getEncodingAesKey(),
                properties.getCorpId().trim());
    }

    /** Events wait here between the answer to WeCom and the engine (in memory unless {@code wecom.store=jdbc}). */
    @Bean
    @Conditional(CallbackCondition.class)
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "wecom.store", havingValue = "memory", matchIfMissing = true)
    public EventInbox weComEventInbox() {
        return EventInbox.inMemory();
    }

    /** The engine, when the application has a {@link SyncTarget} bean. */
    @Bean
    @ConditionalOnBean(SyncTarget.class)
    @ConditionalOnMissingBean
    public WeComSync weComSync(WeComProperties properties, SyncTarget target,
            @Qualifier("weComClient") WeComClient client,
            @Qualifier("weComContactSyncClient") ObjectProvider<WeComClient> contactSyncClient,
            ObjectProvider<SyncStateStore> stateStore, ObjectProvider<SyncLock> lock,
            ObjectProvider<SyncHistory> history) {
        PropertiesCheck.sync(properties);
        WeComProperties.Sync s = properties.getSync();
        WeComSync.Builder builder = WeComSync.builder().client(client).target(target).batchSize(s.getBatchSize())
                .deletionGuard(s.getDeletionGuard() >= 1 ? DeletionGuard.ALLOW_ALL
                        : DeletionGuard.maxFraction(s.getDeletionGuard()));
        contactSyncClient.ifAvailable(builder::contactSyncClient);
        stateStore.ifUnique(builder::stateStore);
        lock.ifUnique(builder::lock);
        history.ifUnique(builder::history);
        return builder.build();
    }

    /** The scheduled full sync. */
    @Bean
    @ConditionalOnBean(WeComSync.class)
    @ConditionalOnMissingBean
    public WeComReconciler weComReconciler(WeComProperties properties, WeComSync sync,
            ObjectProvider<WeComSyncObserver> observers) {
        PropertiesCheck.sync(properties);
        return new WeComReconciler(sync, properties.getSync().getInitialDelay(),
                properties.getSync().getReconcileEvery(), observers.orderedStream().toList(), Clock.systemUTC());
    }

    /**
     * The callback handler: stores each event in the inbox, answers WeCom at once, and applies it with
     * the application's {@link ContactEventListener} bean if it has one, else {@code sync::apply}.
     */
    @Bean(destroyMethod = "close")
    @Conditional(CallbackCondition.class)
    @ConditionalOnBean({CallbackCrypto.class, WeComSync.class})
    @ConditionalOnMissingBean
    public CallbackHandler weComCallbackHandler(WeComProperties properties, CallbackCrypto crypto,
            WeComSync sync, EventInbox inbox, ObjectProvider<ContactEventListener> listener,
            ObjectProvider<InboxListener> inboxListeners) {
        ContactEventListener onEvent = listener.getIfUnique(() -> sync::apply);
        return CallbackHandler.builder().crypto(crypto).inbox(inbox).onEvent(onEvent)
                .maxBodyBytes(properties.getCallback().getMaxBodyBytes())
                .workers(properties.getCallback().getWorkers())
                .inboxListener(Listeners.inbox(inboxListeners.orderedStream().toList()))
                .build();
    }
}
