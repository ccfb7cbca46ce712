package io.contactsync.crm.demo;

import io.contactsync.crm.CrmException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills the demo CRM with realistic, fully deterministic contacts: the same seed and clock always give the same
 * rows. Each contact depends only on (seed, index), so {@link #contact(int)} can recreate any one of them (the
 * demo uses that to put some of the same people into the sandbox). E-mails are unique by construction and use
 * reserved {@code .example} domains. {@code updated_at} values are whole seconds spread over the past days, so
 * large sets contain rows sharing one {@code updated_at}.
 */
public final class DemoCrmSeeder {

    private static final int BATCH = 1_000;
    private static final int COMMIT_EVERY = 20_000;

    private static final List<String> FIRST = List.of("Maria", "James", "Sofia", "Liam", "Aisha", "Noah", "Chen",
            "Emma", "Mateo", "Olivia", "Yuki", "Lucas", "Fatima", "Ethan", "Ingrid", "Omar", "Chloe", "Ravi", "Zoë",
            "Daniel", "Priya", "Jonas", "Amélie", "Kwame", "Hannah", "Diego", "Mei", "Samuel", "Elena", "Tomasz",
            "Grace", "Ahmed", "Léa", "Nikolai", "Isabella", "Kenji", "Nora", "Pedro", "Sara", "Finn", "Ana",
            "Malik", "Julia", "Arjun", "Camille", "Oscar", "Leila", "Henrik", "Valentina", "Tariq");
    private static final List<String> LAST = List.of("Garcia", "Smith", "Müller", "Nguyen", "Rossi", "Kowalski",
            "Johnson", "Okafor", "Tanaka", "Dubois", "Silva", "Patel", "Andersson", "Kim", "O'Brien", "Novak",
            "Schmidt", "Haddad", "Fernández", "Williams", "Chen", "Ivanova", "Brown", "Jensen", "Costa", "Mensah",
            "Lefebvre", "Yilmaz", "Moreau", "Nakamura", "Wilson", "Kaur", "Larsen", "Romero", "Fischer", "Ali",
            "Murphy", "Bianchi", "Sato", "Taylor", "van Dijk", "Hoffmann", "Lopez", "Singh", "Martin");
    private static final List<String> COMPANY_HEAD = List.of("Northwind", "Bluebird", "Granite", "Silverline",
            "Harbor", "Maple", "Orion", "Cedar", "Summit", "Riverbend", "Lumen", "Atlas", "Beacon", "Copperleaf",
            "Evergreen", "Foxglove", "Ironwood", "Juniper", "Keystone", "Meridian");
    private static final List<String> COMPANY_TAIL = List.of("Traders", "Logistics", "Analytics", "Health",
            "Foods", "Labs", "Consulting", "Energy", "Studios", "Systems", "Outfitters", "Partners");
    private static final List<String> TITLES = List.of("Account Executive", "Marketing Manager", "CEO", "CTO",
            "Office Manager", "Software Engineer", "Sales Director", "Customer Success Manager", "Founder",
            "Operations Lead", "Product Manager", "Procurement Specialist", "HR Business Partner", "Consultant",
            "Head of Growth", "Finance Controller", "Event Coordinator", "Data Analyst", "Store Manager", "Teacher");
    /** City, country, phone style. */
    private static final List<String[]> PLACES = List.of(
            new String[] {"San Francisco", "United States", "us"}, new String[] {"Chicago", "United States", "us"},
            new String[] {"Austin", "United States", "us"}, new String[] {"New York", "United States", "us"},
            new String[] {"Toronto", "Canada", "us"}, new String[] {"London", "United Kingdom", "uk"},
            new String[] {"Manchester", "United Kingdom", "uk"}, new String[] {"Berlin", "Germany", "de"},
            new String[] {"Munich", "Germany", "de"}, new String[] {"Paris", "France", "fr"},
            new String[] {"Lyon", "France", "fr"}, new String[] {"Madrid", "Spain", "intl"},
            new String[] {"Amsterdam", "Netherlands", "intl"}, new String[] {"Stockholm", "Sweden", "intl"},
            new String[] {"Sydney", "Australia", "intl"}, new String[] {"Tokyo", "Japan", "intl"},
            new String[] {"São Paulo", "Brazil", "intl"}, new String[] {"Dublin", "Ireland", "intl"});
    private static final List<String> FREE_MAIL = List.of("mail.example", "inbox.example", "post.example");

    /** Names and companies come from small fixed lists: fold each once, not once per contact. */
    private static final Map<String, String> ASCII = new ConcurrentHashMap<>();

    private final long seed;
    private final Clock clock;
    private final Duration spread;

