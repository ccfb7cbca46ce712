package io.contactsync.app;

import java.nio.file.Path;

import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every engine command. */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file overriding config/application.properties (secrets still come from the environment).")
    Path file;

    public ConfigSource source() {
        return ConfigSource.load(file);
    }

    public SyncSettings settings() {
        return SyncSettings.from(source());
    }
}
