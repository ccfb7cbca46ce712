package io.contactsync.observe;

import java.time.Duration;

import io.contactsync.config.ConfigCatalogue;
import io.contactsync.config.ConfigReader;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.ConfigurationException;

/** The {@code sync.observe.*} keys (docs/observe.md); a bad value stops the engine's start, naming the key. */
public record ObserveSettings(Duration probeInterval, int staleAfterRuns, boolean metricsPublic) {

    public static ObserveSettings read(ConfigSource source) {
        ConfigReader r = new ConfigReader(source);
        ObserveSettings s = new ObserveSettings(r.duration(ConfigCatalogue.OBSERVE_CTCT_PROBE_INTERVAL),
                r.integer(ConfigCatalogue.OBSERVE_STALE_AFTER_RUNS), r.bool(ConfigCatalogue.OBSERVE_METRICS_PUBLIC));
        if (!r.problems().isEmpty()) {
            throw new ConfigurationException(r.problems());
        }
        return s;
    }
}
