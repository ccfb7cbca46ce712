package io.contactsync.crm.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailKeyTest {

    @Test
    void should_recognise_lower_of_the_email_column_when_spelled_as_h2_or_postgresql_show_it() {
        assertThat(EmailKey.isLowerOf("LOWER(\"EMAIL\")", "email")).isTrue();
        assertThat(EmailKey.isLowerOf("lower((email)::text)", "email")).isTrue();
        assertThat(EmailKey.isLowerOf("lower((mail_address)::character varying)", "MAIL_ADDRESS")).isTrue();
    }

    @Test
    void should_refuse_any_other_expression_when_it_is_not_exactly_lower_of_the_email_column() {
        assertThat(EmailKey.isLowerOf("LOWER(TRIM(\"EMAIL\"))", "email")).isFalse();
        assertThat(EmailKey.isLowerOf("UPPER(\"EMAIL\")", "email")).isFalse();
        assertThat(EmailKey.isLowerOf("LOWER(\"FIRST_NAME\")", "email")).isFalse();
        assertThat(EmailKey.isLowerOf("LOWER(\"EMAIL2\")", "email")).isFalse();
        assertThat(EmailKey.isLowerOf(null, "email")).isFalse();
    }
}
