package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.Pos;
import dev.mapper.yaml.YNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one target key's rule: {@code port: { from: [...], type: integer, min: 1, default: 8080 }}. */
final class RuleReader {
    /** Type names from other languages and schemas, which no edit distance connects to mapper's. */
    private static final Map<String, String> TYPE_SYNONYMS = Map.of("int", "integer", "long", "integer", "bool", "boolean",
            "float", "number", "double", "number", "decimal", "number", "str", "string", "text", "string", "object", "json");

    private final String table;
    private final List<Source> sources;
    private final Set<String> sourceNames;
    private final List<Diagnostic> errors;
    private final boolean columnsOnly;
    /** The table sources' names: never valid here, but not "unknown" either (a key/value target cannot read one). */
    private Set<String> tableSourceNames = Set.of();

    RuleReader(String table, List<Source> sources, Set<String> sourceNames, List<Diagnostic> errors) {
        this(table, sources, sourceNames, errors, false);
    }

    RuleReader(String table, List<Source> sources, Set<String> sourceNames, Set<String> tableSourceNames, List<Diagnostic> errors) {
        this(table, sources, sourceNames, errors, false);
        this.tableSourceNames = Set.copyOf(tableSourceNames);
    }

    private RuleReader(String table, List<Source> sources, Set<String> sourceNames, List<Diagnostic> errors, boolean columnsOnly) {
        this.table = table;
        this.sources = sources;
        this.sourceNames = sourceNames;
        this.errors = errors;
        this.columnsOnly = columnsOnly;
    }

    /** For a table target's columns: paths name a column of a table source, e.g. m.cpu_usage. */
    static RuleReader forTable(String table, Set<String> tableSourceNames, List<Diagnostic> errors) {
        return new RuleReader(table, List.of(), tableSourceNames, errors, true);
    }

    KeyRule read(YNode.Entry entry) {
        String key = entry.key();
        String where = "key '" + table + "." + key + "'";
        if (key.isBlank()) {
            errors.add(Diagnostic.at(entry.keyPos(), "a target key name is blank", "give the key a name"));
        }
        YNode.YMap map = Fields.asMap(entry.value(), where, errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, where, columnsOnly ? TableTargetReader.COLUMN_FIELDS : MappingReader.RULE_FIELDS, errors);
        List<SourcePath> from = from(f.node("from"));
        YNode typeNode = f.require("type", "type: string   (or integer, number, boolean, path, json, { enum: [a, b] })");
        ValueType type = typeNode == null ? null : type(typeNode);
        BigDecimal min = f.has("min") ? MappingReader.number(f.node("min"), "min", errors) : null;
        BigDecimal max = f.has("max") ? MappingReader.number(f.node("max"), "max", errors) : null;
        if (type != null && !type.isNumeric() && (f.has("min") || f.has("max"))) {
            errors.add(Diagnostic.at(f.keyPos(f.has("min") ? "min" : "max"), "min/max apply to integer and number keys, not " + type.name(),
                    "remove it, or use a check: expression"));
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(Diagnostic.at(f.keyPos("max"), "max " + max.toPlainString() + " is below min " + min.toPlainString(), "swap them"));
        }
        Object defaultValue = null;
        if (f.has("default") && type != null) {
            defaultValue = MappingReader.typedDefault(f.node("default"), type, min, max, errors);
        }
        Expr transform = expr(f, "transform");
        Expr check = expr(f, "check");
        // a nullable column or an id SQLite assigns may have no value of its own (TableTargetReader checks the rest)
        boolean mayBeEmpty = columnsOnly && (isTrue(f.node("nullable")) || isTrue(f.node("autoincrement")));
        if (from.isEmpty() && !f.has("from") && transform == null && !f.has("default") && !mayBeEmpty) {
            errors.add(Diagnostic.at(entry.keyPos(), where + " has no 'from', 'transform' or 'default'",
                    columnsOnly ? "say where its value comes from, e.g. from: " + sourceNames.stream().sorted().findFirst().orElse("m") + "." + key
                            + ", or declare it nullable: true (mapper writes NULL, for the app to fill)"
                            : "say where its value comes from, e.g. from: server." + key));
        }
        if (type == null) {
            return null;
        }
        boolean blankIsAbsent = type == ValueType.PATH;
        if (f.has("blank")) {
            String blank = f.text("blank");
            if ("absent".equals(blank) || "value".equals(blank)) {
                blankIsAbsent = blank.equals("absent");
            } else if (blank != null) {
                errors.add(Diagnostic.at(f.node("blank").pos(), "'blank' is absent or value, not '" + blank + "'",
                        "blank: absent makes empty or all-space text count as missing, so the next 'from' path or the default applies"));
            }
        }
        return new KeyRule(key, entry.keyPos(), from, type, defaultValue, min, max, transform, check, blankIsAbsent);
    }

    private static boolean isTrue(YNode node) {
        return node instanceof YNode.YScalar s && Boolean.TRUE.equals(s.value());
    }

    private List<SourcePath> from(YNode node) {
        if (node == null) {
            return List.of();
        }
        List<YNode> items = node instanceof YNode.YList l ? l.items() : List.of(node);
        if (items.isEmpty()) {
            errors.add(Diagnostic.at(node.pos(), "'from' is an empty list", "name at least one path, e.g. from: server.port"));
        }
        List<SourcePath> paths = new ArrayList<>();
        for (YNode item : items) {
            SourcePath p = path(item);
            if (p != null) {
                paths.add(p);
            }
        }
        return paths;
    }

