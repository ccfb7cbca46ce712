package io.contactsync.observe;

import java.util.Map;

import io.contactsync.state.ObserveReads;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the state store answers a statement on one of its tables (with a 2 s timeout). */
final class StateStoreCheck extends AbstractHealthCheck {

    private final ObserveReads reads;

    StateStoreCheck(ObserveReads reads) {
        super(HealthChecks.GROUP, "state-store");
        this.reads = reads;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            reads.ping();
            builder.up();
        } catch (RuntimeException e) {
            builder.down().message("state store: " + e.getMessage());
        }
    }
}
