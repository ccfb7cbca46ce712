package io.contactsync.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.contactsync.crm.CrmConnector;
import io.contactsync.crm.CrmPosition;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the CRM connection is valid (its clock answers) and the contact table is readable (the change query,
 * positioned a century ahead, so it reads no row).
 */
final class CrmCheck extends AbstractHealthCheck {

    private final CrmConnector crm;

    CrmCheck(CrmConnector crm) {
        super(HealthChecks.GROUP, "crm");
        this.crm = crm;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            Instant now = crm.now();
            crm.readChanges(CrmPosition.from(now.plus(Duration.ofDays(36_500))), 1);
            builder.up();
        } catch (RuntimeException e) {
            builder.down().message("CRM: " + e.getMessage());
        }
    }
}
