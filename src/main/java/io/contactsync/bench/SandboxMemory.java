package io.contactsync.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The heap of the bench's own JVM, which hosts the sandbox (and the CRM's H2 server): what the account holds after a
 * phase, and a warning before a run whose account will not fit. The sandbox needs about 1 KB a contact
 * (docs/benchmarks.md, "Memory"); the JVM's default heap is a quarter of the machine's memory.
 */
final class SandboxMemory {
    /** Heap a contact takes in the sandbox, with margin (measured: about 1 KB; {@code SandboxFootprintTest}). */
    static final long BYTES_PER_CONTACT = 1_200;
    /** Heap besides the account: the bench, the sandbox's server and spec, the CRM's H2 server, an import in flight. */
    static final long BASE_BYTES = 384L * 1024 * 1024;
    private static final double MB = 1024.0 * 1024;

    private SandboxMemory() {
    }

    /** The heap {@code contacts} need in this JVM: the account (a push, pull or twoway phase holds up to N). */
    static long needed(long contacts) {
        return BASE_BYTES + contacts * BYTES_PER_CONTACT;
    }

    /** A warning line when {@code maxHeap} is below what {@code contacts} need, else null. */
    static String warning(long contacts, long maxHeap) {
        long need = needed(contacts);
        if (maxHeap >= need) {
            return null;
        }
        long gb = (need + (1L << 30) - 1) >> 30;
        return String.format(Locale.ROOT, "bench: warning: this JVM hosts the sandbox and may use %,.0f MB of heap;"
                + " %,d contacts need about %,.0f MB: start it with java -Xmx%dg -jar target/contact-sync.jar bench ...",
                maxHeap / MB, contacts, need / MB, gb);
    }

    /** The heap in use after a full collection, as a progress line. */
    static String line(long contacts) {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "bench JVM (sandbox and CRM) heap after GC %,.0f MB of %,.0f MB max, %,d contacts"
                + " in the account", heap.getUsed() / MB, heap.getMax() / MB, contacts);
    }
}
