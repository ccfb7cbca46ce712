package io.contactsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SandboxMemoryTest {
    private static final long MB = 1024L * 1024;

    @Test
    void should_warn_with_the_xmx_to_use_when_a_million_contacts_do_not_fit_the_bench_heap() {
        String w = SandboxMemory.warning(1_000_000, 1024 * MB);

        assertThat(w).contains("1,000,000 contacts", "java -Xmx2g -jar", "1,024 MB");
    }

    @Test
    void should_not_warn_when_the_heap_holds_the_account() {
        assertThat(SandboxMemory.warning(1_000_000, 2048 * MB)).isNull();
        assertThat(SandboxMemory.warning(10_000, 512 * MB)).isNull();
        assertThat(SandboxMemory.needed(1_000_000)).isLessThan(2048 * MB);
    }
}
