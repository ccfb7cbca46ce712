package io.contactsync.mapping;

/** {@code default: X}: an empty value becomes X towards Constant Contact; towards the CRM nothing changes. */
record DefaultTransform(String fallback) implements ValueTransform {

    static DefaultTransform of(Object argument) {
        if (!(argument instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException("'default' needs a non-empty value, e.g. {default: standard}");
        }
        return new DefaultTransform(text);
    }

    @Override
    public String toCtct(String value) {
        return value.isEmpty() ? fallback : value;
    }
}
