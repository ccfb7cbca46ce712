package io.contactsync.sandbox;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The sandbox ships as its own part (lib/sandbox): it must not need the engine, and the engine needs it only in the CLI. */
class SandboxBoundaryTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contactsync");

    @Test
    void should_depend_on_nothing_of_the_engine_when_the_sandbox_is_compiled() {
        noClasses().that().resideInAPackage("io.contactsync.sandbox..")
                .should().dependOnClassesThat(resideInAPackage("io.contactsync..").and(not(resideInAPackage("io.contactsync.sandbox.."))))
                .because("the sandbox runs without the engine")
                .check(MAIN);
    }

    @Test
    void should_reach_the_sandbox_only_from_the_sandbox_and_demo_commands_when_the_engine_is_compiled() {
        noClasses().that().resideOutsideOfPackage("io.contactsync.sandbox..")
                .and().haveNameNotMatching("io\\.contactsync\\.(app\\.SandboxCommand|app\\.DemoCommand|app\\.Demo)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.contactsync.sandbox..")
                .because("an engine-only installation has no lib/sandbox")
                .check(MAIN);
    }
}
