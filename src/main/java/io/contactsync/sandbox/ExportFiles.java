package io.contactsync.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the CSV files of contact exports live, so an export of 1,000,000 contacts (about 250 MB) is streamed to disk
 * and back instead of held in the heap. With a data directory: {@code DIR/exports}, kept across restarts; without
 * one: a temporary folder made at the first export and deleted when the sandbox closes. The account stores only the
 * file's name. Guarded by the {@link Account} lock, except {@link #file} reads of finished files.
 */
final class ExportFiles implements AutoCloseable {
    /** Writes the CSV body to the writer it is given. */
    interface Body {
        void writeTo(Writer out) throws IOException;
    }

    private Path dir;
    private boolean temporary = true;

    /** Keeps the files under {@code dataDir/exports} (before any export is written). */
    void useDataDir(Path dataDir) {
        dir = dataDir.resolve("exports");
        temporary = false;
    }

    /** Writes the export's file and returns its name (what the account stores). */
    String write(String activityId, Body body) {
        String name = activityId + ".csv";
        try (Writer out = Files.newBufferedWriter(directory().resolve(name), StandardCharsets.UTF_8)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export file " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** The file of a stored name. */
    Path file(String name) {
        return directory().resolve(name);
    }

    /**
     * A stored value from before exports were files held the CSV itself: it is written out as the export's file and
     * its name returned; a file name is returned as it is.
     */
    String restore(String activityId, String stored) {
        if (stored.endsWith(".csv") && !stored.contains("\n") && Files.exists(file(stored))) {
            return stored;
        }
        return write(activityId, out -> out.write(stored));
    }

    /** Deletes every export file (control API reset). */
    void deleteAll() {
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete export files in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private Path directory() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("contact-sync-sandbox-exports-");
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the export folder: " + e.getMessage(), e);
        }
    }

    /** Deletes a temporary folder and its files; a data directory's files stay. */
    @Override
    public void close() {
        if (temporary && dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
