package io.contactsync.mapping;

import java.util.Map;
import java.util.function.Predicate;

/**
 * One {@code lists.rules} entry: when the value of a mapped CRM field, after that field's transforms towards
 * Constant Contact, passes {@code condition}, the contact belongs to {@code list}.
 */
record ListRule(FieldMapping field, Predicate<String> condition, String list) {

    boolean matches(Map<String, Object> crmFields) {
        return condition.test(field.toCtct(crmFields.get(field.crm())));
    }
}
