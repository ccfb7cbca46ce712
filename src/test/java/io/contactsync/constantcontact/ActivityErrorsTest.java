package io.contactsync.constantcontact;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityErrorsTest {

    private static final List<String> EMAILS = List.of("ann@example.com", "bob@example.com", "cy@example.com");

    @Test
    void should_tie_an_error_to_the_row_whose_email_it_names_whatever_the_case() {
        var a = ActivityErrors.attribute(List.of("Invalid value for BOB@example.com: first_name too long"), EMAILS);
        assertThat(a.byRow()).containsOnlyKeys(1);
        assertThat(a.unattributed()).isEmpty();
    }

    @Test
    void should_tie_an_error_to_the_row_it_numbers_counting_from_one() {
        var a = ActivityErrors.attribute(List.of("Row #3: invalid phone", "row 1 bad birthday"), EMAILS);
        assertThat(a.byRow()).containsOnlyKeys(2, 0);
    }

    @Test
    void should_leave_errors_that_name_no_row_of_this_import_unattributed() {
        var a = ActivityErrors.attribute(List.of("row #9: out of range", "the service is busy"), EMAILS);
        assertThat(a.byRow()).isEmpty();
        assertThat(a.unattributed()).containsExactly("row #9: out of range", "the service is busy");
    }

    @Test
    void should_keep_the_first_error_when_two_name_the_same_row() {
        var a = ActivityErrors.attribute(List.of("row 2: first", "row 2: second"), EMAILS);
        assertThat(a.byRow()).isEqualTo(Map.of(1, "row 2: first"));
    }

    @Test
    void should_cut_lists_into_chunks_one_bulk_activity_accepts() {
        List<Integer> ids = IntStream.range(0, 1201).boxed().toList();
        List<List<Integer>> chunks = CtctLimits.activityChunks(ids);
        assertThat(chunks).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(chunks.get(2).get(200)).isEqualTo(1200);
        assertThat(CtctLimits.activityChunks(List.of())).isEmpty();
    }
}
