package dev.mapper.apply.history;

import dev.mapper.db.Dialect;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.plan.SourceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The in-database backup table: the latest saved copy of each source row. */
public final class BackupTable {
    private final Dialect dialect;
    private final Connection connection;
    private final Mapping mapping;
    private final String table;

    public BackupTable(Dialect dialect, Connection connection, Mapping mapping) {
        this.dialect = dialect;
        this.connection = connection;
        this.mapping = mapping;
        this.table = mapping.backupTable();
    }

    /** The latest backup row per source key for this source (only key {@code key} for a document source). */
    public List<SourceRow> rowsFor(Source source) throws SQLException {
        if (!dialect.tableExists(connection, table)) {
            return List.of();
        }
        String savedAs = mapping.backupName(source);
        List<SourceRow> rows = rowsSavedAs(source, savedAs);
        // a backup written before names were qualified holds every source under its bare table name
        return rows.isEmpty() && !savedAs.equals(source.table()) ? rowsSavedAs(source, source.table()) : rows;
    }

    private List<SourceRow> rowsSavedAs(Source source, String savedAs) throws SQLException {
        Map<String, SourceRow> latest = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT source_key, original_value FROM " + dialect.quote(table)
                + " WHERE source_table = ? ORDER BY id")) {
            ps.setString(1, savedAs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    if (source instanceof Source.Document d && !Objects.equals(d.key(), key)) {
                        continue;
                    }
                    latest.remove(key); // re-insert so the order follows the latest copy
                    latest.put(key, new SourceRow(source.table(), key, rs.getString(2)));
                }
            }
        }
        List<SourceRow> rows = new ArrayList<>(latest.values());
        if (source instanceof Source.Rows) {
            rows.sort((a, b) -> a.key().compareTo(b.key()));
        }
        return rows;
    }
}
