package dev.mapper.model;

import dev.mapper.convert.ConversionException;
import dev.mapper.convert.Converter;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import dev.mapper.yaml.YNode;
import dev.mapper.yaml.YamlLoader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mapping file → {@link Mapping}. Checks everything that can be checked without a database or
 * expression engine, and reports all errors at once with their file:line:column.
 */
public final class MappingReader {
    static final List<String> TOP_FIELDS = List.of("migration", "name", "database", "backup", "sources", "targets", "retire", "columns", "indexes", "append");
    static final List<String> SOURCE_FIELDS = List.of("table", "shape", "key", "key_column", "value_column", "where", "dropped");
    static final List<String> TARGET_FIELDS = List.of("shape", "key", "index", "keys", "columns", "in_place");
    static final List<String> RULE_FIELDS = List.of("from", "type", "default", "min", "max", "transform", "check", "blank");
    static final String HISTORY_TABLE = "mapper_history";
    /** mapper keeps its own records in tables named so (history, revision backups, changes, and those still to come). */
    static final String RESERVED_PREFIX = "mapper_";
    /** 4 bytes per character of the YAML loader's limit: a file over it cannot be a mapping. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<TableSource> tableSources = new ArrayList<>();

    private MappingReader(String file) {
        this.file = file;
    }

    /** Reads and validates a mapping file. @throws MapperException listing every problem */
    public static Mapping read(Path path) {
        String text = readUtf8(path);
        return parse(path.toString(), text);
    }

    public static Mapping parse(String file, String text) {
        return new MappingReader(file).parseText(text);
    }

    private Mapping parseText(String text) {
        YNode root = YamlLoader.load(file, text);
        YNode.YMap top = Fields.asMap(root, "a mapping file", errors);
        if (top == null) {
            throw MapperException.mapping(errors);
        }
        Fields f = new Fields(top, "the mapping", TOP_FIELDS, errors);
        String migration = f.requiredText("migration", "migration: \"004\"");
        migration = MigrationId.check(migration, f.node("migration"), text, errors);
        String name = f.requiredText("name", "name: unify_router_config");
        String database = f.text("database");
        if (database != null && dev.mapper.db.DatabaseAddress.namesServer(database)) {
            try { // refused here, before anything runs: the mapping's text is stored in history and printed in reports
                dev.mapper.db.DatabaseAddress.parse(database, java.util.Map.of("PGUSER", "mapper"), dev.mapper.db.DatabaseAddress.Options.NONE);
            } catch (dev.mapper.db.DatabaseAddress.Refused e) {
                errors.add(new Diagnostic(e.in(f.node("database").pos(), text, database), "database: " + e.getMessage(), e.hint()));
            }
        }
        String backupTable = f.identifier("backup", migration == null ? null : "migration_backup_" + migration);

        SchemaReader schema = new SchemaReader(errors);
        List<AddedColumn> columns = schema.columns(f.node("columns"));
        List<IndexDecl> indexes = schema.indexes(f.node("indexes"));
        boolean schemaOnly = (f.has("columns") || f.has("indexes") || f.has("append")) && !f.has("sources") && !f.has("targets");
        boolean targetsOptional = f.has("columns") || f.has("indexes") || f.has("append");

        List<Source> sources = new ArrayList<>();
        YNode sourcesNode = schemaOnly ? null : requireOrMisspelt(f, top, "sources", "sources: { server: { table: server_config, key: config } }");
        YNode.YMap sourcesMap = sourcesNode == null ? null : Fields.asMap(sourcesNode, "'sources'", errors);
        if (sourcesMap != null) {
            for (YNode.Entry e : sourcesMap.entries()) {
                Source s = source(e);
                if (s != null) {
                    sources.add(s);
                }
            }
            if (sourcesMap.entries().isEmpty()) {
                errors.add(Diagnostic.at(sourcesMap.pos(), "'sources' is empty", "name at least one source table"));
            }
        }
        Set<String> sourceNames = new HashSet<>();
        sourcesMap = sourcesMap == null ? new YNode.YMap(List.of(), f.pos()) : sourcesMap;
        sourcesMap.entries().forEach(e -> sourceNames.add(e.key()));
        tableSources.forEach(t -> sourceNames.remove(t.name())); // table sources feed table targets only

        List<Target> targets = new ArrayList<>();
        List<TableTarget> tables = new ArrayList<>();
        YNode targetsNode = targetsOptional && !f.has("targets") ? null : requireOrMisspelt(f, top, "targets", "targets: { router_config: { keys: { … } } }");
        YNode.YMap targetsMap = targetsNode == null ? null : Fields.asMap(targetsNode, "'targets'", errors);
        if (targetsMap != null) {
            if (targetsMap.entries().isEmpty()) {
                errors.add(Diagnostic.at(targetsMap.pos(), "'targets' is empty", "name at least one target table and its keys"));
            }
            for (YNode.Entry e : targetsMap.entries()) {
                if (isTableShape(e)) {
                    TableTarget t = new TableTargetReader(tableSources, errors).read(e);
                    if (t != null) {
                        tables.add(t);
                    }
                    continue;
                }
                Target t = target(e, sources, sourceNames);
                if (t != null) {
                    targets.add(t);
                }
            }
        }
        List<AppendedRow> appends = appends(f.node("append"), sources, sourceNames);
        checkTableNames(sources, targets, tables, backupTable, f);
        checkIndexNames(sources, targets, tables, indexes, backupTable, columns, appends);
        List<String> retire = retire(f, sources);
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        Mapping parsed = new Mapping(migration, name, database, backupTable, sources, targets, retire, tables, columns, indexes, appends, file, text,
                null);
        return new Mapping(migration, name, database, backupTable, sources, targets, retire, tables, columns, indexes, appends, file, text,
                CanonicalForm.checksum(parsed));
    }

