package io.contactsync.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.contactsync.ContactSyncException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoFolderTest {

    @TempDir
    Path tmp;

    @Test
    void should_refuse_and_touch_nothing_when_the_folder_holds_files_the_demo_did_not_make() throws IOException {
        Path mine = Files.writeString(tmp.resolve("thesis.txt"), "precious");

        assertThatThrownBy(() -> Demo.prepare(tmp)).isInstanceOf(ContactSyncException.class)
                .hasMessageContaining("not empty and was not made by the demo");
        assertThat(mine).exists().hasContent("precious");
    }

    @Test
    void should_refuse_the_working_directory_and_its_parents() {
        assertThatThrownBy(() -> Demo.prepare(Path.of("."))).hasMessageContaining("holds the working directory");
        assertThatThrownBy(() -> Demo.prepare(Path.of("..").toAbsolutePath())).hasMessageContaining("holds the working directory");
    }

    @Test
    void should_empty_a_folder_an_earlier_demo_made_and_make_a_new_one() throws IOException {
        Path dir = tmp.resolve("demo");
        Demo.prepare(dir);
        Files.writeString(dir.resolve("state.mv.db"), "old run");

        Demo.prepare(dir);

        assertThat(dir.resolve("state.mv.db")).doesNotExist();
        assertThat(dir.resolve(Demo.MARKER)).exists();
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Demo.prepare(empty);
        assertThat(empty.resolve(Demo.MARKER)).exists();
    }
}
