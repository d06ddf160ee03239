package dev.mapper.model;

import dev.mapper.diag.Diagnostic;
import dev.mapper.yaml.YNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a mapping's schema changes: {@code columns:} (columns added to existing tables) and
 * {@code indexes:} (indexes created on any table). Everything is checked here that can be without
 * a database; whether a table exists, or a column is already declared otherwise, is the apply's question.
 */
final class SchemaReader {
    static final List<String> COLUMN_FIELDS = List.of("type", "default", "nullable", "from", "transform", "check", "min", "max");
    static final List<String> INDEX_FIELDS = List.of("table", "columns", "unique");
    /** A SQL type name: words, optionally with a size, e.g. INTEGER, DOUBLE PRECISION, VARCHAR(20), DECIMAL(10, 2). */
    private static final Pattern SQL_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*( [A-Za-z][A-Za-z0-9_]*)*( ?\\( *[0-9]+ *(, *[0-9]+ *)?\\))?");
    private static final Pattern INDEX_COLUMN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?: +(ASC|DESC|asc|desc))?");

    private final List<Diagnostic> errors;

    SchemaReader(List<Diagnostic> errors) {
        this.errors = errors;
    }

    List<AddedColumn> columns(YNode node) {
        List<AddedColumn> columns = new ArrayList<>();
        YNode.YMap tables = node == null ? null : Fields.asMap(node, "'columns'", errors);
        if (tables == null) {
            return columns;
        }
        if (tables.entries().isEmpty()) {
            errors.add(Diagnostic.at(tables.pos(), "'columns' is empty", "name a table and the columns to add, e.g. columns: { models: { favorite: { type: INTEGER, default: 0 } } }"));
        }
        Map<String, AddedColumn> seen = new HashMap<>();
        for (YNode.Entry t : tables.entries()) {
            Identifiers.check(t.key(), t.keyPos(), "table", errors);
            YNode.YMap cols = Fields.asMap(t.value(), "the columns added to '" + t.key() + "'", errors);
            if (cols == null) {
                continue;
            }
            for (YNode.Entry c : cols.entries()) {
                Identifiers.check(c.key(), c.keyPos(), "column", errors);
                AddedColumn column = column(t.key(), c);
                if (column == null) {
                    continue;
                }
                AddedColumn first = seen.putIfAbsent(column.qualified().toLowerCase(), column);
                if (first != null) {
                    errors.add(Diagnostic.at(c.keyPos(), "column " + column.qualified() + " is added twice (first on line " + first.pos().line() + ")",
                            "SQLite names ignore letter case; keep one of them"));
                } else {
                    columns.add(column);
                }
            }
        }
        return columns;
    }

    private AddedColumn column(String table, YNode.Entry entry) {
        String where = "column '" + table + "." + entry.key() + "'";
        YNode.YMap map = Fields.asMap(entry.value(), where, errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, where, COLUMN_FIELDS, errors);
        String type = f.requiredText("type", "type: INTEGER   (the SQL type the column is declared with: INTEGER, REAL, TEXT, BLOB, NUMERIC)");
        if (type != null && !SQL_TYPE.matcher(type).matches()) {
            errors.add(Diagnostic.at(f.node("type").pos(), "'" + type + "' is not a SQL type name",
                    "write the declared type only, e.g. INTEGER, REAL, TEXT or VARCHAR(20); put the default in 'default' and NOT NULL in 'nullable: false'"));
            type = null;
        }
        String defaultSql = f.has("default") ? defaultLiteral(f.node("default")) : null;
        boolean nullable = true;
        if (f.has("nullable")) {
            if (f.node("nullable") instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
                nullable = b;
            } else {
                errors.add(Diagnostic.at(f.node("nullable").pos(), "'nullable' must be true or false, not " + f.node("nullable").describe(),
                        "nullable: false declares the column NOT NULL"));
            }
        }
        ColumnDecl declaration = type == null ? null : new ColumnDecl(type, defaultSql, !nullable);
        KeyRule rule = declaration == null ? null : new ComputedColumnReader(errors).rule(table, entry, f, declaration);
        if (!nullable && defaultSql == null && rule == null && declaration != null) {
            errors.add(Diagnostic.at(f.keyPos("nullable"), "column " + table + "." + entry.key() + " is NOT NULL and has no default, so the rows "
                            + "already in " + table + " need a value",
                    "give it a rule that computes each row's value from the row's own columns (from: a column, or a transform:), "
                            + "or a default (e.g. default: 0), or make it nullable"));
        }
        return declaration == null ? null : new AddedColumn(table, entry.key(), declaration, rule, entry.keyPos());
    }

    /** A column default: a number or a text, written into the DDL as a literal (DDL takes no bound parameters). */
    private String defaultLiteral(YNode node) {
        if (node instanceof YNode.YScalar s && (s.value() instanceof String || s.value() instanceof Long
                || s.value() instanceof BigInteger || s.value() instanceof BigDecimal)) {
            return ColumnDecl.literal(s.value());
        }
        if (node instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
            errors.add(Diagnostic.at(node.pos(), "a column default must be a number or a text, not " + node.describe(),
                    "databases spell a boolean default differently (SQLite takes " + (b ? 1 : 0) + ", PostgreSQL's boolean type does not), and "
                            + "mapper writes none yet: declare the column INTEGER with default: " + (b ? 1 : 0) + ", or leave the default out"));
            return null;
        }
        if (node instanceof YNode.YScalar s && s.value() == null) {
            return null; // default: null is the same as no default
        }
        errors.add(Diagnostic.at(node.pos(), "a column default must be a number or a text, not " + node.describe(), "e.g. default: 0 or default: 'llama'"));
        return null;
    }

    List<IndexDecl> indexes(YNode node) {
        List<IndexDecl> indexes = new ArrayList<>();
        YNode.YMap map = node == null ? null : Fields.asMap(node, "'indexes'", errors);
        if (map == null) {
            return indexes;
        }
        if (map.entries().isEmpty()) {
            errors.add(Diagnostic.at(map.pos(), "'indexes' is empty", "e.g. indexes: { idx_models_status: { table: models, columns: [status] } }"));
        }
        Map<String, IndexDecl> seen = new HashMap<>();
        for (YNode.Entry e : map.entries()) {
            Identifiers.check(e.key(), e.keyPos(), "index name", errors);
            IndexDecl index = index(e);
            if (index != null && seen.putIfAbsent(index.name().toLowerCase(), index) == null) {
                indexes.add(index);
            } else if (index != null) {
                errors.add(Diagnostic.at(e.keyPos(), "index " + index.name() + " is declared twice", "SQLite names ignore letter case; keep one"));
            }
        }
        return indexes;
    }

    private IndexDecl index(YNode.Entry entry) {
        String where = "index '" + entry.key() + "'";
        YNode.YMap map = Fields.asMap(entry.value(), where, errors);
        if (map == null) {
            return null;
        }
        Fields f = new Fields(map, where, INDEX_FIELDS, errors);
        String table = f.requiredText("table", "table: models");
        if (table != null) {
            Identifiers.check(table, f.node("table").pos(), "table", errors);
        }
        YNode columnsNode = f.require("columns", "columns: [status]   (or [created_at DESC], or [a, b])");
        List<IndexDecl.Column> columns = new ArrayList<>();
        if (columnsNode != null) {
            List<YNode> items = columnsNode instanceof YNode.YList l ? l.items() : List.of(columnsNode);
            for (YNode item : items) {
                Matcher m = item instanceof YNode.YScalar s && s.value() instanceof String text ? INDEX_COLUMN.matcher(text.trim()) : null;
                if (m == null || !m.matches()) {
                    errors.add(Diagnostic.at(item.pos(), "an index column must be a column name, optionally followed by DESC, not " + item.describe(),
                            "e.g. columns: [created_at DESC] or columns: [level, source]"));
                    continue;
                }
                columns.add(new IndexDecl.Column(m.group(1), m.group(2) != null && m.group(2).equalsIgnoreCase("DESC")));
            }
            if (items.isEmpty()) {
                errors.add(Diagnostic.at(columnsNode.pos(), "index " + entry.key() + " has no columns", "e.g. columns: [status]"));
            }
        }
        boolean unique = false;
        if (f.has("unique")) {
            if (f.node("unique") instanceof YNode.YScalar s && s.value() instanceof Boolean b) {
                unique = b;
            } else {
                errors.add(Diagnostic.at(f.node("unique").pos(), "'unique' must be true or false, not " + f.node("unique").describe(), "unique: true"));
            }
        }
        return table == null || columns.isEmpty() ? null : new IndexDecl(entry.key(), table, columns, unique, entry.keyPos());
    }
}
