package io.contactsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Binding and checking of {@code sync.*} keys: the catalogue, unknown keys, durations, numbers, secrets. */
class SyncSettingsTest {

    private static final Map<String, String> ENV = Map.of("CTCT_CLIENT_ID", "client", "CTCT_CLIENT_SECRET", "secret");

    @TempDir
    Path dir;

    private static ConfigSource source(Map<String, String> overrides) {
        return ConfigSource.load(null, overrides, ENV::get);
    }

    private static List<String> problemsOf(ConfigSource source) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> SyncSettings.from(source));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e.problems();
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("override.properties"), content);
    }

    @Test
    void should_accept_the_shipped_configuration_when_the_environment_holds_the_secrets() {
        SyncSettings s = SyncSettings.from(source(Map.of()));

        assertThat(s.options().overlap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.ctct().clientSecret()).isEqualTo("secret");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void should_name_the_closest_key_and_the_file_when_a_config_file_has_a_typo() throws IOException {
        Path f = file("sync.flow.overlab=5m\n");

        List<String> problems = problemsOf(ConfigSource.load(f, Map.of(), ENV::get));

        assertThat(problems).containsExactly(
                "unknown key sync.flow.overlab: did you mean sync.flow.overlap? (set in " + f + ")");
    }

    @Test
    void should_refuse_an_unknown_key_when_it_comes_from_a_system_property() {
        System.setProperty("sync.ctct.page-sise", "100");
        try {
            assertThat(problemsOf(source(Map.of()))).containsExactly(
                    "unknown key sync.ctct.page-sise: did you mean sync.ctct.page-size? (set in -Dsync.ctct.page-sise)");
        } finally {
            System.clearProperty("sync.ctct.page-sise");
        }
    }

    @Test
    void should_point_at_the_documented_keys_when_an_unknown_key_is_like_none() {
        assertThat(problemsOf(source(Map.of("sync.completely-different", "x")))).singleElement().asString()
                .startsWith("unknown key sync.completely-different: no such key (config/application.properties lists every key)");
    }

    @Test
    void should_not_check_keys_when_they_are_outside_sync() {
        assertThat(SyncSettings.from(source(Map.of("camel.main.whatever-else", "1", "contactsync.x", "y")))).isNotNull();
    }

    @Test
    void should_report_every_problem_at_once_when_several_keys_are_wrong() {
        List<String> problems = problemsOf(source(Map.of("sync.flow.overlab", "1m", "sync.flow.overlap", "-1m",
                "sync.ctct.page-size", "0", "sync.ctct.backoff-initial", "0s")));

        assertThat(problems).containsExactlyInAnyOrder(
                "unknown key sync.flow.overlab: did you mean sync.flow.overlap? (set in overrides)",
                "sync.flow.overlap = '-1m': must not be negative",
                "sync.ctct.page-size = '0': must be between 1 and 500",
                "sync.ctct.backoff-initial = '0s': must be greater than zero");
    }

    @Test
    void should_refuse_a_negative_overlap_and_accept_zero_when_overlap_is_set() {
        assertThat(problemsOf(source(Map.of("sync.flow.overlap", "-1m"))))
                .containsExactly("sync.flow.overlap = '-1m': must not be negative");
        assertThat(problemsOf(source(Map.of("sync.flow.overlap", "PT-30S"))))
                .containsExactly("sync.flow.overlap = 'PT-30S': must not be negative");
        assertThat(SyncSettings.from(source(Map.of("sync.flow.overlap", "0s"))).options().overlap()).isZero();
    }

    @Test
    void should_keep_the_journal_a_year_by_default_accept_zero_and_refuse_a_negative_retention() {
        assertThat(SyncSettings.from(source(Map.of())).state().journalRetentionDays()).isEqualTo(365);
        assertThat(SyncSettings.from(source(Map.of("sync.journal.retention-days", "0"))).state().journalRetentionDays()).isZero();
        assertThat(problemsOf(source(Map.of("sync.journal.retention-days", "-1"))))
                .singleElement().asString().startsWith("sync.journal.retention-days = '-1'");
        assertThat(problemsOf(source(Map.of("sync.journal.retention-days", "a year"))))
                .singleElement().asString().startsWith("sync.journal.retention-days = 'a year'");
    }

    static Stream<String> positiveDurations() {
        return ConfigCatalogue.keys().stream().filter(k -> k.type() == ConfigKey.Type.DURATION && !k.zeroAllowed())
                .map(ConfigKey::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positiveDurations")
    void should_refuse_zero_and_negative_when_a_duration_must_be_positive(String key) {
        assertThat(problemsOf(source(Map.of(key, "0ms")))).containsExactly(key + " = '0ms': must be greater than zero");
        assertThat(problemsOf(source(Map.of(key, "-5s")))).containsExactly(key + " = '-5s': must not be negative");
    }

    @Test
    void should_cover_every_poll_interval_timeout_backoff_and_margin_when_durations_are_listed() {
        assertThat(positiveDurations()).containsExactlyInAnyOrder("sync.ctct.backoff-initial", "sync.ctct.backoff-max",
                "sync.ctct.activity-poll-initial", "sync.ctct.activity-poll-max", "sync.ctct.activity-timeout",
                "sync.ctct.token-refresh-margin", "sync.lease.ttl", "sync.observe.ctct-probe-interval");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync.ctct.requests-per-second", "sync.ctct.daily-quota", "sync.ctct.page-size",
            "sync.ctct.import-max-rows", "sync.flow.page-size", "sync.crm.jdbc.fetch-size", "sync.admin.port",
            "sync.observe.stale-after-runs"})
    void should_refuse_zero_when_a_count_must_be_at_least_one(String key) {
        assertThat(problemsOf(source(Map.of(key, "0")))).singleElement().asString()
                .startsWith(key + " = '0': must be between 1 and ");
        assertThat(problemsOf(source(Map.of(key, "many")))).containsExactly(key + " = 'many': is not a whole number");
    }

    @Test
    void should_refuse_a_duration_when_it_has_no_unit() {
        assertThat(problemsOf(source(Map.of("sync.ctct.activity-timeout", "30"))))
                .containsExactly("sync.ctct.activity-timeout = '30': is not a duration (examples: PT2M, 500ms, 30s, 2m, 1h)");
    }

    static Stream<ConfigKey> secrets() {
        return ConfigCatalogue.keys().stream().filter(ConfigKey::isSecret);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void should_refuse_a_literal_default_without_showing_it_when_a_secret_is_an_env_reference(ConfigKey key) {
        List<String> problems = problemsOf(source(Map.of(key.name(), "${env:NO_SUCH_VAR:hunter2-literal}")));

        assertThat(problems).containsExactly(key.name() + ": the default of ${env:NO_SUCH_VAR:…} is a literal secret;"
                + " secrets come only from the environment; write " + key.name() + "=${env:" + key.envName() + "}");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void should_refuse_a_literal_without_showing_it_when_a_secret_is_written_in_a_file(ConfigKey key) throws IOException {
        Path f = file(key.name() + "=hunter2-literal\n");

        List<String> problems = problemsOf(ConfigSource.load(f, Map.of(), ENV::get));

        assertThat(problems).containsExactly(key.name() + ": secrets come only from the environment; write "
                + key.name() + "=${env:" + key.envName() + "}");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2");
    }

    @Test
    void should_refuse_a_secret_when_a_literal_surrounds_the_env_reference() {
        assertThat(problemsOf(source(Map.of("sync.admin.token", "abc${env:SYNC_ADMIN_TOKEN}"))))
                .containsExactly("sync.admin.token: secrets come only from the environment; write "
                        + "sync.admin.token=${env:SYNC_ADMIN_TOKEN}");
    }

    @Test
    void should_accept_an_empty_default_when_a_secret_is_optional() {
        SyncSettings s = SyncSettings.from(source(Map.of("sync.admin.token", "${env:NO_SUCH_VAR:}")));

        assertThat(s.admin().enabled()).isFalse();
    }

    @Test
    void should_name_the_variable_when_a_required_secret_is_missing() {
        ConfigSource noSecret = ConfigSource.load(null, Map.of(), Map.of("CTCT_CLIENT_ID", "c")::get);

        assertThat(problemsOf(noSecret))
                .containsExactly("sync.ctct.client-secret: is required; set the environment variable CTCT_CLIENT_SECRET");
    }

    @Test
    void should_warn_and_not_refuse_when_the_admin_host_is_not_loopback() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("SYNC_ADMIN_TOKEN", "t0ken");

        SyncSettings open = SyncSettings.from(ConfigSource.load(null, Map.of("sync.admin.host", "0.0.0.0"), env::get));
        SyncSettings loopback = SyncSettings.from(ConfigSource.load(null, Map.of("sync.admin.host", "localhost"), env::get));

        assertThat(open.warnings()).containsExactly("sync.admin.host = '0.0.0.0': is not a loopback address: the admin"
                + " token and personal data travel in clear text unless a TLS proxy sits in front");
        assertThat(loopback.warnings()).isEmpty();
        assertThat(SyncSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(SyncSettings.isLoopback("[::1]")).isTrue();
        assertThat(SyncSettings.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    void should_refuse_a_schedule_when_it_is_not_a_quartz_cron_and_accept_off() {
        assertThat(problemsOf(source(Map.of("sync.schedule.crm-to-ctct", "every 5 minutes")))).containsExactly(
                "sync.schedule.crm-to-ctct = 'every 5 minutes': is not a Quartz cron (seconds minutes hours"
                        + " day-of-month month day-of-week, e.g. 0 */5 * * * ?), nor blank or off");
        assertThat(SyncSettings.from(source(Map.of("sync.schedule.crm-to-ctct", "off")))).isNotNull();
    }

    @Test
    void should_document_every_catalogue_key_when_application_properties_is_read() throws IOException {
        Properties shipped = new Properties();
        try (var in = Files.newBufferedReader(ConfigSource.DEFAULT_FILE)) {
            shipped.load(in);
        }
        Set<String> documented = shipped.stringPropertyNames().stream().filter(k -> k.startsWith("sync."))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = ConfigCatalogue.keys().stream().map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).isEqualTo(declared);
        assertThat(ConfigCatalogue.keys()).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
    }

    @Test
    void should_measure_edits_when_distance_is_computed() {
        assertThat(ConfigCatalogue.distance("sync.flow.overlab", "sync.flow.overlap")).isEqualTo(1);
        assertThat(ConfigCatalogue.distance("", "abc")).isEqualTo(3);
        assertThat(ConfigCatalogue.distance("kitten", "sitting")).isEqualTo(3);
    }
}
