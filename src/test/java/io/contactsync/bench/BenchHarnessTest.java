package io.contactsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchHarnessTest {

    @Test
    void should_take_the_largest_import_among_the_phase_own_imports_only() throws Exception {
        // The seeding's 10,000-row import comes first; the engine's two imports follow it.
        JsonNode recent = new ObjectMapper().readTree("[[10000, 900000], [466, 105019], [93, 6320]]");

        assertThat(BenchHarness.recentMax(recent, 2, 0)).isEqualTo(466);
        assertThat(BenchHarness.recentMax(recent, 2, 1)).isEqualTo(105_019);
        assertThat(BenchHarness.recentMax(recent, 3, 0)).isEqualTo(10_000);
        assertThat(BenchHarness.recentMax(recent, 0, 0)).isEqualTo(-1);
    }
}
