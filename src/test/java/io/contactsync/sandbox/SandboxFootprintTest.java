package io.contactsync.sandbox;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's heap per contact, measured: contacts imported over real HTTP, the heap used after full collections
 * before and after. 1,000,000 contacts must fit a 2 GB heap with room for requests, so the budget is 1,000 bytes a
 * contact (the store before it was made compact took about 2,000; now about 800). And an export of them is a file, not heap.
 */
class SandboxFootprintTest {
    private static final int CONTACTS = 30_000;
    private static final int ROWS_PER_IMPORT = 10_000;

    @Test
    void should_hold_a_contact_in_under_1000_bytes_of_heap_when_the_account_is_large() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before;
        long after;
        try (SandboxServer server = SandboxServer.start(SandboxClient.testConfig().withActivityProcessingMillis(0))) {
            SandboxClient client = new SandboxClient(server).login();
            client.createField("tier");
            String list = client.createList("everyone");
            before = usedAfterGc(memory);
            seed(client, list);
            after = usedAfterGc(memory);
            assertThat(client.get("/contacts?limit=1&include_count=true").json().path("contacts_count").asInt())
                    .isEqualTo(CONTACTS);
        }
        long perContact = (after - before) / CONTACTS;
        System.out.printf("sandbox heap: %,d bytes for %,d contacts = %,d bytes a contact%n", after - before, CONTACTS,
                perContact);
        assertThat(perContact).isLessThan(1_000);
    }

    @Test
    void should_write_the_export_to_a_file_and_delete_it_on_reset_when_exporting(@TempDir Path dir) throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxClient.testConfig().withDataDir(dir))) {
            SandboxClient client = new SandboxClient(server).login();
            client.createField("tier");
            String list = client.createList("everyone");
            ArrayNode rows = SandboxClient.JSON.createArrayNode();
            for (int i = 0; i < 1_500; i++) {
                rows.add(row(i));
            }
            client.importRows(list, rows);
            ObjectNode body = SandboxClient.JSON.createObjectNode();
            body.putArray("fields").add("email_address").add("custom_fields");
            JsonNode done = client.awaitActivity(client.post("/activities/contact_exports", body).json()
                    .get("activity_id").asText());

            String csv = client.get(done.at("/_links/results/href").asText()).body();
            Path exports = dir.resolve("exports");
            assertThat(csv.lines()).hasSize(1_501).first().isEqualTo("email_address,cf:tier");
            assertThat(csv).contains("person1499@example.com,silver");
            try (Stream<Path> files = Files.list(exports)) {
                assertThat(files.toList()).hasSize(1).allSatisfy(f -> assertThat(Files.size(f)).isEqualTo(csv.length()));
            }
            client.control().reset().requireOk();
            try (Stream<Path> files = Files.list(exports)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    private static void seed(SandboxClient client, String list) {
        for (int from = 0; from < CONTACTS; from += ROWS_PER_IMPORT) {
            ArrayNode rows = SandboxClient.JSON.createArrayNode();
            for (int i = from; i < from + ROWS_PER_IMPORT; i++) {
                rows.add(row(i));
            }
            JsonNode done = client.importRows(list, rows);
            assertThat(done.path("state").asText()).isEqualTo("completed");
        }
    }

    /** A contact like the bench's: names, company, job title, phone, city, country, one custom field, one list. */
    private static ObjectNode row(int i) {
        return SandboxClient.JSON.createObjectNode().put("email", "person" + i + "@example.com")
                .put("first_name", "First" + (i % 500)).put("last_name", "Last" + (i % 5_000))
                .put("company_name", "Company " + (i % 2_000)).put("job_title", "Title " + (i % 50))
                .put("home_phone", "+1 555 " + (1_000_000 + i)).put("city", "City " + (i % 1_000))
                .put("country", "US").put("cf:tier", i % 2 == 0 ? "gold" : "silver");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
