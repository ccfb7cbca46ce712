package io.contactsync.app;

import java.time.Clock;

import io.contactsync.sync.CycleHook;

/**
 * What a caller may swap when starting the engine: the clock, a cycle hook (crash tests), and whether the
 * scheduled service (Quartz triggers, admin HTTP) starts or only the {@code direct:} flows.
 */
public record EngineParts(Clock clock, CycleHook hook, boolean service) {
    public static EngineParts forOneShot() {
        return new EngineParts(Clock.systemUTC(), CycleHook.NONE, false);
    }

    public static EngineParts forService() {
        return new EngineParts(Clock.systemUTC(), CycleHook.NONE, true);
    }

    public EngineParts withHook(CycleHook h) {
        return new EngineParts(clock, h, service);
    }
}
