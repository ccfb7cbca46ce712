package io.contactsync.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.contactsync.config.ConfigSource;
import io.contactsync.config.ConfigurationException;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.transport.CamelHttpTransport;
import io.contactsync.crm.CrmConfigurationException;
import io.contactsync.crm.jdbc.JdbcCrmConnector;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingException;
import io.contactsync.mapping.MappingProblem;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.StateStore;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code validate}: checks configuration, mapping, CRM table, state store and the Constant Contact account
 * (token, custom fields, lists), listing every problem; exits 1 when there is any.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check configuration, mapping, CRM, state store and the Constant Contact account; list every problem.")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @CommandLine.Option(names = "--create-custom-fields",
            description = "Create the custom fields the mapping names that the account lacks (as text fields), then check again.")
    boolean createCustomFields;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();
        ConfigSource source = config.source();
        SyncSettings settings;
        try {
            settings = SyncSettings.from(source);
            out.println("configuration: ok (" + String.join(", ", source.origins()) + ")");
            settings.warnings().forEach(w -> out.println("configuration: warning: " + w));
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> problems.add("configuration: " + p));
            return report(out, problems);
        }
        ContactMapping mapping = null;
        try {
            mapping = ContactMapping.load(settings.mappingFile());
            out.println("mapping: ok (" + settings.mappingFile() + ", " + mapping.vocabularyFields().size() + " fields)");
            mapping.warnings().forEach(w -> out.println("mapping: warning: " + w));
        } catch (MappingException e) {
            e.problems().forEach(p -> problems.add("mapping: " + p));
        }
        try (JdbcCrmConnector crm = new JdbcCrmConnector(settings.crm(), Clock.systemUTC())) {
            crm.checkDeletePolicy(settings.options().crmDeletePolicy());
            if (mapping != null) {
                Set<String> missing = new TreeSet<>(mapping.crmFields());
                missing.removeAll(crm.fieldNames());
                missing.forEach(f -> problems.add("mapping: " + settings.mappingFile() + ": CRM column '" + f
                        + "' is not a column of " + settings.crm().table()));
            }
            out.println("crm: ok (" + settings.crm().table() + ")");
            crm.warnings().forEach(w -> out.println("crm: warning: " + w));
        } catch (CrmConfigurationException e) {
            e.problems().forEach(p -> problems.add("crm: " + p));
        } catch (RuntimeException e) {
            problems.add("crm: " + e.getMessage());
        }
        try (StateStore state = JdbcStateStore.open(settings.state().url(), settings.state().user(), settings.state().password())) {
            out.println("state: ok (" + state.linkCount() + " linked contacts)");
            if (mapping != null) {
                checkAccount(out, settings, state, mapping, problems, createCustomFields);
            }
        } catch (RuntimeException e) {
            problems.add("state: " + e.getMessage());
        }
        return report(out, problems);
    }

    private static void checkAccount(PrintWriter out, SyncSettings settings, StateStore state, ContactMapping mapping,
                                     List<String> problems, boolean create) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            CtctClient ctct = Engine.ctctClient(settings.ctct(), new CamelHttpTransport(() -> template), state, EngineParts.forOneShot());
            Map<String, String> fields = ctct.customFieldIdsByName();
            if (create) {
                for (String name : mapping.customFieldNames()) {
                    if (!fields.containsKey(name)) {
                        ctct.createCustomField(name.replace('_', ' '));
                        out.println("constant contact: created custom field '" + name + "'");
                    }
                }
                fields = ctct.customFieldIdsByName();
            }
            for (MappingProblem p : mapping.checkAgainstAccount(fields.keySet())) {
                problems.add("constant contact: " + p);
            }
            if (!mapping.createMissingLists()) {
                Set<String> lists = ctct.listIdsByName().keySet();
                problems.addAll(mapping.listNamesUsed().stream().filter(n -> !lists.contains(n))
                        .map(n -> "constant contact: list '" + n + "' does not exist and lists.create-missing is false").toList());
            }
            out.println("constant contact: reachable (" + fields.size() + " custom fields, " + ctct.apiCalls() + " API calls)");
        } catch (RuntimeException e) {
            problems.add("constant contact: " + e.getMessage());
        } finally {
            camel.stop();
        }
    }

    private static int report(PrintWriter out, List<String> problems) {
        if (problems.isEmpty()) {
            out.println("valid");
            out.flush();
            return 0;
        }
        out.println(problems.size() + " problem(s):");
        problems.forEach(p -> out.println("  - " + p));
        out.flush();
        return 1;
    }
}
