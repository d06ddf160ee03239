package dev.mapper.apply;

import dev.mapper.change.Change;
import dev.mapper.change.WholeRow;
import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.AppendedRow;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.plan.AppendValues;
import dev.mapper.plan.KeyValue;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows a mapping appends to tables that exist ({@code append:}): checked against the table
 * before anything is written (every column exists, every NOT NULL column without a default gets a
 * value), inserted with bound parameters, verified, and recorded whole so rollback deletes exactly them.
 */
public final class AppendedRows {
    private final Dialect dialect;
    private final Connection connection;

    AppendedRows(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** @throws MapperException (exit 1) with a positioned error for each row that does not fit its table */
    void check(Mapping mapping) throws SQLException {
        List<Diagnostic> problems = new ArrayList<>();
        for (AppendedRow row : mapping.appends()) {
            if (!dialect.tableExists(connection, row.table())) {
                String near = DidYouMean.closest(row.table(), dialect.tables(connection));
                problems.add(Diagnostic.at(row.pos(), "cannot append to " + row.table() + ": the database has no such table",
                        (near == null ? "" : "did you mean '" + near + "'? ")
                                + "'append:' adds a row to a table that exists; check the name (mapper inspect lists the tables)"));
                continue;
            }
            if (dialect.rowKey(connection, row.table()) == null) {
                problems.add(Diagnostic.at(row.pos(), "cannot append to " + row.table() + ": the table has no primary key, so mapper could not find "
                        + "the row again to delete exactly it on rollback (PostgreSQL has no stable row id)",
                        "give " + row.table() + " a primary key (ALTER TABLE " + row.table() + " ADD PRIMARY KEY (…)), or leave append: out; nothing was changed"));
                continue;
            }
            List<String> columns = dialect.columns(connection, row.table());
            Set<String> meant = new HashSet<>(); // columns a misspelt name stands for: reported once, as the misspelling
            for (KeyRule rule : row.columns()) {
                if (columns.stream().noneMatch(rule.name()::equalsIgnoreCase)) {
                    String near = DidYouMean.closest(rule.name(), columns);
                    if (near != null) {
                        meant.add(near.toLowerCase());
                    }
                    problems.add(Diagnostic.at(rule.pos(), "table " + row.table() + " has no column " + rule.name(),
                            (near == null ? "" : "did you mean '" + near + "'? ") + "its columns are: " + String.join(", ", columns)));
                }
            }
            for (String column : columns) {
                Optional<ColumnDecl> decl = dialect.column(connection, row.table(), column);
                boolean given = row.columns().stream().anyMatch(r -> r.name().equalsIgnoreCase(column)) || meant.contains(column.toLowerCase());
                if (decl.isPresent() && decl.get().notNull() && decl.get().defaultSql() == null && !given && !dialect.fillsItself(connection, row.table(), column)) {
                    problems.add(Diagnostic.at(row.pos(), "column " + row.table() + "." + column + " is NOT NULL and has no default, but the row appended "
                            + "to " + row.table() + " gives it no value", "add it to the row, e.g. " + column + ": { type: string, default: … }"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw MapperException.data(problems);
        }
    }

    /** Inserts each row and returns what was written; verification re-reads each one. */
    List<Change> write(List<AppendValues> rows) throws SQLException {
        List<Change> changes = new ArrayList<>();
        for (AppendValues row : rows) {
            String table = row.row().table();
            List<String> names = row.values().stream().map(v -> dialect.quote(v.rule().name())).toList();
            String marks = String.join(", ", names.stream().map(n -> "?").toList());
            Dialect.RowKey key = dialect.rowKey(connection, table);
            String id;
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + dialect.quote(table) + " (" + String.join(", ", names)
                    + ") VALUES (" + marks + ") RETURNING " + key.expression())) {
                bind(ps, row.values(), 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getString(1);
                }
            }
            changes.add(new Change.RowAppended(table, key.columns(), id, WholeRow.readKey(dialect, connection, table, key, id).orElseThrow()));
        }
        return changes;
    }

    /** Each appended row still holds, column by column, what was bound (compared by SQLite under the column's own affinity). */
    List<String> verify(List<AppendValues> rows, List<Change> written) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            AppendValues row = rows.get(i);
            Change.RowAppended appended = (Change.RowAppended) written.get(i);
            Dialect.RowKey key = dialect.rowKey(connection, appended.table());
            List<String> same = row.values().stream().map(v -> dialect.quote(v.rule().name()) + " " + dialect.isSame() + " ?").toList();
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM " + dialect.quote(row.row().table()) + " WHERE "
                    + key.expression() + " = ? AND " + String.join(" AND ", same))) {
                ps.setObject(1, dialect.rowKeyValue(appended.key()));
                bind(ps, row.values(), 2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        problems.add(appended.object() + " does not hold the values written");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Values as SQLite would be given them by hand: numbers as their exact text (the column's affinity
     * decides), booleans as 1/0, JSON as text; where the column's type decides
     * ({@link Dialect#typesByColumn}), every value as untyped text, read as a literal of that type.
     */
    private void bind(PreparedStatement ps, List<KeyValue> values, int first) throws SQLException {
        int i = first;
        for (KeyValue v : values) {
            Object value = v.value();
            if (value == null) {
                ps.setNull(i++, Types.NULL);
            } else if (dialect.typesByColumn()) {
                ps.setObject(i++, value instanceof BigDecimal d ? d.toPlainString()
                        : value instanceof java.util.Map<?, ?> || value instanceof List<?> ? Json.write(value) : String.valueOf(value), Types.OTHER);
            } else if (value instanceof Long l) {
                ps.setLong(i++, l);
            } else if (value instanceof Boolean b) {
                ps.setLong(i++, b ? 1 : 0);
            } else if (value instanceof BigDecimal d) {
                ps.setString(i++, d.toPlainString());
            } else if (value instanceof String s) {
                ps.setString(i++, s);
            } else {
                ps.setString(i++, value instanceof java.util.Map<?, ?> || value instanceof List<?> ? Json.write(value) : Converter.render(value));
            }
        }
    }
}
