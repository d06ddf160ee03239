package dev.mapper.testing;

import dev.mapper.diag.Pos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A mapping's test file ({@code NAME.test.yaml} beside {@code NAME.yaml}), read and checked against
 * the mapping: every case's given state, what applying the mapping to it must give, and whether
 * its round trip (rollback back to the given state, a second apply changing nothing) is checked.
 *
 * @param setupSql SQL run first in every case's fresh database (the tables' real schema), or null
 */
public record TestFile(Path file, Path mappingFile, String setupSql, List<Case> cases) {
    public TestFile {
        cases = List.copyOf(cases);
    }

    /** {@code roundTripSkip} is null unless the case opts out of the round trip, with this reason. */
    public record Case(String name, Pos pos, Given given, Expect expect, String roundTripSkip) {}

    /**
     * The database a case starts from: {@code after} (earlier migrations of the folder, applied
     * first), a SQL file and inline SQL, then {@code tables}' rows (a map or list value is stored
     * as its JSON text; a table that does not exist is created with the rows' columns).
     */
    public record Given(List<Path> after, Path sqlFile, String sql, Map<String, List<Map<String, Object>>> tables) {
        public Given {
            after = List.copyOf(after);
        }
    }

    /**
     * What applying the mapping to the given state must do: write these {@code values} (target →
     * key → typed value) and/or these {@code rows} (table target → its rows, in key order), or fail
     * as {@code failure} says with the database unchanged, or have {@code nothingToDo}; and/or leave the
     * database in this {@code state} (any table's rows, columns' and indexes' declarations).
     */
    public record Expect(Map<String, Map<String, Expected>> values, Map<String, List<Map<String, Expected>>> rows,
                         Failure failure, boolean nothingToDo, State state) {
        public Expect(Map<String, Map<String, Expected>> values, Map<String, List<Map<String, Expected>>> rows, Failure failure, boolean nothingToDo) {
            this(values, rows, failure, nothingToDo, State.NONE);
        }
    }

    /**
     * What any table of the database holds after apply, whether the mapping names it or not:
     * {@code tables} (table → every row, matched by the table's primary key, the listed columns
     * compared by storage class and value), {@code columns} (table → column → its declaration as
     * mapper prints it, e.g. {@code INTEGER DEFAULT 0}; null: no such column) and {@code indexes}
     * (name → e.g. {@code INDEX ON models(status)}; null: no such index).
     */
    public record State(Map<String, List<Row>> tables, Map<String, Map<String, Expected>> columns, Map<String, Expected> indexes) {
        public static final State NONE = new State(Map.of(), Map.of(), Map.of());

        public boolean isEmpty() {
            return tables.isEmpty() && columns.isEmpty() && indexes.isEmpty();
        }
    }

    /** One expected row of {@code tables:}: column → value, and where the row is written. */
    public record Row(Map<String, Expected> columns, Pos pos) {}

    /** One expected value and where the test file states it. */
    public record Expected(Object value, Pos pos) {}

    /** {@code key} (table.key, or null for any) and a fragment of the error message, and the exit code. */
    public record Failure(int exitCode, String key, String message, Pos pos) {}
}