    private SourcePath path(YNode item) {
        if (!(item instanceof YNode.YScalar s) || !(s.value() instanceof String text)) {
            errors.add(Diagnostic.at(item.pos(), "'from' takes paths like server.port, not " + item.describe(),
                    "write source.field, or a list of them: [server.a, server.b]"));
            return null;
        }
        List<String> parts = Arrays.asList(text.split("\\.", -1));
        if (parts.size() < 2 || parts.stream().anyMatch(String::isEmpty)) {
            errors.add(Diagnostic.at(item.pos(), "'" + text + "' is not a source path", "write source.field, e.g. server.port"));
            return null;
        }
        String sourceName = parts.get(0);
        if (!columnsOnly && tableSourceNames.contains(sourceName)) {
            errors.add(Diagnostic.at(item.pos(), "source '" + sourceName + "' is a table source (shape: table): it feeds table targets only, "
                            + "not the keys of target '" + table + "'",
                    "a document or rows target reads sources of shape document, rows or columns; to move every row of a table, "
                            + "make the target shape: table with columns:"));
            return null;
        }
        if (!sourceNames.contains(sourceName)) {
            String suggestion = DidYouMean.closest(sourceName, List.copyOf(sourceNames));
            errors.add(Diagnostic.at(item.pos(), "unknown source '" + sourceName + "' in '" + text + "'"
                            + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"),
                    sourceNames.isEmpty() ? "the mapping declares no source " + (columnsOnly ? "of shape: table" : "a key can read") + " under sources:"
                            : "the sources are: " + String.join(", ", sourceNames.stream().sorted().toList())));
            return null;
        }
        List<String> rest = parts.subList(1, parts.size());
        if (columnsOnly && rest.size() != 1) {
            errors.add(Diagnostic.at(item.pos(), "'" + text + "' goes too deep: table source '" + sourceName + "' has one level",
                    "name a column, e.g. " + sourceName + ".id"));
            return null;
        }
        if (columnsOnly && !Identifiers.isPlain(rest.get(0))) {
            Identifiers.check(rest.get(0), item.pos(), "column", errors);
            return null;
        }
        Source source = sources.stream().filter(x -> x.name().equals(sourceName)).findFirst().orElse(null);
        if (source != null && !(source instanceof Source.Document) && rest.size() != 1) {
            errors.add(Diagnostic.at(item.pos(), "'" + text + "' goes too deep: source '" + sourceName + "' has one level",
                    source instanceof Source.Rows ? "name a row key, e.g. " + sourceName + ".port" : "name a column, e.g. " + sourceName + ".port"));
            return null;
        }
        if (source instanceof Source.Columns && !Identifiers.isPlain(rest.get(0))) {
            Identifiers.check(rest.get(0), item.pos(), "column", errors);
            return null;
        }
        return new SourcePath(sourceName, rest, item.pos());
    }

    private ValueType type(YNode node) {
        if (node instanceof YNode.YScalar s && s.value() instanceof String name) {
            for (ValueType t : ValueType.SIMPLE) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            List<String> names = new ArrayList<>(ValueType.SIMPLE.stream().map(ValueType::name).toList());
            String suggestion = TYPE_SYNONYMS.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), DidYouMean.closest(name, names));
            errors.add(Diagnostic.at(node.pos(), "unknown type '" + name + "'" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"),
                    "types: " + String.join(", ", names) + ", or { enum: [a, b] }"));
            return null;
        }
        if (node instanceof YNode.YMap m && m.entries().size() == 1 && m.entries().get(0).key().equals("enum")) {
            YNode values = m.entries().get(0).value();
            if (values instanceof YNode.YList list && !list.items().isEmpty()) {
                List<String> allowed = new ArrayList<>();
                for (YNode item : list.items()) {
                    if (item instanceof YNode.YScalar s && s.value() instanceof String v) {
                        if (allowed.stream().anyMatch(v::equalsIgnoreCase)) {
                            errors.add(Diagnostic.at(item.pos(), "enum value '" + v + "' is listed twice (enums ignore case)", "list it once"));
                        }
                        allowed.add(v);
                    } else {
                        errors.add(Diagnostic.at(item.pos(), "enum values must be text, not " + item.describe(), "quote it: \"" + MappingReader.plain(item) + "\""));
                    }
                }
                return new ValueType.Enum(allowed);
            }
            errors.add(Diagnostic.at(values.pos(), "'enum' needs a non-empty list of values", "e.g. type: { enum: [debug, info, warn, error] }"));
            return null;
        }
        errors.add(Diagnostic.at(node.pos(), "'type' must be a type name or { enum: [...] }, not " + node.describe(),
                "e.g. type: integer"));
        return null;
    }

    private Expr expr(Fields f, String field) {
        if (!f.has(field)) {
            return null;
        }
        String text = f.text(field);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            errors.add(Diagnostic.at(f.node(field).pos(), "'" + field + "' is empty", "write a JEXL expression, or remove the field"));
            return null;
        }
        return new Expr(text, f.node(field).pos());
    }
}
