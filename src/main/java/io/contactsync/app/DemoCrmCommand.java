package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code demo-crm}: creates the demo CRM table (H2) and fills it with realistic contacts. Demo only. */
@Command(name = "demo-crm", mixinStandardHelpOptions = true,
        description = "Create the demo CRM (an H2 file, table crm_contact) and add realistic contacts to it.")
public final class DemoCrmCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--contacts", defaultValue = "300", description = "How many contacts to add (default ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same people.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String url = config.source().get("sync.crm.jdbc.url");
        url = url == null ? DemoCrm.DEFAULT_URL : url;
        if (!url.startsWith("jdbc:h2:")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "sync.crm.jdbc.url is not an H2 database: demo-crm only writes to the demo CRM");
        }
        DemoCrm crm = new DemoCrm(DemoCrm.h2(url), Clock.systemUTC());
        crm.createTableIfMissing();
        long before = crm.count();
        int added = new DemoCrmSeeder(seed, Clock.systemUTC()).seed(DemoCrm.h2(url), (int) before + 1, contacts);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("demo CRM %s: %d contacts added, %d in all%n", url, added, crm.count());
        out.flush();
        return 0;
    }
}
