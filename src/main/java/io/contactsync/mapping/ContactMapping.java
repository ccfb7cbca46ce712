package io.contactsync.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.contactsync.vocabulary.Vocabulary;

/**
 * A validated, compiled field mapping between CRM columns and the shared vocabulary (see {@code docs/mappings.md}).
 *
 * <p>Built once by {@link #load} or {@link #parse}, which report every problem of the file at once in a
 * {@link MappingException}. Immutable and thread-safe; the per-record methods touch no YAML and no reflection.
 * Per-record value errors (e.g. an invalid date) raise {@link MappingValueException}.
 */
public final class ContactMapping {

    private final String source;
    private final FieldMapping[] towardsCtct;
    private final FieldMapping[] towardsCrm;
    private final Map<String, FieldMapping> byVocabulary;
    private final Map<String, FieldMapping> byCrm;
    private final Set<String> vocabularyFields;
    private final Set<String> vocabularyTowardsCtct;
    private final Set<String> vocabularyTowardsCrm;
    private final Set<String> crmFields;
    private final Map<String, FieldMapping> customFields;
    private final Set<String> defaultLists;
    private final ListRule[] rules;
    private final boolean createMissingLists;
    private final List<MappingProblem> warnings;

    ContactMapping(String source, List<FieldMapping> fields, Set<String> defaultLists, List<ListRule> rules,
                   boolean createMissingLists, List<MappingProblem> warnings) {
        this.warnings = List.copyOf(warnings);
        this.source = source;
        this.towardsCtct = fields.stream().filter(f -> f.direction().toCtct()).toArray(FieldMapping[]::new);
        this.towardsCrm = fields.stream().filter(f -> f.direction().toCrm()).toArray(FieldMapping[]::new);
        Map<String, FieldMapping> vocabulary = new LinkedHashMap<>();
        Map<String, FieldMapping> crm = new LinkedHashMap<>();
        Map<String, FieldMapping> custom = new LinkedHashMap<>();
        for (FieldMapping field : fields) {
            vocabulary.putIfAbsent(field.ctct(), field);
            crm.putIfAbsent(field.crm(), field);
            if (Vocabulary.isCustomField(field.ctct())) {
                custom.putIfAbsent(Vocabulary.customFieldName(field.ctct()), field);
            }
        }
        this.vocabularyTowardsCtct = names(towardsCtct);
        this.vocabularyTowardsCrm = names(towardsCrm);
        this.byVocabulary = Collections.unmodifiableMap(vocabulary);
        this.byCrm = Collections.unmodifiableMap(crm);
        this.customFields = Collections.unmodifiableMap(custom);
        this.vocabularyFields = Collections.unmodifiableSet(vocabulary.keySet());
        Set<String> columns = new LinkedHashSet<>(crm.keySet());
        rules.forEach(rule -> columns.add(rule.field().crm()));
        this.crmFields = Collections.unmodifiableSet(columns);
        this.defaultLists = Collections.unmodifiableSet(new LinkedHashSet<>(defaultLists));
        this.rules = rules.toArray(ListRule[]::new);
        this.createMissingLists = createMissingLists;
    }

