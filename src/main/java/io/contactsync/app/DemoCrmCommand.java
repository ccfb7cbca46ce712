package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.contactsync.config.ConfigSource;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code demo-crm}: creates the demo CRM table and fills it with realistic contacts. Demo only. The database is
 * {@code sync.crm.jdbc.url}: an H2 file (user {@code sa}, as H2 remembers the creator) or PostgreSQL (with
 * {@code sync.crm.jdbc.user} and {@code CRM_JDBC_PASSWORD}, as the engine connects; docker/compose.yaml does that).
 */
@Command(name = "demo-crm", mixinStandardHelpOptions = true,
        description = "Create the demo CRM (table crm_contact, in the H2 file or PostgreSQL database of sync.crm.jdbc.url) and add realistic contacts to it.")
public final class DemoCrmCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--contacts", defaultValue = "300", description = "How many contacts to add (default ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same people.")
    long seed;

    @Option(names = "--if-empty", description = "Add contacts only when the table has none (so that a repeated start does not add more).")
    boolean ifEmpty;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigSource source = config.source();
        String url = source.get("sync.crm.jdbc.url");
        url = url == null ? DemoCrm.DEFAULT_URL : url;
        DataSource dataSource = dataSource(url, source);
        DemoCrm crm = new DemoCrm(dataSource, Clock.systemUTC());
        crm.createTableIfMissing();
        long before = crm.count();
        int added = ifEmpty && before > 0 ? 0
                : new DemoCrmSeeder(seed, Clock.systemUTC()).seed(dataSource, (int) before + 1, contacts);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("demo CRM %s: %d contacts added, %d in all%n", masked(url), added, crm.count());
        out.flush();
        return 0;
    }

    private DataSource dataSource(String url, ConfigSource source) {
        if (url.startsWith("jdbc:h2:")) {
            return DemoCrm.h2(url);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            ds.setUser(source.get("sync.crm.jdbc.user"));
            ds.setPassword(source.get("sync.crm.jdbc.password"));
            return ds;
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "sync.crm.jdbc.url = '" + masked(url) + "' is neither an H2 nor a PostgreSQL database: demo-crm only writes the demo CRM there");
    }

    /** The URL without any password given in it. */
    private static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
