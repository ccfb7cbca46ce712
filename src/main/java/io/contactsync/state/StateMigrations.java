package io.contactsync.state;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** Brings the state schema up to date with the versioned scripts in {@code db/state}. */
final class StateMigrations {

    /** One portable script set serves H2 2.x and PostgreSQL 15 (see V1 for the type choices). */
    static final String LOCATION = "classpath:db/state";
    /** Own history table, so the state store can share a database with other Flyway users. */
    static final String HISTORY_TABLE = "state_schema_history";

    private StateMigrations() {
    }

    /** Applies pending migrations; a no-op when the schema is current. Safe to run from several nodes at once. */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                // A PostgreSQL database may already hold other tables (e.g. Quartz's cluster store); without this
                // Flyway refuses a non-empty schema that has no history table yet. Baseline 0 still applies V1.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
