package io.contactsync.constantcontact;

import java.util.List;

/** One page of GET /contacts; {@code nextHref} is the cursor link exactly as given, or null on the last page. */
public record ContactPage(List<CtctContact> contacts, String nextHref) {
    public ContactPage {
        contacts = List.copyOf(contacts);
    }
}
