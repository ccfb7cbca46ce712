package io.contactsync.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP route of the admin API and the status page ends with its {@code respond} step: without it Camel answers
 * a bare 500 (it cannot turn the reply record into a body), as a merge once left two routes.
 */
class HttpRouteFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"routes/admin.camel.yaml", "routes/status-page.camel.yaml"})
    void should_end_every_route_with_its_respond_step(String file) throws IOException {
        String yaml = Files.readString(Path.of(file));
        List<String> missing = new ArrayList<>();
        String[] routes = yaml.split("(?m)^- route:");
        for (int i = 1; i < routes.length; i++) {
            String route = routes[i];
            String id = route.replaceAll("(?s)^\\s*id:\\s*(\\S+).*", "$1");
            List<String> steps = route.lines().filter(l -> l.trim().startsWith("- bean:")).toList();
            if (steps.isEmpty() || !steps.get(steps.size() - 1).contains("method: respond")) {
                missing.add(id);
            }
        }
        assertThat(routes.length).as("routes in " + file).isGreaterThan(3);
        assertThat(missing).as("routes of " + file + " without a final respond step").isEmpty();
    }
}
