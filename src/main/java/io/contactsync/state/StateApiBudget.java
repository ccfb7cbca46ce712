package io.contactsync.state;

import java.time.Instant;
import java.time.LocalDate;

import io.contactsync.constantcontact.budget.ApiBudgetStore;

/**
 * The Constant Contact client's daily budget kept in the state store ({@code api_budget}), so that every process
 * sharing the store counts against one application budget. Thread-safe, as the store is.
 */
public final class StateApiBudget implements ApiBudgetStore {

    private final StateStore state;

    public StateApiBudget(StateStore state) {
        this.state = state;
    }

    @Override
    public DayUsage load(String clientId, LocalDate utcDay) {
        return usage(state.apiUsage(clientId, utcDay));
    }

    @Override
    public DayUsage add(String clientId, LocalDate utcDay, long requests, long throttled, Instant quotaExceededAt) {
        return usage(state.addApiUsage(clientId, utcDay, requests, throttled, quotaExceededAt));
    }

    private static DayUsage usage(ApiUsage u) {
        return new DayUsage(u.used(), u.throttled(), u.quotaExceededAt());
    }
}