    // HashSet, not Set.of: contains(null) must answer false, not throw.
    private static Set<String> names(FieldMapping[] fields) {
        Set<String> names = new HashSet<>();
        for (FieldMapping field : fields) {
            names.add(field.ctct());
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Reads, parses and validates a mapping file the engine will sync with; the file's path as given names it in
     * messages. Beyond {@link #parse}, it must map the e-mail towards Constant Contact and give every contact at least
     * one list (a default list, or a rule every contact passes).
     */
    public static ContactMapping load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException(List.of(new MappingProblem(file.toString(), "", 0,
                    "cannot read the mapping file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parseForSync(yaml, file.toString());
    }

    /** Parses and validates mapping YAML as {@link #load} does a file: complete enough to sync with. */
    public static ContactMapping parseForSync(String yaml, String sourceName) {
        return MappingCompiler.compile(yaml, sourceName, TransformRegistry.standard(), true);
    }

    /**
     * Parses and validates mapping YAML with the standard transforms; a fragment is fine (no e-mail or list needed),
     * see {@link #parseForSync}.
     */
    public static ContactMapping parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, TransformRegistry.standard());
    }

    /** Parses and validates mapping YAML with the transforms of {@code registry}. */
    public static ContactMapping parse(String yaml, String sourceName, TransformRegistry registry) {
        return MappingCompiler.compile(yaml, sourceName, registry, false);
    }

    public String source() {
        return source;
    }

    /**
     * What the mapping allows but will probably park records: a field Constant Contact limits to 50 characters mapped
     * towards it without a {@code truncate}. Printed by {@code validate}, logged at WARN on start; never an error.
     */
    public List<MappingProblem> warnings() {
        return warnings;
    }

    /**
     * CRM row (column → String/Boolean/Number/Instant/null) → vocabulary, for fields with direction both|to-ctct.
     * Every such field is present: a null, blank or absent CRM value becomes {@code ""} ("no value") before the
     * transforms run. Returns a new mutable map owned by the caller.
     *
     * @throws MappingValueException when a value cannot be converted (the record should be parked)
     */
    public Map<String, String> toVocabulary(Map<String, Object> crmFields) {
        Map<String, String> vocabulary = new HashMap<>(towardsCtct.length * 2);
        for (FieldMapping field : towardsCtct) {
            vocabulary.put(field.ctct(), field.toCtct(crmFields.get(field.crm())));
        }
        return vocabulary;
    }

    /**
     * Vocabulary → CRM columns, for fields with direction both|to-crm, reverse transforms applied. Only vocabulary
     * names present in the input are produced; {@code ""} (or null) becomes null, or false for a boolean opt-out
     * flag. Returns a new mutable map owned by the caller.
     *
     * @throws MappingValueException when a value cannot be converted (the record should be parked)
     */
    public Map<String, Object> toCrm(Map<String, String> vocabulary) {
        Map<String, Object> crm = new HashMap<>(towardsCrm.length * 2);
        for (FieldMapping field : towardsCrm) {
            if (vocabulary.containsKey(field.ctct())) {
                crm.put(field.crm(), field.toCrm(vocabulary.get(field.ctct())));
            }
        }
        return crm;
    }

    /** The default lists plus the lists of every rule the row matches, by name, in mapping order. */
    public Set<String> listNames(Map<String, Object> crmFields) {
        if (rules.length == 0) {
            return defaultLists;
        }
        Set<String> names = new LinkedHashSet<>(defaultLists);
        for (ListRule rule : rules) {
            if (rule.matches(crmFields)) {
                names.add(rule.list());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Every list name the mapping can produce: the defaults and every rule's list. */
    public Set<String> listNamesUsed() {
        Set<String> names = new LinkedHashSet<>(defaultLists);
        for (ListRule r : rules) {
            names.add(r.list());
        }
        return Collections.unmodifiableSet(names);
    }

    /** Whether lists named in the mapping that the account lacks are created (default) or are an error. */
    public boolean createMissingLists() {
        return createMissingLists;
    }

    /** Names used as {@code cf:<name>}, without the prefix, in any direction. */
    public Set<String> customFieldNames() {
        return customFields.keySet();
    }

    /** The field's conflict policy; {@link ConflictPolicy#NEWEST} for names the mapping does not have. */
    public ConflictPolicy conflictPolicy(String vocabularyField) {
        FieldMapping field = byVocabulary.get(vocabularyField);
        return field == null ? ConflictPolicy.NEWEST : field.conflict();
    }

    public Set<String> vocabularyFields() {
        return vocabularyFields;
    }

    /** True when an entry with direction both|to-ctct writes {@code vocabularyField}. */
    public boolean syncsToCtct(String vocabularyField) {
        return vocabularyTowardsCtct.contains(vocabularyField);
    }

    /** True when an entry with direction both|to-crm reads {@code vocabularyField}. */
    public boolean syncsToCrm(String vocabularyField) {
        return vocabularyTowardsCrm.contains(vocabularyField);
    }

    /** The CRM column of the first entry mapping {@code vocabularyField}. */
    public Optional<String> crmField(String vocabularyField) {
        return Optional.ofNullable(byVocabulary.get(vocabularyField)).map(FieldMapping::crm);
    }

    /** The vocabulary name of the first entry mapping {@code crmField}. */
    public Optional<String> vocabularyField(String crmField) {
        return Optional.ofNullable(byCrm.get(crmField)).map(FieldMapping::ctct);
    }

    /** Every CRM column the mapping reads or writes, list rule fields included. */
    public Set<String> crmFields() {
        return crmFields;
    }

    /** One problem per custom field the mapping uses that is not among the account's custom field names. */
    public List<MappingProblem> checkAgainstAccount(Set<String> existingCustomFieldNames) {
        List<MappingProblem> problems = new ArrayList<>();
        customFields.forEach((name, field) -> {
            if (!existingCustomFieldNames.contains(name)) {
                problems.add(new MappingProblem(source, field.entry(), field.line(), "custom field '" + name
                        + "' does not exist in the Constant Contact account (create it, or fix the name)"));
            }
        });
        return List.copyOf(problems);
    }

    @Override
    public String toString() {
        return "ContactMapping[" + source + ": " + vocabularyFields.size() + " fields, " + rules.length + " list rules]";
    }
}
