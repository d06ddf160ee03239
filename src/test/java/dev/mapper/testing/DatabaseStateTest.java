package dev.mapper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapper.TestDb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the round trip compares: schema and every row, typed, order not counted. */
class DatabaseStateTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("equal states have no differences, whatever the row order")
    void equal() throws Exception {
        Path a = TestDb.fromSql(dir, "a.db", "CREATE TABLE t (k, v); INSERT INTO t VALUES (1, 'x'), (2, 'y');");
        Path b = TestDb.fromSql(dir, "b.db", "CREATE TABLE t (k, v); INSERT INTO t VALUES (2, 'y'), (1, 'x');");
        assertEquals(List.of(), DatabaseState.read(a).differences(DatabaseState.read(b), "after"));
    }

    @Test
    @DisplayName("the text '1' is not the integer 1; a changed declaration, a new table and a new index are each named")
    void differences() throws Exception {
        Path a = TestDb.fromSql(dir, "a.db", "CREATE TABLE t (k, v); INSERT INTO t VALUES (1, 'x'); CREATE TABLE u (x INTEGER);");
        Path b = TestDb.fromSql(dir, "b.db", "CREATE TABLE t (k, v); INSERT INTO t VALUES ('1', 'x'); CREATE TABLE u (x TEXT);"
                + "CREATE TABLE w (z); CREATE INDEX i ON t (k);");
        assertEquals(List.of(
                "index i exists after rollback, was not there before: CREATE INDEX i ON t (k)",
                "table u is declared differently after rollback: CREATE TABLE u (x TEXT) (was: CREATE TABLE u (x INTEGER))",
                "table w exists after rollback, was not there before: CREATE TABLE w (z)",
                "t: row {k: 1, v: \"x\"} is gone after rollback",
                "t: row {k: \"1\", v: \"x\"} is new after rollback"),
                DatabaseState.read(a).differences(DatabaseState.read(b), "after rollback"));
    }
}
