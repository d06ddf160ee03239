package dev.mapper.model;

import dev.mapper.diag.Pos;

/**
 * A column a migration adds to a table that exists ({@code columns: { models: { favorite: … } } }).
 *
 * @param rule null, or how each existing row's value is computed from the row's own columns
 *             ({@code from: name}, a {@code transform} over {@code value} and {@code row}): its
 *             paths read source {@link #ROW}, its type is the declaration's {@link ColumnDecl#valueType()}
 */
public record AddedColumn(String table, String column, ColumnDecl declaration, KeyRule rule, Pos pos) {
    /** The name a computed column's transform and check read the row's columns by: {@code row.file_size}. */
    public static final String ROW = "row";

    /** {@code models.favorite}, for messages and change records. */
    public String qualified() {
        return table + "." + column;
    }

    public boolean computed() {
        return rule != null;
    }
}
