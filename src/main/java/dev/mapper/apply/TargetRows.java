package dev.mapper.apply;

import dev.mapper.db.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The key and value of every row of a key/value target, as stored. */
public final class TargetRows {
    private TargetRows() {}

    public static List<Map.Entry<String, String>> read(Dialect dialect, Connection c, String table) throws SQLException {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        if (!dialect.tableExists(c, table)) {
            return rows;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM " + dialect.quote(table) + " ORDER BY key")) {
            while (rs.next()) {
                rows.add(new AbstractMap.SimpleImmutableEntry<>(rs.getString(1), rs.getString(2)));
            }
        }
        return rows;
    }
}
