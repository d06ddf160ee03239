package dev.mapper.apply;

import dev.mapper.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fingerprint per table the mapping does not name, taken before the writes and again during
 * verification: proof that the migration touched nothing else. Reading every row of every other
 * table would cost O(rows) (a metrics table has millions), so a table is watched instead: the
 * dialect counts every row written to it on this connection from the first fingerprint on (a
 * trigger that writes to it included), and the count is its fingerprint. A table that cannot be
 * watched (e.g. a virtual table) falls back to SHA-256 of its rows.
 */
public final class Fingerprints {
    private Fingerprints() {}

    public static Map<String, String> of(Dialect dialect, Connection connection, Set<String> excluded) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        for (String table : dialect.tables(connection)) {
            if (!excluded.contains(table.toLowerCase())) {
                result.put(table, dialect.watchWrites(connection, table) ? "writes:" + dialect.writesSeen(connection, table)
                        : hash(dialect, connection, table));
            }
        }
        return result;
    }

    public static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        before.forEach((table, hash) -> {
            if (!hash.equals(after.get(table))) {
                changed.add(table);
            }
        });
        after.keySet().stream().filter(t -> !before.containsKey(t)).forEach(changed::add);
        return changed;
    }

    private static String hash(Dialect dialect, Connection connection, String table) throws SQLException {
        return dev.mapper.change.RowsHash.of(dialect, connection, table);
    }

}
