package io.contactsync.crm.demo;

import io.contactsync.crm.CrmPosition;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.TestClock;
import io.contactsync.crm.jdbc.JdbcCrmConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCrmSeederIT {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);

    @Test
    void should_make_the_same_contacts_when_seed_and_clock_are_the_same() {
        List<DemoContact> first = IntStream.rangeClosed(1, 200).mapToObj(new DemoCrmSeeder(42, clock)::contact).toList();
        List<DemoContact> again = IntStream.rangeClosed(1, 200).mapToObj(new DemoCrmSeeder(42, clock)::contact).toList();
        List<DemoContact> other = IntStream.rangeClosed(1, 200).mapToObj(new DemoCrmSeeder(43, clock)::contact).toList();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.get(0).id()).isEqualTo("c000001");
        assertThat(first.get(199).id()).isEqualTo("c000200");
    }

    @Test
    void should_make_varied_realistic_contacts_with_unique_emails_when_generating_many() {
        DemoCrmSeeder seeder = new DemoCrmSeeder(7, clock);
        List<DemoContact> contacts = IntStream.rangeClosed(1, 5_000).mapToObj(seeder::contact).toList();

        assertThat(contacts.stream().map(DemoContact::email).collect(Collectors.toSet())).hasSize(5_000);
        assertThat(contacts).allSatisfy(c -> assertThat(c.email()).matches("[a-z._]+[0-9]+@[a-z.]+\\.example"));
        assertThat(contacts.stream().map(DemoContact::tier).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("gold", "silver", "bronze", null);
        long optedOut = contacts.stream().filter(DemoContact::emailOptOut).count();
        assertThat(optedOut).isBetween(100L, 200L);
        assertThat(contacts.stream().map(c -> c.phone().replaceAll("[0-9]", "9")).distinct().count()).isGreaterThan(5);
        assertThat(contacts.stream().map(DemoContact::lastName).distinct().count()).isGreaterThan(30);
        assertThat(contacts.stream().map(DemoContact::country).distinct().count()).isGreaterThan(8);
        assertThat(contacts).allSatisfy(c -> assertThat(c.updatedAt())
                .isBetween(NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(1)));
    }

    @Test
    void should_insert_exactly_the_generated_contacts_when_seeding_a_table() {
        String url = "jdbc:h2:file:" + dir.resolve("demo-crm").toAbsolutePath();
        DataSource ds = DemoCrm.h2(url);
        DemoCrm crm = new DemoCrm(ds, clock);
        crm.createTableIfMissing();
        DemoCrmSeeder seeder = new DemoCrmSeeder(1, clock);

        int inserted = seeder.seed(ds, 2_500);

        assertThat(inserted).isEqualTo(2_500);
        assertThat(crm.count()).isEqualTo(2_500);
        try (JdbcCrmConnector connector = new JdbcCrmConnector(DemoCrm.connectorSettings(url), clock)) {
            CrmRecord row = connector.findByIds(List.of("c001234")).get("c001234");
            DemoContact expected = seeder.contact(1234);
            assertThat(row.fields()).isEqualTo(expected.fields());
            assertThat(row.updatedAt()).isEqualTo(expected.updatedAt());
            assertThat(row.deleted()).isFalse();
            Set<String> ids = new HashSet<>();
            connector.readChanges(CrmPosition.from(Instant.EPOCH), 3_000).records().forEach(r -> ids.add(r.id()));
            assertThat(ids).hasSize(2_500);
        }
    }
}
