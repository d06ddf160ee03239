package dev.mapper.model;

import dev.mapper.diag.Pos;

/**
 * A whole table read row by row ({@code shape: table}), for table targets: a path names a column
 * of the current row, e.g. {@code m.cpu_usage}.
 *
 * @param where null, or a SQL condition on the table's columns choosing the rows to migrate
 */
public record TableSource(String name, String table, String where, Pos pos) {
    public String describe() {
        return "the rows of " + table + (where == null ? "" : " where " + where);
    }
}