    /**
     * A required top-level field; when it is missing but misspelt ({@code sorces:}, already reported
     * with its did-you-mean), the misspelt one is read in its place: one root cause, not one error
     * per key that reads a source the typo hid.
     */
    private static YNode requireOrMisspelt(Fields f, YNode.YMap top, String field, String example) {
        if (!f.has(field)) {
            for (YNode.Entry e : top.entries()) {
                if (!TOP_FIELDS.contains(e.key()) && field.equals(DidYouMean.closest(e.key(), TOP_FIELDS))) {
                    return e.value();
                }
            }
        }
        return f.require(field, example);
    }

    private Set<String> tableSourceNames() {
        Set<String> names = new HashSet<>();
        tableSources.forEach(t -> names.add(t.name()));
        return names;
    }

    private Source source(YNode.Entry entry) {
        String name = entry.key();
        Pos pos = entry.keyPos();
        if (!Identifiers.isPlain(name)) {
            errors.add(Diagnostic.at(pos, "source name '" + name + "' must be a plain name", "use letters, digits and '_' (it starts paths like " + "server.port)"));
        }
        YNode.YMap map = Fields.asMap(entry.value(), "source '" + name + "'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "source '" + name + "'", SOURCE_FIELDS, errors);
        String table = f.requiredText("table", "table: server_config");
        if (table != null) {
            Identifiers.check(table, f.node("table").pos(), "table", errors);
        }
        String shape = f.has("shape") ? f.text("shape") : "document";
        String keyColumn = f.identifier("key_column", "key");
        String valueColumn = f.identifier("value_column", "value");
        if (shape == null || table == null) {
            return null;
        }
        switch (shape) {
            case "document":
                rejectField(f, "where", "'where' chooses rows of a table source (shape: table)");
                String key = f.requiredText("key", "key: config   (the row whose value holds the JSON document)");
                return key == null ? null : new Source.Document(name, table, keyColumn, valueColumn, key, pos, dropped(f));
            case "rows":
                rejectField(f, "key", "a rows source reads every row; paths name the keys");
                rejectField(f, "where", "'where' chooses rows of a table source (shape: table)");
                return new Source.Rows(name, table, keyColumn, valueColumn, pos, dropped(f));
            case "table":
                rejectField(f, "key", "a table source reads every row; paths name its columns");
                rejectField(f, "dropped", "a table source is never retired");
                rejectField(f, "key_column", "a table source has no key column");
                rejectField(f, "value_column", "a table source has no value column");
                String where = f.text("where");
                Pos wherePos = where == null ? null : f.node("where").pos();
                if (where != null) {
                    try {
                        WhereCondition.check(where);
                    } catch (WhereCondition.Refused e) {
                        errors.add(Diagnostic.at(wherePos, "the where: of source '" + name + "' is refused: " + e.getMessage(), e.hint()));
                    }
                }
                tableSources.add(new TableSource(name, table, where, wherePos, pos));
                return null;
            case "columns":
                rejectField(f, "key", "a columns source reads the table's single row");
                rejectField(f, "dropped", "a columns source is never retired");
                rejectField(f, "key_column", "a columns source has no key column");
                rejectField(f, "value_column", "a columns source has no value column");
                rejectField(f, "where", "'where' chooses rows of a table source (shape: table)");
                return new Source.Columns(name, table, pos);
            default:
                errors.add(Diagnostic.at(f.node("shape").pos(), "unknown source shape '" + shape + "'",
                        "use document (a JSON document in one row), rows (one row per key), columns (a single-row table) or table (every row, for a table target)"));
                return null;
        }
    }

    /** {@code append: { logs: { level: { … }, message: { … } } }}: one row per table, each column a rule like a document key. */
    private List<AppendedRow> appends(YNode node, List<Source> sources, Set<String> sourceNames) {
        List<AppendedRow> appends = new ArrayList<>();
        YNode.YMap tables = node == null ? null : Fields.asMap(node, "'append'", errors);
        if (tables == null) {
            return appends;
        }
        for (YNode.Entry t : tables.entries()) {
            Identifiers.check(t.key(), t.keyPos(), "table", errors);
            if (t.key().toLowerCase().startsWith("mapper_")) {
                errors.add(Diagnostic.at(t.keyPos(), "table '" + t.key() + "' is mapper's own", "append to one of the app's tables"));
            }
            YNode.YMap columns = Fields.asMap(t.value(), "the row appended to '" + t.key() + "'", errors);
            if (columns == null) {
                continue;
            }
            if (columns.entries().isEmpty()) {
                errors.add(Diagnostic.at(columns.pos(), "the row appended to '" + t.key() + "' has no columns", "e.g. level: { type: string, default: info }"));
            }
            RuleReader reader = new RuleReader(t.key(), sources, sourceNames, errors);
            List<KeyRule> rules = new ArrayList<>();
            for (YNode.Entry c : columns.entries()) {
                Identifiers.check(c.key(), c.keyPos(), "column", errors);
                KeyRule rule = reader.read(c);
                if (rule != null) {
                    rules.add(rule);
                }
            }
            appends.add(new AppendedRow(t.key(), rules, t.keyPos()));
        }
        return appends;
    }

    /** {@code dropped: [a, b]}: fields of a retired source that no rule reads, deleted with it on purpose. */
    private List<String> dropped(Fields f) {
        YNode node = f.node("dropped");
        if (node == null) {
            return List.of();
        }
        List<YNode> items = node instanceof YNode.YList l ? l.items() : List.of(node);
        List<String> names = new ArrayList<>();
        for (YNode item : items) {
            if (item instanceof YNode.YScalar s && s.value() instanceof String name && !name.isBlank()) {
                names.add(name);
            } else {
                errors.add(Diagnostic.at(item.pos(), "'dropped' lists field names, not " + item.describe(), "e.g. dropped: [legacy_theme, old_port]"));
            }
        }
        return names;
    }

    private static boolean isTableShape(YNode.Entry entry) {
        return entry.value() instanceof YNode.YMap m && m.entries().stream()
                .anyMatch(e -> e.key().equals("shape") && e.value() instanceof YNode.YScalar s && "table".equals(s.value()));
    }

    private Target target(YNode.Entry entry, List<Source> sources, Set<String> sourceNames) {
        String table = entry.key();
        Identifiers.check(table, entry.keyPos(), "target table", errors);
        YNode.YMap map = Fields.asMap(entry.value(), "target '" + table + "'", errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, "target '" + table + "'", TARGET_FIELDS, errors);
        String shape = f.has("shape") ? f.text("shape") : "document";
        String index = f.identifier("index", null);
        rejectField(f, "columns", "'columns' belongs to a table target (shape: table); this target has 'keys'");
        YNode keysNode = f.require("keys", "keys: { port: { from: server.port, type: integer } }");
        YNode.YMap keys = keysNode == null ? null : Fields.asMap(keysNode, "'keys' of " + table, errors);
        List<KeyRule> rules = new ArrayList<>();
        if (keys != null) {
            if (keys.entries().isEmpty()) {
                errors.add(Diagnostic.at(keys.pos(), "target '" + table + "' has no keys", "list the keys it should hold"));
            }
            RuleReader ruleReader = new RuleReader(table, sources, sourceNames, tableSourceNames(), errors);
            for (YNode.Entry e : keys.entries()) {
                KeyRule rule = ruleReader.read(e);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (shape == null) {
            return null;
        }
        switch (shape) {
            case "document":
                String key = f.has("key") ? f.text("key") : "config";
                boolean inPlace = inPlace(f);
                if (inPlace && index != null) {
                    errors.add(Diagnostic.at(f.keyPos("index"), "'index' does not apply to a document evolved in place: its table exists already",
                            "remove it; to add an index to an existing table, use the top-level 'indexes:'"));
                }
                return key == null ? null : new Target.Document(table, key, index, rules, entry.keyPos(), inPlace);
            case "rows":
                rejectField(f, "key", "a rows target writes one row per key; the keys are its rows");
                rejectField(f, "in_place", "only a document target is evolved in place");
                return new Target.Rows(table, index, rules, entry.keyPos());
            default:
                errors.add(Diagnostic.at(f.node("shape").pos(), "unknown target shape '" + shape + "'",
                        "use document (one row holding a JSON object), rows (one row per key) or table (one row per source row)"));
                return null;
        }
    }

    private boolean inPlace(Fields f) {
        if (!f.has("in_place")) {
            return false;
        }
        if (f.node("in_place") instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
            return b;
        }
        errors.add(Diagnostic.at(f.node("in_place").pos(), "'in_place' must be true or false, not " + f.node("in_place").describe(),
                "in_place: true changes only the keys listed here in a document that exists, and keeps every other key"));
        return false;
    }

    /** SQLite keeps tables and indexes in one namespace: an index named like a table the mapping uses fails at apply, so it is an error here. */
    private void checkIndexNames(List<Source> sources, List<Target> targets, List<TableTarget> tables, List<IndexDecl> indexes, String backupTable,
            List<AddedColumn> columns, List<AppendedRow> appends) {
        Set<String> tableNames = new HashSet<>();
        sources.forEach(s -> tableNames.add(s.table().toLowerCase()));
        tableSources.forEach(s -> tableNames.add(s.table().toLowerCase()));
        targets.forEach(t -> tableNames.add(t.table().toLowerCase()));
        tables.forEach(t -> tableNames.add(t.table().toLowerCase()));
        indexes.forEach(i -> tableNames.add(i.table().toLowerCase()));
        columns.forEach(c -> tableNames.add(c.table().toLowerCase()));
        appends.forEach(a -> tableNames.add(a.table().toLowerCase()));
        if (backupTable != null) {
            tableNames.add(backupTable.toLowerCase());
        }
        for (Target t : targets) {
            if (t.index() != null && tableNames.contains(t.index().toLowerCase())) {
                errors.add(Diagnostic.at(t.pos(), "target '" + t.table() + "': index name '" + t.index() + "' is the name of a table this mapping uses "
                        + "(SQLite keeps tables and indexes in one namespace)", "name the index after its table, e.g. index: idx_" + t.table() + "_key"));
            }
        }
        for (IndexDecl index : indexes) {
            if (tableNames.contains(index.name().toLowerCase())) {
                errors.add(Diagnostic.at(index.pos(), "index name '" + index.name() + "' is the name of a table this mapping uses "
                        + "(SQLite keeps tables and indexes in one namespace)", "name it after its table and columns, e.g. idx_" + index.table() + "_"
                        + index.columns().get(0).name()));
            }
        }
    }

    private void checkTableNames(List<Source> sources, List<Target> targets, List<TableTarget> tables, String backupTable, Fields top) {
        Set<String> sourceTables = new HashSet<>();
        sources.forEach(s -> sourceTables.add(s.table().toLowerCase()));
        tableSources.forEach(s -> sourceTables.add(s.table().toLowerCase()));
        List<Target> all = new ArrayList<>(targets);
        tables.forEach(t -> all.add(new Target.Rows(t.table(), null, List.of(), t.pos()))); // only the name and position are checked
        Map<String, Target> seenTargets = new HashMap<>();
        for (Target t : all) {
            String lower = t.table().toLowerCase();
            Target first = seenTargets.putIfAbsent(lower, t);
            if (first != null) { // SQLite table names ignore case: both would write one table
                errors.add(Diagnostic.at(t.pos(), "target table '" + t.table() + "' is the same table as '" + first.table()
                                + "' (line " + first.pos().line() + "): SQLite table names ignore letter case",
                        "merge the two targets' keys into one, or name another table"));
            }
            if (sourceTables.contains(lower) && !(t instanceof Target.Document d && d.inPlace())) {
                errors.add(Diagnostic.at(t.pos(), "target table '" + t.table() + "' is also a source table",
                        "write to a new table, or, for a document that exists, add 'in_place: true' to change only the keys listed"));
            }
            if (lower.equals(HISTORY_TABLE) || (backupTable != null && lower.equals(backupTable.toLowerCase()))) {
                errors.add(Diagnostic.at(t.pos(), "target table '" + t.table() + "' is reserved for mapper's "
                        + (lower.equals(HISTORY_TABLE) ? "history" : "backup rows"), "choose another table name"));
            } else if (lower.startsWith(RESERVED_PREFIX)) {
                errors.add(Diagnostic.at(t.pos(), "target table '" + t.table() + "' is reserved for mapper's own records "
                        + "(every table named " + RESERVED_PREFIX + "… is: history, revision backups, changes)", "choose another table name"));
            }
        }
        if (backupTable != null && (sourceTables.contains(backupTable.toLowerCase()) || backupTable.equalsIgnoreCase(HISTORY_TABLE))) {
            errors.add(Diagnostic.at(top.keyPos("backup"), "backup table '" + backupTable + "' is already used by this mapping",
                    "choose another name for 'backup'"));
        } else if (backupTable != null && backupTable.toLowerCase().startsWith(RESERVED_PREFIX)) {
            errors.add(Diagnostic.at(top.keyPos("backup"), "backup table '" + backupTable + "' is reserved for mapper's own records "
                    + "(every table named " + RESERVED_PREFIX + "… is)", "choose another name for 'backup'"));
        }
    }

    private List<String> retire(Fields f, List<Source> sources) {
        YNode node = f.node("retire");
        if (node == null) {
            return List.of();
        }
        List<YNode> items = node instanceof YNode.YList l ? l.items() : List.of(node);
        List<String> names = new ArrayList<>();
        for (YNode item : items) {
            if (!(item instanceof YNode.YScalar s) || !(s.value() instanceof String name)) {
                errors.add(Diagnostic.at(item.pos(), "'retire' lists source names, not " + item.describe(), "e.g. retire: [server]"));
                continue;
            }
            Source source = sources.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (source == null) {
                errors.add(Diagnostic.at(item.pos(), "'retire' names unknown source '" + name + "'",
                        "retire one of: " + String.join(", ", sources.stream().map(Source::name).toList())));
            } else if (source instanceof Source.Columns) {
                errors.add(Diagnostic.at(item.pos(), "source '" + name + "' reads a table's columns and cannot be retired",
                        "only document and rows sources can be retired (their rows are deleted after verification)"));
            } else if (names.contains(name)) {
                errors.add(Diagnostic.at(item.pos(), "'retire' names '" + name + "' twice", "list each source once"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private void rejectField(Fields f, String field, String why) {
        if (f.has(field)) {
            errors.add(Diagnostic.at(f.keyPos(field), "'" + field + "' does not apply here: " + why, "remove it"));
        }
    }

    /** A YAML number or numeric text as BigDecimal; records an error otherwise. */
    static BigDecimal number(YNode node, String field, List<Diagnostic> errors) {
        if (node instanceof YNode.YScalar s) {
            Object v = s.value();
            if (v instanceof Long l) {
                return BigDecimal.valueOf(l);
            }
            if (v instanceof BigInteger b) {
                return new BigDecimal(b);
            }
            if (v instanceof BigDecimal d) {
                return d;
            }
        }
        errors.add(Diagnostic.at(node.pos(), "'" + field + "' must be a number, not " + node.describe(), "e.g. " + field + ": 1"));
        return null;
    }

    /** Converts a default with the key's own rules; records an error if it does not satisfy them. */
    static Object typedDefault(YNode node, ValueType type, BigDecimal min, BigDecimal max, List<Diagnostic> errors) {
        Object raw = plain(node);
        try {
            if (raw == null) {
                throw new ConversionException("null is not a usable default");
            }
            Object value = Converter.convert(raw, type);
            if (type.isNumeric()) {
                Converter.checkRange(value, min, max);
            }
            return value;
        } catch (ConversionException e) {
            errors.add(Diagnostic.at(node.pos(), "default " + e.getMessage(),
                    "the default must satisfy the key's own type" + (min != null || max != null ? " and min/max" : "")));
            return null;
        }
    }

    /** A YAML node as a plain Java value (maps and lists included), for json defaults. */
    static Object plain(YNode node) {
        if (node instanceof YNode.YScalar s) {
            return s.value();
        }
        if (node instanceof YNode.YList l) {
            return l.items().stream().map(MappingReader::plain).toList();
        }
        var map = new java.util.LinkedHashMap<String, Object>();
        ((YNode.YMap) node).entries().forEach(e -> map.put(e.key(), plain(e.value())));
        return map;
    }

    private static String readUtf8(Path path) {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) { // never read a huge file into memory only to refuse it
                throw MapperException.mapping(List.of(Diagnostic.at(new Pos(path.toString(), 1, 1), "the mapping file is "
                        + Files.size(path) + " bytes, over the limit of " + MAX_FILE_BYTES, "a mapping is a short text; point at the right file")));
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw MapperException.usage("mapping file " + path + " does not exist", "check the path; mappings live in mappings/, e.g. mappings/004.yaml");
        } catch (IOException e) {
            throw MapperException.usage("cannot read mapping file " + path + ": " + e.getMessage(), "check the file's permissions");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw MapperException.mapping(List.of(firstNonUtf8(path.toString(), bytes)));
        }
    }

    /** The first byte that is not UTF-8, at the line and column after the characters before it. */
    private static Diagnostic firstNonUtf8(String file, byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true); // stops at the first malformed byte
        String good = out.flip().toString();
        int line = (int) good.chars().filter(c -> c == '\n').count() + 1;
        int column = good.length() - (good.lastIndexOf('\n') + 1) + 1;
        return Diagnostic.at(new Pos(file, line, column), String.format("the file is not UTF-8 text: byte 0x%02X here", bytes[in.position()] & 0xff),
                "save it as UTF-8 (an editor's 'encoding' setting; Latin-1 or Windows-1252 files look like this)");
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
