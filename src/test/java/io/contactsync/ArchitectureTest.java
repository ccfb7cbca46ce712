package io.contactsync;

import java.sql.Connection;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contactsync.state.PageCommit;
import io.contactsync.state.StateStore;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries DESIGN.md draws, enforced on the main classes: each rule names who may depend on what, so a change
 * that crosses a boundary fails the build instead of relying on review.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contactsync");

    @Test
    void should_see_every_part_so_that_no_rule_passes_on_an_empty_import() {
        for (String part : new String[] {"app", "admin", "admin.page", "config", "vocabulary", "mapping", "crm", "constantcontact",
                "state", "sync", "sandbox", "observe", "bench"}) {
            assertThat(MAIN.stream().anyMatch(c -> c.getPackageName().startsWith("io.contactsync." + part)))
                    .as("classes of io.contactsync.%s imported", part).isTrue();
        }
    }

    @Test
    void should_keep_the_sandbox_free_of_the_engine() {
        noClasses().that().resideInAPackage("io.contactsync.sandbox..")
                .should().dependOnClassesThat(resideInAPackage("io.contactsync..").and(not(resideInAPackage("io.contactsync.sandbox.."))))
                .because("the sandbox runs without the engine and ships its own libraries in lib/sandbox")
                .check(MAIN);
    }

    @Test
    void should_reach_the_sandbox_only_from_the_sandbox_and_demo_commands() {
        noClasses().that().resideOutsideOfPackage("io.contactsync.sandbox..")
                .and().haveNameNotMatching("io\\.contactsync\\.app\\.(SandboxCommand|DemoCommand|Demo|BenchCommand)(\\$.*)?")
                .and().haveNameNotMatching("io\\.contactsync\\.bench\\.BenchHarness(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.contactsync.sandbox..")
                .because("an engine-only installation (the Docker runtime image) has no lib/sandbox")
                .check(MAIN);
    }

    @Test
    void should_have_no_cycles_between_top_level_parts() {
        slices().matching("io.contactsync.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void should_have_no_cycles_between_any_two_packages() {
        slices().matching("io.contactsync.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void should_commit_transactions_only_in_the_state_store_and_the_crm_connector() {
        noClasses().that().resideOutsideOfPackages("io.contactsync.state..", "io.contactsync.crm..", "io.contactsync.sandbox..")
                .should().callMethod(Connection.class, "commit")
                .orShould().callMethod(Connection.class, "setAutoCommit", boolean.class)
                .because("the state store is the one place that commits the engine's state (the CRM connector commits the CRM's own writes)")
                .check(MAIN);
    }

    @Test
    void should_commit_pages_only_from_the_flows() {
        noClasses().that().resideOutsideOfPackages("io.contactsync.sync..", "io.contactsync.state..")
                .should().callMethod(StateStore.class, "commit", PageCommit.class)
                .because("a page commit (links, snapshots, dead letters, checkpoint) is a flow's last step")
                .check(MAIN);
    }

    @Test
    void should_speak_the_constant_contact_api_only_in_constantcontact() {
        noClasses().that().resideOutsideOfPackages("io.contactsync.constantcontact..", "io.contactsync.app..")
                .should().dependOnClassesThat(resideInAnyPackage("io.contactsync.constantcontact.client..",
                        "io.contactsync.constantcontact.transport..", "io.contactsync.constantcontact.auth..")
                        .and(not(nameMatching(".*\\.CtctApiException(\\$.*)?"))))
                .because("only constantcontact builds API URLs and JSON; others use CtctClient's typed calls")
                .check(MAIN);
        noClasses().that().resideOutsideOfPackages("io.contactsync.constantcontact..", "io.contactsync.sandbox..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.URLEncoder")
                .because("query strings of the API are built in constantcontact")
                .check(MAIN);
    }

    @Test
    void should_use_camel_types_only_in_the_wiring_and_the_transport() {
        noClasses().that().resideOutsideOfPackages("io.contactsync.app..", "io.contactsync.admin..",
                        "io.contactsync.constantcontact.transport..", "io.contactsync.observe..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("flows and planners are plain Java called by name from the routes (observe: Camel health checks)")
                .check(MAIN);
    }

    @Test
    void should_reach_observe_only_from_the_wiring_and_metrics_only_from_observe() {
        noClasses().that().resideOutsideOfPackages("io.contactsync.app..", "io.contactsync.observe..")
                .should().dependOnClassesThat().resideInAPackage("io.contactsync.observe..")
                .because("the engine's parts tell what happens through small hooks (CtctCallObserver, the run records);"
                        + " only the wiring knows the metrics and health checks that listen")
                .check(MAIN);
        noClasses().that().resideOutsideOfPackages("io.contactsync.observe..", "io.contactsync.app..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("metric names and labels (never an id or an e-mail) are decided in one place")
                .check(MAIN);
    }

    @Test
    void should_render_html_only_in_the_status_page_and_keep_it_off_the_databases_and_apis() {
        noClasses().that().resideOutsideOfPackage("io.contactsync.admin.page..")
                .should().dependOnClassesThat().resideInAPackage("com.github.mustachejava..")
                .because("the status page is the one HTML view; its templates escape every value")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.contactsync.admin.page..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.contactsync.crm..",
                        "io.contactsync.constantcontact..", "io.contactsync.mapping..")
                .because("the page shows what the state store and the runner report, and acts through them only")
                .check(MAIN);
    }

    @Test
    void should_keep_mapping_and_the_vocabulary_free_of_io() {
        noClasses().that().resideInAnyPackage("io.contactsync.mapping..", "io.contactsync.vocabulary..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sql.DataSource")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("io.contactsync.mapping..", "io.contactsync.vocabulary..")
                .should().dependOnClassesThat().resideInAnyPackage("io.contactsync.constantcontact..", "io.contactsync.state..",
                        "io.contactsync.crm..", "io.contactsync.sync..", "java.net..")
                .because("the mapping is pure (it reads JDBC value types, never a connection): compiled once, used by both directions")
                .check(MAIN);
    }
}
