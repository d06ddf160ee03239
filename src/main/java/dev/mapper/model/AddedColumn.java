package dev.mapper.model;

import dev.mapper.diag.Pos;

/** A column a migration adds to a table that exists ({@code columns: { models: { favorite: … } } }). */
public record AddedColumn(String table, String column, ColumnDecl declaration, Pos pos) {
    /** {@code models.favorite}, for messages and change records. */
    public String qualified() {
        return table + "." + column;
    }
}
