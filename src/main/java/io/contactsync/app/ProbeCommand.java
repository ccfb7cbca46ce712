package io.contactsync.app;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probe URL}: one GET, exit 0 on a 2xx answer and 1 otherwise (another status, no answer, a timeout). For
 * container healthchecks (the JRE image has neither curl nor wget); reads no configuration and sends no token, so it
 * only fits endpoints that answer without one ({@code /observe/health/live}, the sandbox's {@code /sandbox/stats}).
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "GET a URL once; exit 0 on a 2xx answer, 1 otherwise (for container healthchecks).")
public final class ProbeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "http(s) URL to GET, e.g. http://127.0.0.1:8080/observe/health/live")
    URI url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            out.println(url + ": " + status);
            out.flush();
            return status >= 200 && status < 300 ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(out, "interrupted");
        } catch (Exception e) {
            return report(out, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private int report(PrintWriter out, String why) {
        out.println(url + ": no answer (" + why + ")");
        out.flush();
        return 1;
    }
}
