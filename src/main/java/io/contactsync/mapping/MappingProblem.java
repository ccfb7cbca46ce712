package io.contactsync.mapping;

/**
 * One problem in a mapping file.
 *
 * @param file    the mapping's source (file name as given)
 * @param entry   which entry, e.g. {@code fields[3] (crm: tier)}; empty for file-level problems
 * @param line    1-based line in the file; 0 when unknown (e.g. the file cannot be read)
 * @param message what is wrong, as a sentence fragment naming the offending value
 */
public record MappingProblem(String file, String entry, int line, String message) {

    /** {@code contacts.yaml:12: fields[3] (crm: tier): unknown transform 'upcase'}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (entry != null && !entry.isEmpty()) {
            text.append(entry).append(": ");
        }
        return text.append(message).toString();
    }
}
