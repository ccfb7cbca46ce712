package io.contactsync.admin.page;

import java.io.StringWriter;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

/**
 * Renders the status page's templates ({@code src/main/resources/io/contactsync/admin/page/*.mustache}) with
 * mustache.java, which HTML-escapes every {@code {{value}}}: a reason or an error holding markup shows as text.
 * Compiled once; thread-safe.
 */
final class PageView {

    private static final String ROOT = "io/contactsync/admin/page";

    private final Mustache page;
    private final Mustache login;
    private final Mustache message;
    private final Mustache explain;

    PageView() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory(ROOT);
        this.page = factory.compile("page.mustache");
        this.login = factory.compile("login.mustache");
        this.message = factory.compile("message.mustache");
        this.explain = factory.compile("explain.mustache");
    }

    /** @param model {@link PageModel#of} */
    String page(Map<String, Object> model) {
        return render(page, model);
    }

    /** @param errorOrNull shown above the form (a wrong token) */
    String login(String errorOrNull) {
        return render(login, errorOrNull == null ? Map.of() : Map.of("error", errorOrNull));
    }

    /** A short page for a refused request (403), with a link back. */
    String message(String title, String text) {
        return render(message, Map.of("title", title, "text", text));
    }

    /** A contact's story ({@code GET /status/explain}); the model of {@code StatusPage.explain}. */
    String explain(Map<String, Object> model) {
        return render(explain, model);
    }

    private static String render(Mustache m, Object scope) {
        StringWriter out = new StringWriter();
        m.execute(out, scope);
        return out.toString();
    }
}
