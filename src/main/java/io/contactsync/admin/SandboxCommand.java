package io.contactsync.admin;

import picocli.CommandLine.Command;

/** Placeholder replaced by the sandbox work (issue 2). */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Run the Constant Contact V3 sandbox.")
public final class SandboxCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("sandbox is being built");
    }
}
