package io.contactsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineProcessTest {

    @Test
    void should_take_the_peak_heap_from_before_each_collection_and_from_the_heap_at_exit() {
        String log = """
                [0.412s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(256M) 3.1ms
                [1.802s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 61M->9M(256M) 5.0ms
                [2.100s][info][gc] GC(2) Pause Young (Concurrent Start) 2048K->1024K(256M) 1.0ms
                [6.966s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 30720K [0x00000000f0000000, 0x0000000100000000)
                """;

        assertThat(EngineProcess.peakHeap(log)).isEqualTo(61L * 1024 * 1024);
        assertThat(EngineProcess.peakHeap("[6.9s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 70000K [0x0"))
                .isEqualTo(70_000L * 1024);
        assertThat(EngineProcess.peakHeap("no figures")).isEqualTo(-1);
    }

    @Test
    void should_read_the_peak_resident_set_from_proc_status() {
        assertThat(EngineProcess.hwm("Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  190000 kB\n"))
                .isEqualTo(204_800L * 1024);
        assertThat(EngineProcess.hwm("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void should_find_the_pretty_printed_summary_after_other_output() {
        String out = "some line {not json}\n{\n  \"status\" : \"succeeded\",\n  \"duration_ms\" : 3334\n}\n";

        assertThat(EngineProcess.lastJson(out).get("duration_ms").asLong()).isEqualTo(3334);
        assertThat(EngineProcess.lastJson("{\"status\":\"failed\"}").get("status").asText()).isEqualTo("failed");
        assertThat(EngineProcess.lastJson("error: no summary\n")).isNull();
    }

    @Test
    void should_tell_an_out_of_memory_end_from_a_partial_run_when_reading_the_engine_stderr() {
        assertThat(EngineProcess.outOfMemory("Terminating due to java.lang.OutOfMemoryError: Java heap space\n")).isTrue();
        assertThat(EngineProcess.outOfMemory("Exception in thread \"main\" java.lang.OutOfMemoryError: GC overhead\n")).isTrue();
        assertThat(EngineProcess.outOfMemory("run partial: 9 parked\n")).isFalse();
    }

    @Test
    void should_run_the_engine_with_the_docker_image_jvm_options() {
        assertThat(EngineProcess.JVM_OPTIONS).contains("-XX:+ExitOnOutOfMemoryError", "-XX:MaxMetaspaceSize=128m");
    }
}
