package dev.mapper.apply;

import dev.mapper.apply.history.BackupTable;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.SourceRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the sources' rows. Where a source's rows are gone (retired by an earlier run, or by the
 * app's old migration script) but the backup table still holds them, the backup rows are used.
 */
public final class SourceReader {
    private final Dialect dialect;
    private final Connection connection;

    public SourceReader(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** Live rows, falling back to backup rows per source. Names the sources taken from the backup in {@code fromBackup}. */
    public Map<String, SourceData> read(Mapping mapping, List<String> fromBackup) throws SQLException {
        BackupTable backup = new BackupTable(dialect, connection, mapping);
        Map<String, SourceData> result = new LinkedHashMap<>();
        for (Source source : mapping.sources()) {
            if (!dialect.tableExists(connection, source.table())) {
                throw MapperException.data("source table '" + source.table() + "' (source '" + source.name() + "') does not exist in the database",
                        "check the table name in the mapping, and that --db points at the right database");
            }
            List<SourceRow> rows = liveRows(source);
            String savedIn = null;
            if (rows.isEmpty()) {
                List<SourceRow> saved = backup.rowsFor(source);
                if (!saved.isEmpty()) {
                    rows = saved;
                    savedIn = mapping.backupTable();
                    fromBackup.add(source.name());
                }
            }
            result.put(source.name(), SourceData.of(source, rows, savedIn));
        }
        return result;
    }

    public List<SourceRow> liveRows(Source source) throws SQLException {
        String table = dialect.quote(source.table());
        if (source instanceof Source.Document d) {
            return query("SELECT " + dialect.quote(d.keyColumn()) + ", " + dialect.quote(d.valueColumn()) + " FROM " + table
                    + " WHERE " + dialect.quote(d.keyColumn()) + " = ?", source, d.key());
        }
        if (source instanceof Source.Rows r) {
            return query("SELECT " + dialect.quote(r.keyColumn()) + ", " + dialect.quote(r.valueColumn()) + " FROM " + table
                    + " ORDER BY " + dialect.quote(r.keyColumn()), source, null);
        }
        return singleRow(source);
    }

    private List<SourceRow> query(String sql, Source source, String key) throws SQLException {
        List<SourceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SourceRow(source.table(), rs.getString(1), rs.getString(2)));
                }
            }
        }
        return rows;
    }

    private List<SourceRow> singleRow(Source source) throws SQLException {
        List<SourceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + dialect.quote(source.table()) + " LIMIT 2");
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(meta.getColumnName(i), v instanceof Double d ? BigDecimal.valueOf(d) : v instanceof byte[] ? null : v);
                }
                rows.add(new SourceRow(source.table(), null, Json.write(row)));
            }
        }
        if (rows.size() > 1) {
            throw MapperException.data("source table '" + source.table() + "' (source '" + source.name() + "') has more than one row",
                    "a columns source reads a single-row table; use shape: rows for a key/value table");
        }
        return rows;
    }
}
