package io.contactsync.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.contactsync.ContactSyncException;
import io.contactsync.config.ConfigSource;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.CtctContact;
import io.contactsync.constantcontact.ImportBatcher;
import io.contactsync.crm.CrmRecord;
import io.contactsync.crm.demo.DemoContact;
import io.contactsync.crm.demo.DemoCrm;
import io.contactsync.crm.demo.DemoCrmSeeder;
import io.contactsync.sandbox.SandboxConfig;
import io.contactsync.sandbox.SandboxControl;
import io.contactsync.sandbox.SandboxServer;
import io.contactsync.sync.Counter;
import io.contactsync.sync.Flow;
import io.contactsync.sync.SyncSummary;

/**
 * The guided demo: an in-process sandbox on a free port, a demo CRM of a few hundred contacts, a Constant Contact
 * account that already holds some of them (and a few it alone has, some unsubscribed), a two-way sync, edits on
 * both sides, a second sync, and a report whose every line is read back from both sides.
 */
public final class Demo {

    static final int CRM_CONTACTS = 300;
    private static final int SHARED = 40;
    private static final int CTCT_ONLY = 25;
    private static final int UNSUBSCRIBED = 4;

    private final PrintWriter out;
    private final Path dir;
    private final boolean ctctLimits;
    private int failedChecks;

    public Demo(PrintWriter out, Path dir) {
        this(out, dir, true);
    }

    /**
     * {@code ctctLimits=false}: the sandbox without Constant Contact's limits and the engine at its highest pace, so the
     * test of the demo's report checks the same scenarios without waiting on 4 requests/s.
     */
    Demo(PrintWriter out, Path dir, boolean ctctLimits) {
        this.out = out;
        this.dir = dir;
        this.ctctLimits = ctctLimits;
    }

