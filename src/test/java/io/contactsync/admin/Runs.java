package io.contactsync.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Follows the runs a 202 named over {@code GET /admin/runs/{id}} until each has ended. */
final class Runs {

    private Runs() {
    }

    /** Each run of a 202 reply as {@code GET /admin/runs/{id}} shows it once ended (neither queued nor running). */
    static List<JsonNode> settle(AdminClient admin, String token, AdminClient.Reply accepted) {
        if (accepted.status() != 202) {
            throw new AssertionError("expected 202, was " + accepted.status() + ": " + accepted.body());
        }
        List<JsonNode> done = new ArrayList<>();
        for (JsonNode r : accepted.body().path("runs")) {
            done.add(settle(admin, token, r.path("run_id").asLong(), Duration.ofSeconds(90)));
        }
        return done;
    }

    static JsonNode settle(AdminClient admin, String token, long id, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            AdminClient.Reply r = admin.get("/admin/runs/" + id, token);
            String status = r.body().path("status").asText();
            if (r.status() == 200 && !status.equals("queued") && !status.equals("running")) {
                return r.body();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("run " + id + " did not end within " + timeout + ": " + r.body());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
