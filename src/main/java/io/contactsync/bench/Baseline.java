package io.contactsync.bench;

/**
 * The per-contact baseline: one {@code POST /v3/contacts/sign_up_form} per contact, measured in the same harness.
 *
 * @param contacts contacts sent
 * @param calls    {@code /v3} requests the sandbox counted for them
 * @param wallMs   wall time of the loop
 * @param error    why it stopped early, or null
 */
public record Baseline(long contacts, long calls, long wallMs, String error) {
}
