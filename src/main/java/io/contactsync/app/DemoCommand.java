package io.contactsync.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.contactsync.sandbox.SandboxLibraries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the guided two-way demo against an in-process sandbox. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the guided demo: sandbox + demo CRM, a two-way sync, edits on both sides, another sync, a report.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "data/demo", description = "Where the demo keeps its files: a new or empty folder, or one an earlier demo made (emptied first). Default: ${DEFAULT-VALUE}")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Before the demo empties its folder and seeds a CRM: an engine-only installation has no sandbox to run.
        SandboxLibraries.require();
        return new Demo(spec.commandLine().getOut(), dir).run();
    }
}
