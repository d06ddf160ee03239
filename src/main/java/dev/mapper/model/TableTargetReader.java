package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a table target: {@code metrics_v2: { shape: table, key: id, columns: { id: { from: m.id, type: integer }, … } }}.
 * Its columns read one table source; its key columns come straight from a source column (no
 * transform), so a target row can always be matched with the source row it came from. A column may
 * also say how the created table declares it ({@link TableColumn}): {@code nullable: true}, and
 * {@code autoincrement: true} for the one INTEGER PRIMARY KEY AUTOINCREMENT id.
 */
final class TableTargetReader {
    static final List<String> FIELDS = List.of("shape", "key", "index", "columns");
    static final List<String> COLUMN_FIELDS = java.util.stream.Stream.concat(MappingReader.RULE_FIELDS.stream(),
            java.util.stream.Stream.of("nullable", "autoincrement")).toList();

    private final List<TableSource> tableSources;
    private final List<Diagnostic> errors;

    TableTargetReader(List<TableSource> tableSources, List<Diagnostic> errors) {
        this.tableSources = tableSources;
        this.errors = errors;
    }

    TableTarget read(YNode.Entry entry) {
        String table = entry.key();
        Identifiers.check(table, entry.keyPos(), "target table", errors);
        YNode.YMap map = (YNode.YMap) entry.value();
        Fields f = new Fields(map, "table target '" + table + "'", FIELDS, errors);
        String index = f.identifier("index", null);
        List<String> key = key(f, table);
        YNode columnsNode = f.require("columns", "columns: { id: { from: m.id, type: integer } }");
        YNode.YMap columnsMap = columnsNode == null ? null : Fields.asMap(columnsNode, "'columns' of " + table, errors);
        if (columnsMap == null) {
            return null;
        }
        if (columnsMap.entries().isEmpty()) {
            errors.add(Diagnostic.at(columnsMap.pos(), "table target '" + table + "' has no columns", "list its columns and where each comes from"));
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        tableSources.forEach(s -> names.add(s.name()));
        RuleReader ruleReader = RuleReader.forTable(table, names, errors);
        List<KeyRule> columns = new ArrayList<>();
        List<TableColumn> declared = new ArrayList<>();
        for (YNode.Entry e : columnsMap.entries()) {
            Identifiers.check(e.key(), e.keyPos(), "column", errors);
            KeyRule rule = ruleReader.read(e);
            TableColumn column = rule == null ? null : declaration(table, e, rule, declared);
            if (column != null) {
                declared.add(column);
                if (!column.assigned()) {
                    columns.add(rule);
                }
            }
        }
        TableSource source = source(table, entry, columns);
        if (key == null || source == null) {
            return null;
        }
        for (String k : key) {
            KeyRule rule = columns.stream().filter(c -> c.name().equals(k)).findFirst().orElse(null);
            TableColumn column = declared.stream().filter(c -> c.name().equals(k)).findFirst().orElse(null);
            if (column != null && column.assigned()) {
                errors.add(Diagnostic.at(column.pos(), "key column '" + k + "' is assigned by the database (autoincrement, no 'from'), so it cannot pair a row of "
                                + table + " with its source row",
                        "fill it from the source (" + k + ": { from: " + source.name() + "." + k + ", type: integer, autoincrement: true }), or key the table on a source column"));
            } else if (column != null && column.nullable()) {
                errors.add(Diagnostic.at(column.pos(), "key column '" + k + "' of " + table + " cannot be nullable: NULL pairs a target row with no source row",
                        "remove nullable: true, or key the table on a column that always has a value"));
            } else if (rule == null) {
                errors.add(Diagnostic.at(f.node("key").pos(), "key column '" + k + "' is not one of the columns of " + table,
                        "the columns are: " + String.join(", ", columns.stream().map(KeyRule::name).toList())));
            } else if (rule.from().size() != 1 || rule.transform() != null) {
                errors.add(Diagnostic.at(rule.pos(), "key column '" + k + "' must come straight from one source column (one 'from', no 'transform')",
                        "the key pairs each target row with its source row, e.g. " + k + ": { from: " + source.name() + "." + k + ", type: integer }"));
            }
        }
        return new TableTarget(table, source, key, index, columns, declared, entry.keyPos());
    }

    /** How the created table declares one column; errors for combinations SQLite or the rule cannot honour. */
    private TableColumn declaration(String table, YNode.Entry entry, KeyRule rule, List<TableColumn> before) {
        YNode.YMap map = (YNode.YMap) entry.value();
        String name = table + "." + entry.key();
        Boolean nullable = flag(map, "nullable", name, "nullable: true declares the column without NOT NULL; an absent source value is then written as NULL");
        Boolean autoincrement = flag(map, "autoincrement", name, "autoincrement: true makes it the table's INTEGER PRIMARY KEY AUTOINCREMENT");
        boolean auto = Boolean.TRUE.equals(autoincrement);
        if (auto) {
            if (!rule.type().equals(ValueType.INTEGER)) {
                errors.add(Diagnostic.at(entry(map, "autoincrement").keyPos(), "column " + name + " is autoincrement, so its type must be integer, not " + rule.type().name(),
                        "an autoincrement id is an integer the database assigns: write type: integer"));
            }
            if (Boolean.TRUE.equals(nullable)) {
                errors.add(Diagnostic.at(entry(map, "nullable").keyPos(), "column " + name + " is autoincrement, so it is never NULL", "remove nullable: true"));
            }
            if (entry(map, "default") != null) {
                errors.add(Diagnostic.at(entry(map, "default").keyPos(), "column " + name + " is autoincrement: the database assigns its value, so it takes no default",
                        "remove default:; fill it from a source column (from:), or leave it out and the database numbers the rows"));
            }
            TableColumn other = before.stream().filter(TableColumn::autoincrement).findFirst().orElse(null);
            if (other != null) {
                errors.add(Diagnostic.at(entry(map, "autoincrement").keyPos(), "table target '" + table + "' has two autoincrement columns: "
                                + other.name() + " (line " + other.pos().line() + ") and " + entry.key(),
                        "a table has one INTEGER PRIMARY KEY: keep autoincrement: true on one column"));
            }
        }
        boolean assigned = auto && rule.from().isEmpty() && rule.transform() == null;
        return new TableColumn(entry.key(), rule.type(), auto ? null : TableColumn.defaultSql(rule.defaultValue(), rule.type()),
                Boolean.TRUE.equals(nullable) && !auto, auto, assigned, entry.keyPos());
    }

    private static YNode.Entry entry(YNode.YMap map, String field) {
        return map.entries().stream().filter(e -> e.key().equals(field)).findFirst().orElse(null);
    }

    /** A true/false field of a column (null when absent); anything else is an error. */
    private Boolean flag(YNode.YMap map, String field, String name, String hint) {
        YNode.Entry e = entry(map, field);
        if (e == null) {
            return null;
        }
        if (e.value() instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
            return b;
        }
        errors.add(Diagnostic.at(e.value().pos(), "'" + field + "' of column " + name + " must be true or false, not " + e.value().describe(), hint));
        return null;
    }

    private List<String> key(Fields f, String table) {
        YNode node = f.require("key", "key: id   (or a list: key: [host, time])");
        if (node == null) {
            return null;
        }
        List<YNode> items = node instanceof YNode.YList l ? l.items() : List.of(node);
        List<String> key = new ArrayList<>();
        for (YNode item : items) {
            if (item instanceof YNode.YScalar s && s.value() instanceof String name) {
                key.add(name);
            } else {
                errors.add(Diagnostic.at(item.pos(), "'key' of " + table + " names columns, not " + item.describe(), "e.g. key: id"));
                return null;
            }
        }
        if (key.isEmpty()) {
            errors.add(Diagnostic.at(node.pos(), "'key' of " + table + " is empty", "name the column(s) that identify a row, e.g. key: id"));
            return null;
        }
        return key;
    }

    /** The one table source the columns read: named by their paths, or the only table source there is. */
    private TableSource source(String table, YNode.Entry entry, List<KeyRule> columns) {
        Set<String> used = new LinkedHashSet<>();
        columns.forEach(c -> c.from().forEach(p -> used.add(p.source())));
        if (used.isEmpty() && tableSources.size() == 1) {
            return tableSources.get(0);
        }
        if (used.size() != 1) {
            errors.add(Diagnostic.at(entry.keyPos(), "table target '" + table + "' must read exactly one table source"
                            + (used.isEmpty() ? "" : ", its columns read " + String.join(", ", used)),
                    tableSources.isEmpty() ? "add a source with shape: table, e.g. m: { table: metrics, shape: table }"
                            : "take every column's 'from' from one source declared with shape: table"));
            return null;
        }
        String name = used.iterator().next();
        return tableSources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
