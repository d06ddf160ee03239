package dev.mapper.apply;

import dev.mapper.db.Dialect;
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
final class BackupTable {
    private final Dialect dialect;
    private final Connection connection;
    private final String table;

    BackupTable(Dialect dialect, Connection connection, String table) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
    }

    /** The latest backup row per source key for this source (only key {@code key} for a document source). */
    List<SourceRow> rowsFor(Source source) throws SQLException {
        if (!dialect.tableExists(connection, table)) {
            return List.of();
        }
        Map<String, SourceRow> latest = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT source_key, original_value FROM " + dialect.quote(table)
                + " WHERE source_table = ? ORDER BY id")) {
            ps.setString(1, source.table());
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
