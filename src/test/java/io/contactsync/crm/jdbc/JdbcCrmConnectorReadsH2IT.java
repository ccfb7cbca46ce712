package io.contactsync.crm.jdbc;

import java.nio.file.Path;
import java.time.Instant;

import io.contactsync.crm.demo.DemoCrm;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcCrmConnectorReadsH2IT extends JdbcCrmConnectorReadsContract {
    @Override
    TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }

    @Test
    void should_return_the_true_instant_when_the_h2_session_time_zone_is_far_from_utc() {
        // H2 gives CURRENT_TIMESTAMP in the session's time zone (+14:00 here): now() must still be the UTC instant
        JdbcConnectionPool kiritimati = JdbcConnectionPool.create("jdbc:h2:mem:tz;TIME ZONE=Pacific/Kiritimati", "sa", "");
        try {
            new DemoCrm(kiritimati, clock).createTableIfMissing();
            JdbcCrmConnector connector = new JdbcCrmConnector(kiritimati, settings(), clock);
            Instant before = Instant.now().minusSeconds(2);

            assertThat(connector.now()).isBetween(before, Instant.now().plusSeconds(2));
        } finally {
            kiritimati.dispose();
        }
    }
}
