package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/**
 * A table written with one row per source row ({@code shape: table}): one rule per target column,
 * the key column(s) as its primary key.
 *
 * @param source the table source every row comes from
 * @param key    the key columns; each is a column of {@code columns} taken straight from a source column
 */
public record TableTarget(String table, TableSource source, List<String> key, String index, List<KeyRule> columns, Pos pos) {
    public TableTarget {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
    }

    public KeyRule column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
