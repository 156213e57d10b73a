package dev.wecomsync.spring.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@link SyncHealth} through Spring Boot 4's health API ({@code org.springframework.boot.health.contributor}). */
public final class Boot4HealthIndicator implements HealthIndicator {

    private final SyncHealth health;

    public Boot4HealthIndicator(SyncHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        SyncHealth.Snapshot s = health.check();
        return (s.up() ? Health.up() : Health.down()).withDetails(s.details()).build();
    }
}