    public int run() throws IOException {
        long t0 = System.nanoTime();
        prepare(dir);
        String crmUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("crm") + ";AUTO_SERVER=TRUE";
        DemoCrm crm = new DemoCrm(DemoCrm.h2(crmUrl), Clock.systemUTC());
        crm.createTableIfMissing();
        DemoCrmSeeder seeder = new DemoCrmSeeder(7, Clock.systemUTC());
        seeder.seed(DemoCrm.h2(crmUrl), CRM_CONTACTS);
        try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults().withPort(0).withRateLimited(ctctLimits))) {
            SandboxControl control = SandboxControl.of(sandbox);
            ConfigSource source = config(sandbox, crmUrl);
            say("Constant Contact sandbox on %s; demo CRM with %d contacts in %s", sandbox.baseUri(), CRM_CONTACTS, dir);
            List<String> unsubscribed;
            try (Engine engine = Engine.start(SyncSettings.from(source), source, EngineParts.forOneShot())) {
                unsubscribed = prefillConstantContact(engine.ctct(), seeder, control);
                report("First two-way sync", both(engine));
                Edits edits = edit(engine, crm, control);
                report("Second two-way sync, after edits on both sides", both(engine));
                verify(engine, crm, edits, unsubscribed);
            }
            say("");
            say("Finished in %.1f s. Sandbox: %s", (System.nanoTime() - t0) / 1e9, stats(control));
        }
        out.flush();
        return failedChecks == 0 ? 0 : 1;
    }

    private ConfigSource config(SandboxServer sandbox, String crmUrl) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("sync.ctct.api-url", sandbox.apiUri().toString());
        o.put("sync.ctct.token-url", sandbox.tokenUri().toString());
        o.put("sync.ctct.client-id", "sandbox-client");
        o.put("sync.crm.jdbc.url", crmUrl);
        o.put("sync.state.jdbc.url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("state"));
        o.put("sync.ctct.activity-poll-initial", "100ms");
        if (!ctctLimits) {
            o.put("sync.ctct.requests-per-second", "100");
        }
        Map<String, String> env = Map.of("CTCT_CLIENT_SECRET", "sandbox-secret", "CTCT_REFRESH_TOKEN", "sandbox-refresh-token");
        return ConfigSource.load(null, o, env::get);
    }

    /** Constant Contact already knows some CRM people (with other details), has sign-ups of its own, and opt-outs. */
    private List<String> prefillConstantContact(CtctClient ctct, DemoCrmSeeder seeder, SandboxControl sandbox) {
        ctct.createCustomField("tier");
        String list = ctct.createList("Website sign-ups");
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i <= SHARED; i++) {
            DemoContact c = seeder.contact(i * 7);
            rows.add(Map.of("email", c.email(), "first_name", c.firstName(), "last_name", c.lastName(), "job_title", "Subscriber"));
        }
        for (int i = 1; i <= CTCT_ONLY; i++) {
            rows.add(Map.of("email", "signup" + i + "@example.org", "first_name", "Signup", "last_name", "Number " + i));
        }
        ImportBatcher batcher = new ImportBatcher(3_800_000, 40_000);
        batcher.split(rows, List.of(list)).forEach(b -> ctct.awaitActivity(ctct.startImport(b)));
        List<String> unsubscribed = new ArrayList<>();
        for (int i = 1; i <= UNSUBSCRIBED; i++) {
            String email = i % 2 == 0 ? seeder.contact(i * 7).email() : "signup" + i + "@example.org";
            ctct.findByEmail(email).ifPresent(c -> {
                sandbox.unsubscribe(c.contactId()).requireOk();
                unsubscribed.add(email);
            });
        }
        say("Constant Contact already holds %d contacts (%d of them also in the CRM, %d unsubscribed).",
                rows.size(), SHARED, unsubscribed.size());
        return unsubscribed;
    }

    private static List<SyncSummary> both(Engine engine) {
        List<SyncSummary> runs = new ArrayList<>();
        for (Flow f : Flow.bothInSafeOrder()) {
            runs.add(engine.run(f));
        }
        return runs;
    }

    /** The edits a person would make between two syncs; the ids are kept so the report can check each one. */
    record Edits(String conflictId, String disjointId, String emailId, String newEmail, String unsubscribeId, String deleteId) {
    }

    private Edits edit(Engine engine, DemoCrm crm, SandboxControl sandbox) {
        List<String> ids = liveIds(engine, 5);
        CtctClient ctct = engine.ctct();
        String conflict = ids.get(0);
        crm.edit(conflict, "first_name", "Katherine");
        sandbox.setClockOffset(5).requireOk();
        sandbox.edit(contactId(engine, conflict), Map.of("first_name", "Kate")).requireOk();
        String disjoint = ids.get(1);
        crm.edit(disjoint, "city", "Porto");
        sandbox.edit(contactId(engine, disjoint), Map.of("job_title", "Head of Growth")).requireOk();
        String moved = ids.get(2);
        String newEmail = "moved." + crmRecord(engine, moved).fields().get("email");
        crm.edit(moved, "email", newEmail);
        String unsub = ids.get(3);
        sandbox.unsubscribe(contactId(engine, unsub)).requireOk();
        String deleted = ids.get(4);
        crm.delete(deleted);
        say("");
        say("Edits: a first name changed on both sides (Constant Contact last), a city in the CRM and a job title in");
        say("Constant Contact on one contact, an e-mail changed in the CRM, an unsubscribe clicked in Constant Contact,");
        say("and a contact deleted in the CRM.");
        return new Edits(conflict, disjoint, moved, newEmail, unsub, deleted);
    }

    private void verify(Engine engine, DemoCrm crm, Edits e, List<String> unsubscribed) {
        CtctClient ctct = engine.ctct();
        say("");
        say("What happened, read back from both sides:");
        CtctContact conflict = ctct.getContact(contactId(engine, e.conflictId()));
        check("Conflict on first name: newest edit won on both sides (CRM '%s', Constant Contact '%s'); conflicts recorded: %d",
                "Kate".equals(field(engine, e.conflictId(), "first_name")) && "Kate".equals(conflict.vocabulary().get("first_name")),
                field(engine, e.conflictId(), "first_name"), conflict.vocabulary().get("first_name"), engine.state().conflictCount());
        CtctContact disjoint = ctct.getContact(contactId(engine, e.disjointId()));
        check("Disjoint edits both kept: city '%s' reached Constant Contact, job title '%s' reached the CRM",
                "Porto".equals(disjoint.vocabulary().get("city")) && "Head of Growth".equals(field(engine, e.disjointId(), "job_title")),
                disjoint.vocabulary().get("city"), field(engine, e.disjointId(), "job_title"));
        Optional<CtctContact> moved = ctct.findByEmail(e.newEmail());
        check("E-mail change: the same Constant Contact contact now has the new address (no second contact)",
                moved.isPresent() && moved.get().contactId().equals(contactId(engine, e.emailId())));
        check("Unsubscribe clicked in Constant Contact reached the CRM (email_opt_out = %s)",
                Boolean.TRUE.equals(crmRecord(engine, e.unsubscribeId()).fields().get("email_opt_out")),
                crmRecord(engine, e.unsubscribeId()).fields().get("email_opt_out"));
        check("Delete in the CRM: the contact is unsubscribed in Constant Contact (policy sync.ctct.delete-policy=unsubscribe)",
                ctct.getContact(contactId(engine, e.deleteId())).unsubscribed());
        long still = unsubscribed.stream().filter(m -> ctct.findByEmail(m).map(CtctContact::unsubscribed).orElse(false)).count();
        check("Contacts unsubscribed in Constant Contact before the demo stayed unsubscribed: %d of %d",
                still == unsubscribed.size(), still, unsubscribed.size());
        long crmOptedOut = 0;
        long honoured = 0;
        for (String id : engine.state().linksByCrmIds(allIds()).keySet()) {
            CrmRecord r = crmRecord(engine, id);
            if (r != null && Boolean.TRUE.equals(r.fields().get("email_opt_out"))) {
                crmOptedOut++;
                if (ctct.getContact(contactId(engine, id)).unsubscribed()) {
                    honoured++;
                }
            }
        }
        check("Every contact opted out in the CRM is unsubscribed in Constant Contact: %d of %d",
                crmOptedOut == honoured, honoured, crmOptedOut);
        say("  dead letters: %d, linked contacts: %d, crm records: %d", engine.state().deadLetterCount(),
                engine.state().linkCount(), crm.count());
    }

    private void report(String title, List<SyncSummary> runs) {
        say("");
        say("%s:", title);
        for (SyncSummary s : runs) {
            say("  %-12s %s in %.1f s, %d API calls", s.flow(), s.status(), s.durationMs() / 1000.0, s.apiCalls());
            StringBuilder b = new StringBuilder();
            s.counts().forEach((k, v) -> {
                if (v != 0 && !k.equals(Counter.READ.key())) {
                    b.append(k).append('=').append(v).append("  ");
                }
            });
            say("               read=%d  %s", s.count(Counter.READ), b.toString().trim());
            if (s.error() != null) {
                say("               error: %s", s.error());
            }
        }
    }

    private static List<String> allIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= CRM_CONTACTS; i++) {
            ids.add(String.format("c%06d", i));
        }
        return ids;
    }

    private List<String> liveIds(Engine engine, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 2; ids.size() < n && i < CRM_CONTACTS; i += 3) {
            CrmRecord r = crmRecord(engine, String.format("c%06d", i));
            if (r != null && !r.deleted() && !Boolean.TRUE.equals(r.fields().get("email_opt_out"))) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    private static CrmRecord crmRecord(Engine engine, String id) {
        return engine.crm().findByIds(List.of(id)).get(id);
    }

    private static Object field(Engine engine, String id, String column) {
        return crmRecord(engine, id).fields().get(column);
    }

    private static String contactId(Engine engine, String crmId) {
        return engine.state().linksByCrmIds(List.of(crmId)).get(crmId).contactId();
    }

    private void check(String format, boolean ok, Object... args) {
        if (!ok) {
            failedChecks++;
        }
        say("  %s %s", ok ? "[ok]  " : "[FAIL]", String.format(format, args));
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }

    private static String stats(SandboxControl sandbox) {
        try {
            return sandbox.stats().toString();
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }

    /** Marks a folder the demo made, so that it only ever empties its own folder. */
    static final String MARKER = ".contact-sync-demo";

    /**
     * Empties the demo's folder, or makes it. A folder that holds anything the demo did not make (no marker), or
     * that holds the working directory, is refused and left untouched: {@code --dir .} must never wipe a checkout.
     */
    static void prepare(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Path.of("").toAbsolutePath().normalize().startsWith(target)) {
            throw new ContactSyncException("--dir " + dir + " holds the working directory; the demo empties its folder"
                    + " first, so give it a folder of its own (default data/demo)");
        }
        if (Files.isDirectory(target) && !Files.exists(target.resolve(MARKER))) {
            try (Stream<Path> entries = Files.list(target)) {
                // A folder of an earlier demo made before the marker holds only its two H2 databases.
                if (entries.anyMatch(p -> !p.getFileName().toString().matches("(crm|state)\\.(mv|trace|lock)\\.db"))) {
                    throw new ContactSyncException("--dir " + dir + " is not empty and was not made by the demo; it is"
                            + " left untouched (the demo empties its folder first): choose a new or empty folder");
                }
            }
        }
        if (Files.exists(target)) {
            try (Stream<Path> files = Files.walk(target)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(target)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(target);
        Files.writeString(target.resolve(MARKER), "made by contact-sync demo; the demo empties this folder when it runs\n");
    }
}
