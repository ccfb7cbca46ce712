package io.contactsync.mapping;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsync.vocabulary.Vocabulary;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

import static org.assertj.core.api.Assertions.assertThat;

class MappingPropertiesTest {

    private static final ContactMapping SHIPPED = ContactMapping.load(ContactMappingTest.SHIPPED);

    @Property
    void should_be_idempotent_when_trim_or_case_transform_is_applied_twice(@ForAll String value) {
        for (String name : List.of("trim", "lowercase", "uppercase", "titlecase", "phone")) {
            ValueTransform transform = TransformsTest.transform(name, null);
            String once = transform.toCtct(value);
            assertThat(transform.toCtct(once)).as(name).isEqualTo(once);
        }
    }

    @Property
    void should_fit_constant_contact_when_any_phone_is_cleaned(@ForAll String value) {
        String cleaned = TransformsTest.transform("phone", null).toCtct(value);

        assertThat(cleaned).hasSizeLessThanOrEqualTo(25).matches("\\+?[0-9-]*( x[0-9]+)?");
    }

    @Property
    void should_restore_crm_value_when_injective_map_round_trips(
            @ForAll @Size(min = 1, max = 10) @UniqueElements List<String> crmValues, @ForAll String probe) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < crmValues.size(); i++) {
            entries.put(crmValues.get(i), "ctct-" + i);
        }
        ValueTransform map = TransformsTest.transform("map", entries);

        for (String value : crmValues) {
            assertThat(map.toCrm(map.toCtct(value))).isEqualTo(value);
        }
        if (!entries.containsKey(probe) && !probe.startsWith("ctct-")) {
            assertThat(map.toCrm(map.toCtct(probe))).isEqualTo(probe);
        }
    }

    @Property
    void should_restore_date_when_it_round_trips(@ForAll("dates") LocalDate date) {
        ValueTransform transform = TransformsTest.transform("date",
                TransformsTest.map("crm", "yyyy-MM-dd", "ctct", "MM/dd/yyyy"));
        String crm = date.format(DateTimeFormatter.ISO_LOCAL_DATE);

        String ctct = transform.toCtct(crm);

        assertThat(ctct).isEqualTo(date.format(DateTimeFormatter.ofPattern("MM/dd/yyyy")));
        assertThat(transform.toCrm(ctct)).isEqualTo(crm);
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 3_000_000)
                .map(days -> LocalDate.of(1000, 1, 1).plusDays(days));
    }

    @Property
    void should_never_yield_subscribe_value_when_opt_out_flag_maps_any_crm_value(
            @ForAll("crmFlags") Object flag, @ForAll String ctctValue) {
        Map<String, Object> row = new HashMap<>();
        row.put("email_opt_out", flag);

        String consent = SHIPPED.toVocabulary(row).get(Vocabulary.PERMISSION_TO_SEND);

        assertThat(consent).isIn("", Vocabulary.UNSUBSCRIBED);
        Object back = SHIPPED.toCrm(Map.of(Vocabulary.PERMISSION_TO_SEND, ctctValue)).get("email_opt_out");
        assertThat(back).isEqualTo(Vocabulary.UNSUBSCRIBED.equals(ctctValue));
    }

    @Provide
    Arbitrary<Object> crmFlags() {
        return Arbitraries.oneOf(Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("explicit", "implicit", "pending_confirmation", "subscribed", "1", "0"),
                Arbitraries.integers(), Arbitraries.just(null));
    }

    @Property
    void should_produce_every_mapped_field_when_any_row_goes_to_vocabulary(
            @ForAll("rows") Map<String, Object> row) {
        Map<String, String> vocabulary = SHIPPED.toVocabulary(row);

        assertThat(vocabulary.keySet()).isEqualTo(SHIPPED.vocabularyFields());
        assertThat(vocabulary.values()).doesNotContainNull();
        assertThat(SHIPPED.listNames(row)).contains("Newsletter");
    }

    @Provide
    Arbitrary<Map<String, Object>> rows() {
        Set<String> columns = ContactMappingTest.DEMO_COLUMNS;
        return Arbitraries.maps(Arbitraries.of(columns.toArray(String[]::new)),
                Arbitraries.strings().ofMaxLength(80).injectNull(0.2).map(v -> (Object) v));
    }
}
