package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/**
 * A table written with one row per source row ({@code shape: table}): one rule per target column
 * mapper writes, and how every column of the created table is declared.
 *
 * @param source   the table source every row comes from
 * @param key      the key columns; each is a column of {@code columns} taken straight from a source column.
 *                 They are the primary key, or, when another column is the autoincrement id, unique
 * @param columns  the rules of the columns mapper writes (an id SQLite assigns has none)
 * @param declared every column of the created table, in order, as declared
 */
public record TableTarget(String table, TableSource source, List<String> key, String index, List<KeyRule> columns, List<TableColumn> declared, Pos pos) {
    public TableTarget {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        declared = List.copyOf(declared);
    }

    public KeyRule column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    public TableColumn declaration(String name) {
        return declared.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Whether an absent source value (every {@code from} path NULL or blank, or a transform giving
     * null) is written as SQL NULL instead of the default: the column is nullable and its rule reads a
     * value. A rule with neither {@code from} nor {@code transform} is a constant: its default, or NULL.
     */
    public boolean writesNull(KeyRule rule) {
        return declaration(rule.name()).nullable() && (!rule.from().isEmpty() || rule.transform() != null || rule.defaultValue() == null);
    }
}
