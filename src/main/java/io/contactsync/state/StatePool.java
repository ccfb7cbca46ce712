package io.contactsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the store's own small connection pool, and makes H2 file URLs usable as operators write them: relative
 * paths get their {@code ./}, and the file is opened in H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}) so
 * that {@code status}, {@code sync} and {@code validate} work while {@code run} has the file open. In that mode the
 * first process to open the file serves it to the others over TCP on a random port, bound to loopback through
 * {@code h2.bindAddress=127.0.0.1} (see {@link #H2_BIND_ADDRESS}).
 */
final class StatePool {

    static final String POOL_NAME = "state";
    private static final String H2_PREFIX = "jdbc:h2:";
    private static final Logger LOG = LoggerFactory.getLogger(StatePool.class);

    /**
     * H2's {@code AUTO_SERVER} TCP server listens on every interface unless the system property
     * {@code h2.bindAddress} names one; H2 reads it once, when its {@code SysProperties} class loads. Set here, and
     * first thing in {@code ContactSyncMain.main}, unless the operator chose an address. The address is also what H2
     * writes into the lock file for other processes to connect to.
     */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";

    static {
        bindH2ToLoopback();
    }

    private StatePool() {
    }

    /** Makes H2's servers (AUTO_SERVER included) listen on 127.0.0.1 only, unless {@code h2.bindAddress} is set. */
    static void bindH2ToLoopback() {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    static HikariDataSource create(String jdbcUrl, String user, String password) {
        String url = withAutoServer(normalizeH2(jdbcUrl));
        if (!url.equals(normalizeH2(jdbcUrl))) {
            String bound = org.h2.engine.SysProperties.BIND_ADDRESS;
            if (bound == null || !(bound.startsWith("127.") || bound.equals("localhost") || bound.equals("::1"))) {
                LOG.warn("The H2 state store serves other processes on {} (h2.bindAddress), not only on loopback",
                        bound == null ? "every interface" : bound);
            }
        }
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
     * An H2 file URL without {@code AUTO_SERVER} gets {@code ;AUTO_SERVER=TRUE}: several processes (the service and
     * a command line next to it) may then open one file; without it the second fails with H2's "file locked"
     * error. Left alone: other URLs, an explicit {@code AUTO_SERVER=...}, and {@code FILE_LOCK} settings other
     * than the default (H2 refuses {@code AUTO_SERVER} with them).
     */
    static String withAutoServer(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, H2_PREFIX, 0, H2_PREFIX.length())) {
            return jdbcUrl;
        }
        String rest = jdbcUrl.substring(H2_PREFIX.length());
        if (!rest.regionMatches(true, 0, "file:", 0, 5) && rest.matches("(?i)^[a-z]{2,}:.*")) {
            return jdbcUrl;
        }
        String settings = rest.indexOf(';') < 0 ? "" : rest.substring(rest.indexOf(';')).toUpperCase(Locale.ROOT);
        if (settings.contains(";AUTO_SERVER=") || settings.contains(";FILE_LOCK=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";AUTO_SERVER=TRUE";
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
