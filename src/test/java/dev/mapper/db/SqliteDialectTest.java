package dev.mapper.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.model.TableColumn;
import dev.mapper.model.ValueType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SqliteDialectTest {
    private final SqliteDialect dialect = new SqliteDialect();

    /** Only a real row id needs no guard: an INTEGER PRIMARY KEY of a rowid table, not its look-alikes. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v)|id",
            "CREATE TABLE t (Id integer primary key autoincrement, v)|Id",
            "CREATE TABLE t (v, id INTEGER, PRIMARY KEY (id))|id",
            "CREATE TABLE t (id INTEGER PRIMARY KEY DESC, v)|none",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v) WITHOUT ROWID|none",
            "CREATE TABLE t (id INT PRIMARY KEY, v)|none",
            "CREATE TABLE t (id INTEGER, v INTEGER, PRIMARY KEY (id, v))|none",
            "CREATE TABLE t (id INTEGER, v)|none"})
    void integerRowId(String ddl, String rowId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.executeUpdate(ddl);
            assertEquals(rowId, dialect.integerRowId(c, "t"));
        }
    }

    @Test
    void declaredAsCreated() throws SQLException {
        LinkedHashMap<String, String> types = new LinkedHashMap<>(Map.of("id", "integer", "share", "number", "name", "string", "on", "boolean"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            List<TableColumn> columns = new java.util.ArrayList<>();
            types.forEach((name, type) -> columns.add(new TableColumn(name, ValueType.SIMPLE.stream().filter(v -> v.name().equals(type)).findFirst().orElseThrow(),
                    null, false, false, false, null)));
            s.executeUpdate(dialect.createTable("t", columns, List.of("id")));
            s.executeUpdate("CREATE TABLE u (id INTEGER NOT NULL PRIMARY KEY, share TEXT NOT NULL, name TEXT NOT NULL, \"on\" INTEGER NOT NULL)");
            assertTrue(dialect.declaredAsCreated(c, "t", types));
            assertFalse(dialect.declaredAsCreated(c, "u", types));
            assertFalse(dialect.declaredAsCreated(c, "missing", types));
        }
    }

    private static TableColumn column(String name, ValueType type, String defaultSql, boolean nullable, boolean autoincrement) {
        return new TableColumn(name, type, defaultSql, nullable, autoincrement, false, null);
    }

    @Test
    void createTableDeclaresEachColumnAsTheAppWould() {
        TableColumn id = column("id", ValueType.INTEGER, null, false, false);
        TableColumn auto = column("id", ValueType.INTEGER, null, false, true);
        TableColumn host = column("host", ValueType.STRING, "'0.0.0.0'", false, false);
        TableColumn note = column("note", ValueType.JSON, null, true, false);
        TableColumn on = column("on", ValueType.BOOLEAN, "1", true, false);
        assertEquals("CREATE TABLE \"t\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"host\" TEXT NOT NULL DEFAULT '0.0.0.0', \"note\" TEXT)",
                dialect.createTable("t", List.of(id, host, note), List.of("id")));
        assertEquals("CREATE TABLE \"t\" (\"id\" INTEGER NOT NULL, \"host\" TEXT NOT NULL DEFAULT '0.0.0.0', \"on\" INTEGER DEFAULT 1, PRIMARY KEY (\"id\", \"host\"))",
                dialect.createTable("t", List.of(id, host, on), List.of("id", "host")));
        assertEquals("CREATE TABLE \"t\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"host\" TEXT NOT NULL DEFAULT '0.0.0.0')",
                dialect.createTable("t", List.of(auto, host), List.of("id")));
        assertEquals("CREATE TABLE \"t\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"host\" TEXT NOT NULL DEFAULT '0.0.0.0', UNIQUE (\"host\"))",
                dialect.createTable("t", List.of(auto, host), List.of("host")));
    }
}
