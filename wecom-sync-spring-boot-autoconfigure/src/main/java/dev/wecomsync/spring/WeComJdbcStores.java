package dev.wecomsync.spring;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.client.TokenStore;
import dev.wecomsync.jdbc.JdbcEventInbox;
import dev.wecomsync.jdbc.JdbcRateLimiter;
import dev.wecomsync.jdbc.JdbcStoreBuilder;
import dev.wecomsync.jdbc.JdbcSyncHistory;
import dev.wecomsync.jdbc.JdbcSyncLock;
import dev.wecomsync.jdbc.JdbcSyncStateStore;
import dev.wecomsync.jdbc.JdbcTokenStore;
import dev.wecomsync.spring.internal.CallbackCondition;
import dev.wecomsync.spring.internal.PropertiesCheck;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncStateStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Under {@code wecom.store=jdbc}: tokens, the event inbox, the full-sync lock, the sync state, the run
 * history and
 * (unless {@code wecom.rate-limit.shared=false}) the clients' rate limit in the application's
 * {@link DataSource}, shared by every instance; tables created at startup when
 * {@code wecom.jdbc.create-tables=true}. A {@link dev.wecomsync.sync.SyncTarget} that is itself a
 * {@link SyncStateStore} keeps the state instead.
 *
 * @see dev.wecomsync.sync.SyncTarget
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.wecomsync.jdbc.JdbcEventInbox")
@ConditionalOnProperty(name = "wecom.store", havingValue = "jdbc")
public class WeComJdbcStores {

    @Bean
    @ConditionalOnMissingBean
    public TokenStore weComTokenStore(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        return configure(JdbcTokenStore.builder(), properties, dataSource).build();
    }

    @Bean
    @Conditional(CallbackCondition.class)
    @ConditionalOnMissingBean
    public EventInbox weComEventInbox(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        return configure(JdbcEventInbox.builder(), properties, dataSource).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SyncLock weComSyncLock(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        return configure(JdbcSyncLock.builder(), properties, dataSource).build();
    }

    /** The calls per minute and hour of the whole cluster, per API: {@code wecom.rate-limit.*}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "wecom.rate-limit.shared", havingValue = "true", matchIfMissing = true)
    public RateLimiter weComRateLimiter(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        PropertiesCheck.client(properties);
        RateLimiter.Limits limits = PropertiesCheck.rateLimits(properties);
        return configure(JdbcRateLimiter.builder(), properties, dataSource).corpId(properties.getCorpId().trim())
                .limits(limits).expectedInstances(properties.getRateLimit().getExpectedInstances()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public SyncStateStore weComSyncStateStore(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        return configure(JdbcSyncStateStore.builder(), properties, dataSource).build();
    }

    /** Each full sync's report and changes, for {@code wecom-sync history} and your own pages. */
    @Bean
    @ConditionalOnMissingBean
    public SyncHistory weComSyncHistory(WeComProperties properties, ObjectProvider<DataSource> dataSource) {
        return configure(JdbcSyncHistory.builder(), properties, dataSource).build();
    }

    private static <B extends JdbcStoreBuilder<B>> B configure(B builder, WeComProperties properties,
            ObjectProvider<DataSource> dataSource) {
        DataSource db = dataSource.getIfUnique();
        if (db == null) {
            throw new WeComPropertyException("wecom.store", "wecom.store=jdbc needs one DataSource bean"
                    + " (spring.datasource.url, or a DataSource of your own); none or several were found."
                    + " Set wecom.store=memory for a single instance without a database.");
        }
        return builder.dataSource(db).tablePrefix(properties.getJdbc().getTablePrefix())
                .createTables(properties.getJdbc().isCreateTables());
    }
}
