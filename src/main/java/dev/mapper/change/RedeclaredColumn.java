package dev.mapper.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.model.ColumnDecl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Undo} of a {@link Change.ColumnRedeclared}: whether the column is still as the migration left it, and putting back the table as it was. */
final class RedeclaredColumn {
    private final Dialect dialect;
    private final Connection connection;

    RedeclaredColumn(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    void differences(Change.ColumnRedeclared r, List<Undo.Difference> found) throws SQLException {
        Optional<ColumnDecl> now = dialect.column(connection, r.table(), r.column());
        if (now.isEmpty()) {
            found.add(new Undo.Difference(r.object() + " was dropped since the migration redeclared it", false));
        } else if (!now.get().sameAs(dialect.asStored(connection, r.after()))) {
            found.add(new Undo.Difference(r.object() + " was redeclared since: it is " + now.get().render() + ", the migration declared it " + r.after().render(), false));
        } else if (r.values() != null) {
            r.values().writtenSince(dialect, connection, r.table(), r.column(), r.after()).ifPresent(d -> found.add(new Undo.Difference(d, true)));
        } else {
            // no copy of the values (Dialect.convertsBackExactly): what the app wrote since must fit the declaration before
            dialect.unconvertible(connection, r.table(), r.column(), r.after(), r.before())
                    .ifPresent(why -> found.add(new Undo.Difference(why + ": written since the migration redeclared it", false)));
            long nulls = r.before().notNull() ? nulls(r) : 0;
            if (nulls > 0) {
                found.add(new Undo.Difference(r.object() + " holds NULL in " + nulls + " row(s) written since, but was declared " + r.before().render()
                        + " before the migration", false));
            }
        }
    }

    private long nulls(Change.ColumnRedeclared r) throws SQLException {
        try (java.sql.Statement s = connection.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM " + dialect.quote(r.table())
                + " WHERE " + dialect.quote(r.column()) + " IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A redeclared column goes back to the table's definition before, and the values the new declaration converted are put back. */
    @SuppressWarnings("unchecked")
    void undo(Change.ColumnRedeclared r) throws SQLException {
        dialect.restoreTable(connection, r.table(), r.definitionBefore());
        Map<Long, List<String>> cells = new LinkedHashMap<>();
        Map<String, Object> converted = object(r.valuesBefore());
        if (converted == null) {
            throw new SQLException(ChangeLog.TABLE + " holds a redeclared column whose values cannot be read");
        }
        converted.forEach((rowid, cell) -> cells.put(Long.parseLong(rowid), (List<String>) cell));
        if (!cells.isEmpty()) {
            ColumnValues.write(dialect, connection, r.table(), r.column(), cells);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        try {
            return json != null && Json.parse(json) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
