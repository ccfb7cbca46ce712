package io.contactsync.observe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointTemplatesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /contacts/4f1c6a2e-9b1d-11ee-8c90-0242ac120002                       | GET /contacts/{contact_id}
            PUT    | /contacts/4f1c6a2e-9b1d-11ee-8c90-0242ac120002                       | PUT /contacts/{contact_id}
            GET    | /contacts?status=all&include=custom_fields&updated_after=2026-01-01 | GET /contacts
            GET    | /contacts?email=ann.smith%40example.com                             | GET /contacts
            GET    | /v3/contacts?cursor=bGltaXQ9MSZuZXh0PTI                             | GET /contacts
            GET    | /contact_lists?limit=500                                            | GET /contact_lists
            GET    | /contact_custom_fields?limit=100                                    | GET /contact_custom_fields
            POST   | /contact_custom_fields                                              | POST /contact_custom_fields
            POST   | /activities/contacts_json_import                                    | POST /activities/contacts_json_import
            POST   | /activities/contact_delete                                          | POST /activities/contact_delete
            POST   | /activities/remove_list_memberships                                 | POST /activities/remove_list_memberships
            GET    | /activities/8b2c3d4e-0000-4000-a000-000000000001                    | GET /activities/{activity_id}
            GET    | /contact_exports/8b2c3d4e-0000-4000-a000-000000000001               | GET /contact_exports/{file_export_id}
            DELETE | /contact_lists/07936f78-662a-11eb-af0a-fa163e56c9b0                 | DELETE /contact_lists/{list_id}
            GET    | /contacts/counts                                                    | GET /contacts/counts
            GET    | /contacts/sign_up_form/                                             | GET /contacts/sign_up_form
            """)
    void should_name_the_template_of_a_path_the_engine_calls(String method, String path, String expected) {
        assertThat(EndpointTemplates.of(method, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /contacts/ann.smith@example.com/extra  | GET other
            GET    | /ann.smith@example.com                  | GET other
            GET    | /contacts//                             | GET other
            GET    | /unknown/123                            | GET other
            POST   | /activities/123/456                     | POST other
            BREW   | /contacts                               | OTHER /contacts
            """)
    void should_fall_back_to_other_rather_than_echo_an_unknown_path(String method, String path, String expected) {
        assertThat(EndpointTemplates.of(method, path)).isEqualTo(expected);
    }

    @Test
    void should_never_carry_an_address_an_id_or_a_query_value() {
        String[] paths = {"/contacts/ann@example.com", "/contacts?email=bob@example.com",
                "/contacts/1234567890?x=y", "/contact_lists/l-42?name=Secret", null, ""};
        for (String p : paths) {
            String t = EndpointTemplates.of("GET", p);
            assertThat(t).as(String.valueOf(p)).doesNotContain("@").doesNotContain("?").doesNotContain("1234567890")
                    .doesNotContain("l-42").doesNotContain("Secret");
        }
        assertThat(EndpointTemplates.of("GET", "/contacts/ann@example.com")).isEqualTo("GET /contacts/{contact_id}");
    }

    @Test
    void should_label_unknown_error_keys_as_other() {
        assertThat(ApiCalls.errorKeyLabel("quota_exceeded")).isEqualTo("quota_exceeded");
        assertThat(ApiCalls.errorKeyLabel("throttled")).isEqualTo("throttled");
        assertThat(ApiCalls.errorKeyLabel(null)).isEqualTo("none");
        assertThat(ApiCalls.errorKeyLabel("ann@example.com")).isEqualTo("other");
    }
}
