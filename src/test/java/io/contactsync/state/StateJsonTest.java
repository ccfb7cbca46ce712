package io.contactsync.state;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateJsonTest {

    @Test
    void should_write_identical_text_when_maps_differ_only_in_order() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("zip", "1");
        one.put("cf:tier", "gold");
        one.put("email", "a@x.org");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("email", "a@x.org");
        other.put("zip", "1");
        other.put("cf:tier", "gold");

        assertThat(StateJson.write(one)).isEqualTo(StateJson.write(other))
                .isEqualTo("{\"cf:tier\":\"gold\",\"email\":\"a@x.org\",\"zip\":\"1\"}");
    }

    @Test
    void should_read_back_counts_as_longs_when_written() {
        String json = StateJson.write(Map.of("read", 3_000_000_000L, "parked", 1L));

        assertThat(StateJson.readCounts(json)).isEqualTo(Map.of("read", 3_000_000_000L, "parked", 1L));
    }

    @Test
    void should_read_no_map_when_text_is_blank() {
        assertThat(StateJson.readFields(" ")).isNull();
    }
}
