package io.contactsync.state;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatePoolTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:data/state;AUTO_SERVER=FALSE | jdbc:h2:file:./data/state;AUTO_SERVER=FALSE",
            "jdbc:h2:data/state                        | jdbc:h2:./data/state",
            "jdbc:h2:file:./data/state;MODE=PostgreSQL | jdbc:h2:file:./data/state;MODE=PostgreSQL",
            "jdbc:h2:../data/state                     | jdbc:h2:../data/state",
            "jdbc:h2:file:/var/lib/sync/state          | jdbc:h2:file:/var/lib/sync/state",
            "jdbc:h2:~/state                           | jdbc:h2:~/state",
            "jdbc:h2:mem:state;DB_CLOSE_DELAY=-1       | jdbc:h2:mem:state;DB_CLOSE_DELAY=-1",
            "jdbc:h2:tcp://localhost/~/state           | jdbc:h2:tcp://localhost/~/state",
            "jdbc:postgresql://db:5432/sync            | jdbc:postgresql://db:5432/sync",
    })
    void should_make_only_implicitly_relative_h2_paths_explicit_when_normalizing(String url, String expected) {
        assertThat(StatePool.normalizeH2(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/state                 | jdbc:h2:file:./data/state;AUTO_SERVER=TRUE",
            "jdbc:h2:./data/state;MODE=PostgreSQL      | jdbc:h2:./data/state;MODE=PostgreSQL;AUTO_SERVER=TRUE",
            "jdbc:h2:file:./data/state;auto_server=false | jdbc:h2:file:./data/state;auto_server=false",
            "jdbc:h2:file:./data/state;FILE_LOCK=NO    | jdbc:h2:file:./data/state;FILE_LOCK=NO",
            "jdbc:h2:mem:state;DB_CLOSE_DELAY=-1       | jdbc:h2:mem:state;DB_CLOSE_DELAY=-1",
            "jdbc:h2:tcp://localhost/~/state           | jdbc:h2:tcp://localhost/~/state",
            "jdbc:postgresql://db:5432/sync            | jdbc:postgresql://db:5432/sync",
    })
    void should_open_only_h2_files_without_the_option_in_auto_server_mode(String url, String expected) {
        assertThat(StatePool.withAutoServer(url)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/state;PASSWORD=x              | jdbc:h2:file:./data/state",
            "jdbc:postgresql://db/sync?user=u&password=secret  | jdbc:postgresql://db/sync",
    })
    void should_drop_settings_and_parameters_when_redacting(String url, String expected) {
        assertThat(StatePool.redact(url)).isEqualTo(expected);
    }
}
