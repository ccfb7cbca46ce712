package io.contactsync.constantcontact;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactBodiesTest {

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("email", "ann@example.com");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void should_build_a_post_that_creates_the_contact_unsubscribed_with_every_field() {
        ObjectNode body = ContactBodies.unsubscribedPost(row("first_name", "Ann", "company_name", "Acme",
                "birthday_month", "11", "birthday_day", "24", "phone", "+1-555-0100", "work_phone", "+1-555-0101",
                "city", "Oslo", "country", "Norway", "work_zip", "0150", "cf:tier", "gold"),
                List.of("L1", "L2"), name -> "tier".equals(name) ? "cf-1" : null);

        assertThat(body.path("email_address").path("address").asText()).isEqualTo("ann@example.com");
        assertThat(body.path("email_address").path("permission_to_send").asText()).isEqualTo("unsubscribed");
        assertThat(body.path("email_address").has("opt_out_reason")).as("not in the spec's EmailAddressPost").isFalse();
        assertThat(body.path("create_source").asText()).isEqualTo("Account");
        assertThat(body.path("first_name").asText()).isEqualTo("Ann");
        assertThat(body.path("birthday_month").isInt()).isTrue();
        assertThat(body.path("phone_numbers").toString())
                .isEqualTo("[{\"kind\":\"home\",\"phone_number\":\"+1-555-0100\"},{\"kind\":\"work\",\"phone_number\":\"+1-555-0101\"}]");
        assertThat(body.path("street_addresses").toString())
                .isEqualTo("[{\"kind\":\"home\",\"city\":\"Oslo\",\"country\":\"Norway\"},{\"kind\":\"work\",\"postal_code\":\"0150\"}]");
        assertThat(body.path("custom_fields").toString()).isEqualTo("[{\"custom_field_id\":\"cf-1\",\"value\":\"gold\"}]");
        assertThat(body.path("list_memberships").toString()).isEqualTo("[\"L1\",\"L2\"]");
    }

    @Test
    void should_name_the_custom_field_the_account_does_not_have() {
        assertThatThrownBy(() -> ContactBodies.unsubscribedPost(row("cf:tier", "gold"), List.of("L1"), name -> null))
                .hasMessageContaining("cf:tier").hasMessageNotContaining("gold");
    }

    @Test
    void should_leave_rows_that_one_post_cannot_hold_exactly_to_the_import() {
        assertThat(ContactBodies.creatable(row("first_name", "Ann", "phone", "1", "home_phone", "1", "city", "Oslo"))).isTrue();
        assertThat(ContactBodies.creatable(row("street2", "Flat 2"))).isFalse();
        assertThat(ContactBodies.creatable(row("sms_number", "555-123-4567"))).isFalse();
        assertThat(ContactBodies.creatable(row("phone", "1", "home_phone", "2"))).as("two home phones").isFalse();
        assertThat(ContactBodies.creatable(row("city", "Oslo", "home_city", "Bergen"))).as("two home cities").isFalse();
        assertThat(ContactBodies.creatable(row("birthday_month", "x", "birthday_day", "1"))).isFalse();
        assertThat(ContactBodies.creatable(row("unknown_field", "x"))).isFalse();
        assertThat(ContactBodies.creatable(row("birthday_year", "1990"))).isFalse();
    }

    @Test
    void should_put_back_every_core_field_of_a_held_contact_when_unsubscribing_it() {
        CtctContact held = new CtctContact("cc-1", Map.of("email", "ann@example.com", "first_name", "Ann",
                "job_title", "CEO", "anniversary", "2006-11-15", "birthday_month", "3", "birthday_day", "4",
                "permission_to_send", "implicit", "city", "Oslo", "cf:tier", "gold"), Instant.EPOCH, false);

        ObjectNode body = ContactBodies.unsubscribePut(held, "Opted out in the CRM");

        assertThat(body.path("email_address").path("permission_to_send").asText()).isEqualTo("unsubscribed");
        assertThat(body.path("email_address").path("opt_out_reason").asText()).isEqualTo("Opted out in the CRM");
        assertThat(body.path("update_source").asText()).isEqualTo("Account");
        assertThat(body.path("first_name").asText()).isEqualTo("Ann");
        assertThat(body.path("job_title").asText()).isEqualTo("CEO");
        assertThat(body.path("anniversary").asText()).isEqualTo("2006-11-15");
        assertThat(body.path("birthday_day").asInt()).isEqualTo(4);
        assertThat(body.has("street_addresses") || body.has("custom_fields") || body.has("list_memberships"))
                .as("subresources left out, so they stay").isFalse();
    }
}
