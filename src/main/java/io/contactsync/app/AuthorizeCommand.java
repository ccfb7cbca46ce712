package io.contactsync.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Callable;

import io.contactsync.ContactSyncException;
import io.contactsync.config.CtctSettings;
import io.contactsync.config.SyncSettings;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.constantcontact.auth.AuthorizationCodeFlow;
import io.contactsync.constantcontact.auth.LoopbackRedirect;
import io.contactsync.constantcontact.auth.Pkce;
import io.contactsync.constantcontact.transport.CamelHttpTransport;
import io.contactsync.constantcontact.transport.HttpTransport;
import io.contactsync.state.JdbcStateStore;
import io.contactsync.state.StateStore;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code authorize}: connects a Constant Contact account by the OAuth2 authorization-code flow with PKCE. Prints
 * the URL to open, waits for the browser's redirect on a one-shot loopback listener, exchanges the code, stores the
 * tokens in the state store (from then on no CTCT_REFRESH_TOKEN is needed) and lists what the account holds.
 * Exit code 0 when authorized and the account answered, 1 when refused, timed out, or the state did not match.
 */
@Command(name = "authorize", mixinStandardHelpOptions = true,
        description = "Connect a Constant Contact account: OAuth2 authorization code + PKCE through a browser;"
                + " stores the tokens in the state store (0 = authorized, 1 = refused / timed out, 2 = usage).")
public final class AuthorizeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8765",
            description = "Port of the redirect listener on 127.0.0.1 (default ${DEFAULT-VALUE}); the redirect URI"
                    + " http://127.0.0.1:<port>/callback must be registered with the application. 0 picks a free port.")
    int port;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the browser's redirect (default ${DEFAULT-VALUE} s; codes expire after 5 minutes).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        SyncSettings settings = config.settings();
        CtctSettings ctct = settings.ctct();
        DefaultCamelContext camel = new DefaultCamelContext();
        try (StateStore state = JdbcStateStore.open(settings.state().url(), settings.state().user(), settings.state().password())) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            HttpTransport transport = new CamelHttpTransport(() -> template);
            AuthorizationCodeFlow flow = new AuthorizationCodeFlow(ctct.authorizeUrl(), ctct.tokenUrl(), ctct.clientId(),
                    ctct.clientSecret(), transport, Clock.systemUTC());
            // The verifier and the state never leave this process: they die with it.
            Pkce pkce = Pkce.create();
            Approval approval = awaitApproval(out, flow, pkce);
            AuthorizationCodeFlow.Granted granted = flow.exchange(approval.code(), approval.redirectUri(), pkce,
                    Engine.tokenStore(ctct, state));
            out.println("constant contact: authorized (scope: " + granted.scope()
                    + "); the tokens are in the state store, CTCT_REFRESH_TOKEN is not needed");
            out.flush();
            checkAccount(out, ctct, transport, state);
            return 0;
        } finally {
            camel.stop();
        }
    }

    private void checkOptions() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
    }

    /** The code that came back, and the redirect URI it came to (the exchange must name the same). */
    private record Approval(String code, URI redirectUri) {
        @Override
        public String toString() {
            return "Approval[code=****, redirectUri=" + redirectUri + "]";
        }
    }

    /** Starts the listener, prints what to register and open, and waits for the code; anything else ends with exit 1. */
    private Approval awaitApproval(PrintWriter out, AuthorizationCodeFlow flow, Pkce pkce) throws InterruptedException {
        String state = Pkce.random(24);
        LoopbackRedirect redirect;
        try {
            redirect = LoopbackRedirect.start(port, state);
        } catch (IOException e) {
            throw new ContactSyncException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "): free that port or choose another with --port, and register its redirect URI");
        }
        try (LoopbackRedirect listening = redirect) {
            out.println("Redirect URI (register it with the application): " + listening.redirectUri());
            out.println("Open this URL in a browser, sign in to Constant Contact and allow access:");
            out.println("  " + flow.authorizeUri(listening.redirectUri(), state, pkce));
            out.println("Waiting up to " + timeoutSeconds + " s for the redirect…");
            out.flush();
            LoopbackRedirect.Callback callback = listening.await(Duration.ofSeconds(timeoutSeconds)).orElseThrow(() ->
                    new ContactSyncException("no redirect arrived within " + timeoutSeconds + " s; the listener has"
                            + " stopped. Run contact-sync authorize again and approve the app in the browser"));
            if (callback instanceof LoopbackRedirect.Callback.Approved approved) {
                return new Approval(approved.code(), listening.redirectUri());
            }
            if (callback instanceof LoopbackRedirect.Callback.Refused refused) {
                throw new ContactSyncException("Constant Contact did not authorize the app (" + refused.error()
                        + (refused.description().isEmpty() ? "" : ": " + refused.description()) + ")");
            }
            throw new ContactSyncException("the redirect's state does not match this authorization (a stale or"
                    + " forged redirect); nothing was stored. Run contact-sync authorize again");
        }
    }

    /** The light part of {@code validate}: the stored token works and the account answers. */
    private static void checkAccount(PrintWriter out, CtctSettings ctct, HttpTransport transport, StateStore state) {
        CtctClient client = Engine.ctctClient(ctct, transport, state, EngineParts.forOneShot());
        try {
            Collection<String> fields = client.customFieldIdsByName().keySet();
            Collection<String> lists = client.listIdsByName().keySet();
            out.println("constant contact: account reachable: " + fields.size() + " custom field(s)" + names(fields)
                    + ", " + lists.size() + " list(s)" + names(lists));
            out.println("authorized; next: contact-sync validate");
            out.flush();
        } catch (RuntimeException e) {
            throw new ContactSyncException("authorized and the tokens are stored, but the account check failed: "
                    + e.getMessage(), e);
        }
    }

    private static String names(Collection<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", names.stream().sorted().limit(10).toList());
        return " (" + shown + (names.size() > 10 ? ", …" : "") + ")";
    }
}
