package io.contactsync.sync;

/**
 * Called as a cycle passes named points ({@code import-posted}, {@code before-commit}, …). The engine passes
 * {@link #NONE}; crash tests pass one that throws, to stop a cycle exactly where a real crash could.
 */
@FunctionalInterface
public interface CycleHook {
    CycleHook NONE = point -> { };

    void reached(String point);
}
