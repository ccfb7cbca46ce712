package io.contactsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.contactsync.ContactSyncException;
import io.contactsync.constantcontact.CtctClient;

/**
 * List names of the mapping to Constant Contact {@code list_id}s. Loaded once per cycle; a name the account does
 * not have is created when the mapping allows it, else it is a clear error.
 */
public final class ListDirectory {

    private final CtctClient ctct;
    private final boolean createMissing;
    private final Map<String, String> idsByName = new ConcurrentHashMap<>();
    /** A dry run's directory: a missing list is named, not created. */
    private final List<String> wouldCreate;

    public ListDirectory(CtctClient ctct, boolean createMissing) {
        this(ctct, createMissing, null);
    }

    private ListDirectory(CtctClient ctct, boolean createMissing, List<String> wouldCreate) {
        this.ctct = ctct;
        this.createMissing = createMissing;
        this.wouldCreate = wouldCreate;
    }

    /** A directory for a dry run: it creates nothing, and a missing list gets the id {@code (new list NAME)}. */
    public static ListDirectory dryRun(CtctClient ctct, boolean createMissing) {
        return new ListDirectory(ctct, createMissing, new ArrayList<>());
    }

    /** The lists a dry run would have created, by name. */
    public synchronized List<String> wouldCreate() {
        return wouldCreate == null ? List.of() : List.copyOf(wouldCreate);
    }

    /** Reloads the account's lists (start of a cycle). */
    public void refresh() {
        idsByName.clear();
        idsByName.putAll(ctct.listIdsByName());
    }

    /** The sorted ids of these list names, creating missing lists when allowed. */
    public List<String> idsOf(Collection<String> names) {
        TreeSet<String> ids = new TreeSet<>();
        for (String name : names) {
            String id = idsByName.get(name);
            if (id == null) {
                id = create(name);
            }
            ids.add(id);
        }
        return new ArrayList<>(ids);
    }

    private synchronized String create(String name) {
        String id = idsByName.get(name);
        if (id != null) {
            return id;
        }
        if (!createMissing) {
            throw new ContactSyncException("list '" + name + "' does not exist in Constant Contact and the mapping's"
                    + " lists.create-missing is false: create it or allow creation");
        }
        if (wouldCreate != null) {
            wouldCreate.add(name);
            id = "(new list " + name + ")";
        } else {
            id = ctct.createList(name);
        }
        idsByName.put(name, id);
        return id;
    }
}
