package io.contactsync.constantcontact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.CtctSettings;
import org.junit.jupiter.api.Test;

class ImportBatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LISTS = List.of("8a0f6f1c-0000-4000-8000-000000000001");

    private static List<Map<String, String>> rows(int n, int padding) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("email", "person" + i + "@example.com");
            row.put("first_name", "Ünïcødé-" + "x".repeat(padding));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void should_keep_every_body_under_the_byte_limit_when_rows_add_up_to_more_than_4_mb() throws Exception {
        ImportBatcher batcher = new ImportBatcher(3_800_000, CtctSettings.CTCT_IMPORT_ROW_LIMIT);
        List<Map<String, String>> rows = rows(30_000, 200); // ~7 MB of rows, multi-byte characters included

        List<ImportBatch> batches = batcher.split(rows, LISTS);

        assertThat(batches).hasSizeGreaterThan(1);
        int total = 0;
        for (ImportBatch b : batches) {
            int actual = b.body().getBytes(StandardCharsets.UTF_8).length;
            assertThat(actual).isEqualTo(b.bytes()).isLessThanOrEqualTo(3_800_000).isLessThan(CtctSettings.CTCT_IMPORT_BYTE_LIMIT);
            JsonNode parsed = JSON.readTree(b.body());
            assertThat(parsed.get("import_data").size()).isEqualTo(b.emails().size());
            assertThat(parsed.get("list_ids").get(0).asText()).isEqualTo(LISTS.get(0));
            total += b.emails().size();
        }
        assertThat(total).isEqualTo(30_000);
        assertThat(batches.get(0).emails().get(0)).isEqualTo("person0@example.com");
    }

    @Test
    void should_fill_a_body_to_exactly_the_byte_limit_and_no_further() {
        List<Map<String, String>> rows = rows(3, 10);
        int oneBody = new ImportBatcher(1 << 20, 100).split(rows, LISTS).get(0).bytes();

        List<ImportBatch> exact = new ImportBatcher(Math.max(oneBody, ImportBatcher.MAX_ROW_BYTES + 4096), 100).split(rows, LISTS);
        assertThat(exact).hasSize(1);

        List<Map<String, String>> big = rows(3, 60_000);
        int twoRows = new ImportBatcher(1 << 20, 100).split(big.subList(0, 2), LISTS).get(0).bytes();
        List<ImportBatch> split = new ImportBatcher(twoRows, 100).split(big, LISTS);
        assertThat(split).extracting(b -> b.emails().size()).containsExactly(2, 1);
        assertThat(split.get(0).bytes()).isEqualTo(twoRows);
    }

    @Test
    void should_split_at_40000_rows_when_rows_are_small() {
        ImportBatcher batcher = new ImportBatcher(3_800_000, CtctSettings.CTCT_IMPORT_ROW_LIMIT);

        List<ImportBatch> batches = batcher.split(rows(40_001, 0), LISTS);

        assertThat(batches).extracting(b -> b.emails().size()).containsExactly(40_000, 1);
        assertThat(batcher.split(rows(40_000, 0), LISTS)).hasSize(1);
    }

    @Test
    void should_refuse_a_row_larger_than_the_row_limit() {
        ImportBatcher batcher = new ImportBatcher(3_800_000, 40_000);
        assertThatThrownBy(() -> batcher.split(rows(1, ImportBatcher.MAX_ROW_BYTES), LISTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    @Test
    void should_return_no_body_when_there_are_no_rows() {
        assertThat(new ImportBatcher(3_800_000, 40_000).split(List.of(), LISTS)).isEmpty();
    }
}
