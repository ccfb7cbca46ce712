package io.contactsync.sync;

/**
 * A run {@link FlowRunner#submit} accepted: its run record id (the state store's, so {@code GET /admin/runs/{id}}
 * and {@code status} find it from any process) and its flow. It starts {@code queued}.
 */
public record RunTicket(long runId, Flow flow) {
}
