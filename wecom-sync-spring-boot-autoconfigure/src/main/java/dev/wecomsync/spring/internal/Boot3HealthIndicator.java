package dev.wecomsync.spring.internal;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link SyncHealth} through Spring Boot 3's health API. */
public final class Boot3HealthIndicator implements HealthIndicator {

    private final SyncHealth health;

    public Boot3HealthIndicator(SyncHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        SyncHealth.Snapshot s = health.check();
        return (s.up() ? Health.up() : Health.down()).withDetails(s.details()).build();
    }
}
