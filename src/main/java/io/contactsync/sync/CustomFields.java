package io.contactsync.sync;

import java.util.List;
import java.util.stream.Collectors;

import io.contactsync.ContactSyncException;
import io.contactsync.constantcontact.CtctClient;
import io.contactsync.mapping.ContactMapping;
import io.contactsync.mapping.MappingProblem;

/**
 * Both flows start by checking that every custom field the mapping names exists in the account: without it, an
 * import would be refused (crm-to-ctct) and every contact would read as having no value, blanking the CRM column
 * (ctct-to-crm). A missing field stops the cycle before it writes anything, saying what to do.
 */
final class CustomFields {

    private CustomFields() {
    }

    static void check(ContactMapping mapping, CtctClient ctct) {
        if (mapping.customFieldNames().isEmpty()) {
            return;
        }
        List<MappingProblem> problems = mapping.checkAgainstAccount(ctct.customFieldIdsByName().keySet());
        if (!problems.isEmpty()) {
            throw new ContactSyncException("the mapping names custom fields Constant Contact does not have:\n  "
                    + problems.stream().map(MappingProblem::toString).collect(Collectors.joining("\n  "))
                    + "\n  (create them in Constant Contact, or run: contact-sync validate --create-custom-fields)");
        }
    }
}
