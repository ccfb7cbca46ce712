package io.contactsync.constantcontact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.constantcontact.client.CtctHttpClient;
import io.contactsync.constantcontact.transport.CtctApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the contacts behind imported e-mails, the cheapest way {@link ReadBackPlanner} finds: one
 * {@code contact_exports} file of the account when it is small enough and the e-mails many; else one pass over the
 * contacts updated since the import (500 per call, stopping once all are found), then an export or one look-up per
 * e-mail still missing (a row the import left unchanged is not in that pass).
 */
final class ReadBacks {

    private static final Logger LOG = LoggerFactory.getLogger(ReadBacks.class);
    /** Constant Contact's clock may run ahead of an activity's {@code created_at} by a moment. */
    private static final long READ_BACK_MARGIN_SECONDS = 5;

    private final CtctHttpClient http;
    private final ContactExports exports;
    private final long exportMaxRows;
    private final Function<JsonNode, CtctContact> reader;
    private final Function<String, Optional<CtctContact>> lookup;

    ReadBacks(CtctHttpClient http, ContactExports exports, long exportMaxRows, Function<JsonNode, CtctContact> reader,
              Function<String, Optional<CtctContact>> lookup) {
        this.http = http;
        this.exports = exports;
        this.exportMaxRows = exportMaxRows;
        this.reader = reader;
        this.lookup = lookup;
    }

    /**
     * The contacts behind these e-mails after imports that began at {@code importStartedAt} (null: unknown), read
     * the cheapest way {@link ReadBackPlanner} finds: one {@code contact_exports} file of the account when it is
     * small enough and the e-mails many; else one pass over the contacts updated since the import (500 per call,
     * stopping once all are found), then an export or one look-up per e-mail still missing (a row the import left
     * unchanged is not in that pass).
     *
     * @param accountEstimate about how many contacts the account holds (the engine's links plus the new ones)
     */
    CtctClient.ReadBack readBack(Collection<String> emails, Instant importStartedAt, long accountEstimate) {
        Map<String, CtctContact> found = new LinkedHashMap<>();
        Set<String> existed = new HashSet<>();
        Set<String> whole = new HashSet<>();
        Set<String> missing = new HashSet<>();
        emails.forEach(e -> missing.add(e.toLowerCase(Locale.ROOT)));
        Instant since = importStartedAt == null ? null : importStartedAt.minusSeconds(READ_BACK_MARGIN_SECONDS);
        // Created before the import began (Constant Contact's own clock for both): it was there already.
        Instant existedIf = importStartedAt;
        ReadBackPlanner.Way way = ReadBackPlanner.firstPass(missing.size(), importStartedAt != null, accountEstimate,
                exportMaxRows);
        if (way == ReadBackPlanner.Way.EXPORT && !exported(missing, existedIf, accountEstimate, found, existed)) {
            // The export could not be had: the dearer way, rather than no read-back.
            way = since == null ? ReadBackPlanner.Way.LOOKUPS : ReadBackPlanner.Way.PAGES;
        }
        if (way == ReadBackPlanner.Way.PAGES) {
            paged(missing, since, existedIf, found, existed, whole);
            if (ReadBackPlanner.exportForMissing(missing.size(), accountEstimate, exportMaxRows)
                    && exported(missing, existedIf, accountEstimate, found, existed)) {
                way = ReadBackPlanner.Way.EXPORT;
            }
        }
        for (String email : missing) {
            // Not changed by the import (so it was there before), or not in Constant Contact at all.
            lookup.apply(email).ifPresent(contact -> {
                found.put(email, contact);
                existed.add(email);
                whole.add(email);
            });
        }
        return new CtctClient.ReadBack(found, existed, whole, way);
    }

    /** Finds the missing e-mails in an export; false when the export failed in a way worth working around. */
    private boolean exported(Set<String> missing, Instant existedIf, long accountEstimate, Map<String, CtctContact> found,
                             Set<String> existed) {
        ContactExports.Found file;
        try {
            file = exports.find(missing, accountEstimate);
        } catch (CtctApiException e) {
            if (e.kind() != CtctApiException.Kind.RETRYABLE && e.kind() != CtctApiException.Kind.PERMANENT) {
                throw e; // quota, authorization: the cycle stops
            }
            LOG.warn("contact export for the read-back failed ({}); reading back by pages and look-ups instead",
                    ErrorText.redact(e.getMessage()));
            return false;
        }
        file.contacts().forEach((email, contact) -> {
            found.put(email, contact);
            missing.remove(email);
            Instant created = file.createdAt().get(email);
            if (existedIf != null && created != null && created.isBefore(existedIf)) {
                existed.add(email);
            }
        });
        return true;
    }

    private void paged(Set<String> missing, Instant since, Instant existedIf, Map<String, CtctContact> found,
                       Set<String> existed, Set<String> whole) {
        String query = "/contacts?status=all&include=" + enc(CtctClient.CONTACT_INCLUDE) + "&limit=" + CtctLimits.MAX_CONTACTS_PER_PAGE
                + "&updated_after=" + enc(since.toString());
        JsonNode page = http.get(query);
        while (true) {
            for (JsonNode resource : page.path("contacts")) {
                String email = resource.path("email_address").path("address").asText("").toLowerCase(Locale.ROOT);
                if (missing.remove(email)) {
                    found.put(email, reader.apply(resource));
                    whole.add(email);
                    Instant created = ContactResourceReader.instant(resource.path("created_at"));
                    if (created != null && created.isBefore(existedIf)) {
                        existed.add(email);
                    }
                }
            }
            String next = page.path("_links").path("next").path("href").asText(null);
            if (missing.isEmpty() || next == null || next.isBlank()) {
                return;
            }
            page = http.getHref(next);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
