package io.contactsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the store's own small connection pool, and makes H2 file URLs usable as operators write them. */
final class StatePool {

    static final String POOL_NAME = "state";
    private static final String H2_PREFIX = "jdbc:h2:";

    private StatePool() {
    }

    static HikariDataSource create(String jdbcUrl, String user, String password) {
        String url = normalizeH2(jdbcUrl);
        createH2ParentDirectory(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        // A cycle commits one page at a time; the admin API reads alongside. More would only contend on H2.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /**
     * H2 2.x refuses a file path that is implicitly relative ({@code jdbc:h2:file:data/state}); the operator
     * meant the working directory, so {@code ./} is made explicit. Other URLs are returned unchanged.
     */
    static String normalizeH2(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, H2_PREFIX, 0, H2_PREFIX.length())) {
            return jdbcUrl;
        }
        String rest = jdbcUrl.substring(H2_PREFIX.length());
        String scheme = "";
        if (rest.regionMatches(true, 0, "file:", 0, 5)) {
            scheme = rest.substring(0, 5);
            rest = rest.substring(5);
        } else if (rest.matches("(?i)^(mem|tcp|ssl|zip|split|nio[a-z]*|async|memfs|memlzf|retry):.*")) {
            return jdbcUrl;
        }
        String path = pathOf(rest);
        boolean explicit = path.startsWith("/") || path.startsWith("\\") || path.startsWith("~")
                || path.startsWith("./") || path.startsWith("../") || path.startsWith(".\\")
                || path.matches("(?i)^[a-z]:[\\\\/].*") || path.isEmpty();
        return explicit ? jdbcUrl : H2_PREFIX + scheme + "./" + rest;
    }

    /**
     * Creates the directory of an H2 file database if it is missing. H2 does so too, but failing here gives a
     * clear message (permissions, a file in the way) instead of a driver error about the database file.
     */
    static void createH2ParentDirectory(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith(H2_PREFIX)) {
            return;
        }
        String rest = jdbcUrl.substring(H2_PREFIX.length());
        if (rest.regionMatches(true, 0, "file:", 0, 5)) {
            rest = rest.substring(5);
        } else if (rest.matches("(?i)^[a-z]{2,}:.*")) {
            return;
        }
        String path = pathOf(rest);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The database path of an H2 URL remainder: everything before the first {@code ;} setting. */
    private static String pathOf(String rest) {
        int semicolon = rest.indexOf(';');
        return semicolon < 0 ? rest : rest.substring(0, semicolon);
    }

    /** A URL fit for messages: no settings or query parameters, which may carry credentials. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        int cut = jdbcUrl.length();
        for (char c : new char[] {';', '?'}) {
            int i = jdbcUrl.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return jdbcUrl.substring(0, cut);
    }
}
