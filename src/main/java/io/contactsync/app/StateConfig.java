package io.contactsync.app;

import io.contactsync.admin.StatusReport;
import io.contactsync.config.ConfigCatalogue;
import io.contactsync.config.ConfigReader;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.state.JdbcStateStore;

/**
 * The configuration of commands that read and act on the state store only ({@code status}, {@code deadletters}):
 * the state store's connection, and whose request budget to show. They need no Constant Contact secret and no CRM,
 * so they read only these keys (an unknown key is still refused, a bad value still named).
 */
record StateConfig(SyncSettings.StateSettings state, StatusReport.Budget budgetOrNull) {

    static StateConfig read(ConfigSource source) {
        ConfigReader r = new ConfigReader(source);
        r.checkKeys();
        SyncSettings.StateSettings state = new SyncSettings.StateSettings(r.string(ConfigCatalogue.STATE_JDBC_URL),
                r.string(ConfigCatalogue.STATE_JDBC_USER), r.secret(ConfigCatalogue.STATE_JDBC_PASSWORD),
                r.duration(ConfigCatalogue.LEASE_TTL));
        // Not r.string: the client id is required to sync, but status shows the budget only when one is set.
        String clientId = source.get(ConfigCatalogue.CTCT_CLIENT_ID.name());
        int quota = r.integer(ConfigCatalogue.CTCT_DAILY_QUOTA);
        r.done();
        return new StateConfig(state, clientId == null || clientId.isBlank() ? null : new StatusReport.Budget(clientId, quota));
    }

    JdbcStateStore open() {
        return JdbcStateStore.open(state.url(), state.user(), state.password());
    }
}
