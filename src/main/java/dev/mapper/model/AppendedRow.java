package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/**
 * One row a migration appends to a table that exists ({@code append: { logs: { level: …, message: … } } }):
 * each column computed by a rule, like a document's keys. Rollback deletes exactly that row.
 */
public record AppendedRow(String table, List<KeyRule> columns, Pos pos) {
    public AppendedRow {
        columns = List.copyOf(columns);
    }
}
