package dev.mapper.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Example004;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library facade an application calls at startup. */
class MapperTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("load, plan (changes nothing), apply, status, apply again (nothing to do)")
    void lifecycle() {
        Path db = TestDb.example(dir);
        String before = TestDb.sha256(db);
        Mapper mapper = Mapper.load(TestDb.MAPPING_004);
        assertEquals("004", mapper.migration());
        assertEquals("unify_router_config", mapper.name());

        Mapper.Planned plan = mapper.plan(db);
        assertEquals(Mapper.Status.State.PENDING, plan.state());
        assertEquals(20, plan.keys().size());
        assertEquals(new Mapper.Key("router_config", "port", 8080L, "server.llama_server_port", 8080, false), plan.keys().get(3));
        assertEquals(10, plan.sql().size());
        assertEquals("DELETE FROM \"server_config\" WHERE \"key\" = 'config'", plan.sql().get(9));
        assertEquals(before, TestDb.sha256(db));
        assertEquals(Mapper.Status.State.PENDING, mapper.status(db).state());

        Mapper.Applied applied = mapper.apply(db);
        assertEquals(Mapper.Outcome.APPLIED, applied.outcome());
        assertEquals(TestDb.one(db, "SELECT backup_file FROM mapper_history"), applied.backupFile().toString());
        assertTrue(Files.exists(applied.backupFile()));
        assertEquals(new Mapper.Key("logging_config", "level", "info", "settings.logLevel", "info", false), applied.keys().get(14));
        assertEquals(Example004.ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config"));

        Mapper.Status status = mapper.status(db);
        assertEquals(Mapper.Status.State.APPLIED, status.state());
        assertEquals(Long.parseLong(TestDb.one(db, "SELECT applied_at FROM mapper_history")), status.appliedAt().getEpochSecond());

        Mapper.Applied again = mapper.apply(db);
        assertEquals(Mapper.Outcome.ALREADY_APPLIED, again.outcome());
        assertNull(again.backupFile());
        assertEquals(List.of(), again.keys());

        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.port', 9090)");
        assertEquals(new Mapper.Status("004", Mapper.Status.State.DRIFTED, status.appliedAt(), List.of("router_config.port is 9090, expected 8080")),
                mapper.status(db));
    }

    @Test
    @DisplayName("a mistake in the mapping is a MigrationException of kind MAPPING with every problem's position")
    void mappingProblems() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "migration: \"9\"\nname: x\nsources: {}\ntargets: {}\n");
        MigrationException e = assertThrows(MigrationException.class, () -> Mapper.load(bad));
        assertEquals(MigrationException.Kind.MAPPING, e.kind());
        assertEquals(2, e.problems().size());
        MigrationException.Problem first = e.problems().get(0);
        assertEquals(List.of(bad.toString(), 3, 10, "'sources' is empty"), List.of(first.file(), first.line(), first.column(), first.message()));
        assertEquals(bad + ":3:10: error: 'sources' is empty", first.toString());
    }

    @Test
    @DisplayName("a value that does not convert is a MigrationException of kind DATA; the database file is unchanged")
    void dataProblem() {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "UPDATE server_config SET value = json_set(value, '$.llama_server_port', '80x')");
        String before = TestDb.sha256(db);

        MigrationException e = assertThrows(MigrationException.class, () -> Mapper.load(TestDb.MAPPING_004).apply(db));

        assertEquals(MigrationException.Kind.DATA, e.kind());
        assertEquals("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)",
                e.problems().get(0).toString());
        assertEquals(before, TestDb.sha256(db));
    }

    static String rowsMapping(String version, String table, String key, String type) {
        return "migration: \"" + version + "\"\nname: m" + version + "\nsources:\n  s: { table: settings, shape: rows }\n"
                + "targets:\n  " + table + ":\n    shape: rows\n    keys:\n      " + key + ": { from: s." + key + ", type: " + type + " }\n";
    }

    @Test
    @DisplayName("migrate(folder, db) applies the pending mappings in version order, like an app at startup; a failure stops it with the earlier ones applied")
    void migrateFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("mappings"));
        Files.writeString(folder.resolve("001-theme.yaml"), rowsMapping("001", "ui_config", "theme", "string"));
        Files.writeString(folder.resolve("003-port.yaml"), rowsMapping("003", "net_config", "port", "integer"));
        Path db = TestDb.fromSql(dir, "app.db", "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                + "INSERT INTO settings VALUES ('theme', 'dark'), ('port', '80x');");

        assertEquals(List.of("001", "003"), Mapper.loadFolder(folder).stream().map(Mapper::migration).toList());
        MigrationException e = assertThrows(MigrationException.class, () -> Mapper.migrate(folder, db));
        assertEquals(MigrationException.Kind.DATA, e.kind());
        assertTrue(e.problems().get(0).toString().startsWith(folder.resolve("003-port.yaml") + ":9:7: error: net_config.port: \"80x\" is not an integer"),
                e.problems().toString());
        assertEquals(List.of("001"), TestDb.query(db, "SELECT migration FROM mapper_history"));

        TestDb.exec(db, "UPDATE settings SET value = '8080' WHERE key = 'port'");
        List<Mapper.Applied> results = Mapper.migrate(folder, db);
        assertEquals(List.of(Mapper.Outcome.ALREADY_APPLIED, Mapper.Outcome.APPLIED), results.stream().map(Mapper.Applied::outcome).toList());
        assertEquals("8080 | integer", TestDb.one(db, "SELECT value, type FROM net_config"));

        Files.writeString(folder.resolve("003-other.yaml"), rowsMapping("003", "other_config", "theme", "string"));
        MigrationException duplicate = assertThrows(MigrationException.class, () -> Mapper.loadFolder(folder));
        assertEquals("error: duplicate version 3: " + folder.resolve("003-other.yaml") + " and " + folder.resolve("003-port.yaml"),
                duplicate.problems().get(0).toString());
    }

    @Test
    @DisplayName("a Database names a SQLite file or a server URL; a URL holding a password is a MigrationException of kind MAPPING that never shows it")
    void databases() {
        Path db = TestDb.example(dir);
        Mapper mapper = Mapper.load(TestDb.MAPPING_004);
        assertEquals(Mapper.Status.State.PENDING, mapper.status(Database.sqlite(db)).state());
        assertEquals(Mapper.Outcome.APPLIED, mapper.apply(Database.of(db.toString())).outcome());
        assertEquals(Mapper.Status.State.APPLIED, mapper.status(db).state());
        assertEquals(db.toString(), Database.sqlite(db).toString());
        assertEquals("postgresql://app@db.example.com:5432/llama?schema=public", Database.of("postgresql://app@db.example.com:5432/llama").toString());

        Database secret = Database.of("postgresql://app:s3cret@localhost:5432/llama");
        MigrationException e = assertThrows(MigrationException.class, () -> mapper.apply(secret));
        assertEquals(MigrationException.Kind.MAPPING, e.kind());
        assertEquals("error: database: the database URL holds a password (after 'app:')", e.problems().get(0).toString());
        assertTrue(!e.problems().toString().contains("s3cret") && !secret.toString().contains("s3cret"), e.problems() + " " + secret);
    }
}
