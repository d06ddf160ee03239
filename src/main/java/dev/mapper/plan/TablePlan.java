package dev.mapper.plan;

import dev.mapper.model.KeyRule;
import dev.mapper.model.TableTarget;
import java.util.List;

/**
 * How a table target is filled. When every column rule translates to SQL, {@code insertSelect} is
 * the one {@code INSERT … SELECT} that fills it inside the database, and {@code verify} counts the
 * target rows that differ from the same expressions; otherwise both are null and the rows are
 * streamed through Java ({@link RowEvaluator}). {@code declarations}: how the created table declares
 * each column of {@code target.declared()}, in order ({@code INTEGER NOT NULL DEFAULT 0}, {@code TEXT}, …).
 */
public record TablePlan(TableTarget target, List<ColumnPlan> columns, List<String> declarations, Step createTable, Step insertSelect, Step verify) {
    public TablePlan {
        columns = List.copyOf(columns);
        declarations = List.copyOf(declarations);
    }

    /** One column: its SQL expression, or why it stays in Java. */
    public record ColumnPlan(KeyRule rule, String sql, String notPushedBecause) {
        public boolean pushed() {
            return notPushedBecause == null;
        }
    }

    public boolean pushedDown() {
        return insertSelect != null;
    }
}
