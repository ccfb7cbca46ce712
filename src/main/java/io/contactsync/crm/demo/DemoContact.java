package io.contactsync.crm.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One generated demo contact: a row of {@code crm_contact}. Optional values ({@code tier}) may be null. */
public record DemoContact(String id, String email, String firstName, String lastName, String company,
                          String jobTitle, String phone, String city, String country, String tier,
                          boolean emailOptOut, Instant updatedAt) {

    /** The mapped columns of {@code crm_contact} (id, updated_at and deleted excluded), by column name. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("first_name", firstName);
        fields.put("last_name", lastName);
        fields.put("company", company);
        fields.put("job_title", jobTitle);
        fields.put("phone", phone);
        fields.put("city", city);
        fields.put("country", country);
        fields.put("tier", tier);
        fields.put("email_opt_out", emailOptOut);
        return fields;
    }
}
