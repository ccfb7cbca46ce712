package io.contactsync.sandbox;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class SandboxLibrariesTest {

    @Test
    void should_find_its_libraries_when_lib_sandbox_is_on_the_class_path() {
        assertThat(SandboxLibraries.present()).isTrue();
    }

    @Test
    void should_fail_with_one_sentence_when_the_libraries_are_not_installed() throws Exception {
        // The sandbox's own classes without its libraries, as in the engine-only image.
        URL classes = SandboxLibraries.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader engineOnly = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> libraries = Class.forName(SandboxLibraries.class.getName(), true, engineOnly);

            Throwable thrown = catchThrowable(() -> libraries.getMethod("require").invoke(null));

            assertThat(thrown).isInstanceOf(InvocationTargetException.class);
            assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sandbox is not part of this installation").hasMessageContaining("lib/sandbox/");
        }
    }
}