    /** Contacts with {@code updated_at} spread over the 30 days before {@code clock.instant()}. */
    public DemoCrmSeeder(long seed, Clock clock) {
        this(seed, clock, Duration.ofDays(30));
    }

    public DemoCrmSeeder(long seed, Clock clock, Duration spread) {
        this.seed = seed;
        this.clock = clock;
        this.spread = spread;
    }

    /** The contact number {@code index} (1-based), id {@code c000001} style; depends only on seed, clock and index. */
    public DemoContact contact(int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        String companyName = pick(r, COMPANY_HEAD) + " " + pick(r, COMPANY_TAIL);
        String[] place = PLACES.get(r.nextInt(PLACES.size()));
        String tier = switch (r.nextInt(10)) {
            case 0 -> "gold";
            case 1, 2 -> "silver";
            case 3, 4, 5 -> "bronze";
            default -> null;
        };
        boolean optOut = r.nextInt(100) < 3;
        Instant updatedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds(1 + r.nextLong(Math.max(1, spread.toSeconds())));
        return new DemoContact(String.format(Locale.ROOT, "c%06d", index), email(r, first, last, companyName, index),
                first, last, companyName, pick(r, TITLES), phone(r, place[2]), place[0], place[1], tier, optOut,
                updatedAt);
    }

    /** Inserts contacts 1..{@code count} in batches; returns the number inserted. */
    public int seed(DataSource dataSource, int count) {
        return seed(dataSource, 1, count);
    }

    /** Inserts contacts {@code firstIndex .. firstIndex + count - 1} in batches; returns the number inserted. */
    public int seed(DataSource dataSource, int firstIndex, int count) {
        String sql = "INSERT INTO " + DemoCrm.TABLE + " (id, email, first_name, last_name, company, job_title, phone,"
                + " city, country, tier, email_opt_out, deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int n = 0; n < count; n++) {
                bind(ps, contact(firstIndex + n));
                ps.addBatch();
                if ((n + 1) % BATCH == 0) {
                    ps.executeBatch();
                }
                if ((n + 1) % COMMIT_EVERY == 0) {
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
            return count;
        } catch (SQLException e) {
            throw new CrmException("demo CRM: seeding " + count + " contacts failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, DemoContact d) throws SQLException {
        ps.setString(1, d.id());
        ps.setString(2, d.email());
        ps.setString(3, d.firstName());
        ps.setString(4, d.lastName());
        ps.setString(5, d.company());
        ps.setString(6, d.jobTitle());
        ps.setString(7, d.phone());
        ps.setString(8, d.city());
        ps.setString(9, d.country());
        ps.setString(10, d.tier());
        ps.setBoolean(11, d.emailOptOut());
        ps.setBoolean(12, false);
        ps.setObject(13, d.updatedAt().atOffset(ZoneOffset.UTC));
    }

    /** Unique because the index ends the local part right after letters-only name parts. */
    private static String email(SplittableRandom r, String first, String last, String company, int index) {
        String f = ascii(first);
        String l = ascii(last);
        String local = switch (r.nextInt(3)) {
            case 0 -> f + "." + l;
            case 1 -> f.charAt(0) + l;
            default -> f + "_" + l.charAt(0);
        };
        String domain = r.nextInt(4) == 0 ? pick(r, FREE_MAIL) : ascii(company) + ".example";
        return local + index + "@" + domain;
    }

    private static String phone(SplittableRandom r, String style) {
        int line = 100 + r.nextInt(100); // 555-0100..0199 is reserved for fiction
        int area = 200 + r.nextInt(700);
        return switch (style) {
            case "us" -> switch (r.nextInt(3)) {
                case 0 -> String.format(Locale.ROOT, "+1 (%d) 555-%04d", area, line);
                case 1 -> String.format(Locale.ROOT, "%d-555-%04d", area, line);
                default -> String.format(Locale.ROOT, "%d.555.%04d", area, line);
            };
            case "uk" -> String.format(Locale.ROOT, "+44 20 7946 %04d", r.nextInt(1000));
            case "de" -> String.format(Locale.ROOT, r.nextBoolean() ? "+49 30 %08d" : "030 %08d", r.nextInt(100_000_000));
            case "fr" -> String.format(Locale.ROOT, "+33 1 %02d %02d %02d %02d", r.nextInt(100), r.nextInt(100),
                    r.nextInt(100), r.nextInt(100));
            default -> String.format(Locale.ROOT, "+%d %d %07d", 31 + r.nextInt(60), 1 + r.nextInt(9), r.nextInt(10_000_000));
        };
    }

    private static String ascii(String s) {
        return ASCII.computeIfAbsent(s, DemoCrmSeeder::toAscii);
    }

    private static String toAscii(String s) {
        String plain = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static String pick(SplittableRandom r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }
}
