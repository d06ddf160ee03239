package dev.mapper.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.Example004;
import dev.mapper.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library facade on a real PostgreSQL server: the same calls as {@link MapperTest}, the database a {@link Database} URL. */
class PostgresMapperIT {
    @TempDir
    Path dir;

    @Test
    @DisplayName("plan (changes nothing), apply (backup script in the given folder), status, apply again, drift: on a server URL")
    void lifecycle() {
        Db db = Engine.POSTGRES.example(dir);
        Path backups = dir.resolve("pg-backups");
        Database database = Database.of(db.address()).withBackupDir(backups);
        String before = db.fingerprint();
        Mapper mapper = Mapper.load(TestDb.MAPPING_004);

        Mapper.Planned plan = mapper.plan(database);
        assertEquals(Mapper.Status.State.PENDING, plan.state());
        assertEquals(new Mapper.Key("router_config", "port", 8080L, "server.llama_server_port", 8080, false), plan.keys().get(3));
        assertEquals(before, db.fingerprint());
        assertEquals(Mapper.Status.State.PENDING, mapper.status(database).state());

        Mapper.Applied applied = mapper.apply(database);
        assertEquals(Mapper.Outcome.APPLIED, applied.outcome());
        assertEquals(db.one("SELECT backup_file FROM mapper_history"), applied.backupFile().toString());
        assertTrue(applied.backupFile().startsWith(backups.toAbsolutePath()), applied.backupFile().toString());
        assertTrue(Files.exists(applied.backupFile()));
        assertEquals(Example004.ROUTER_CONFIG, db.one("SELECT value FROM router_config"));

        Mapper.Status status = mapper.status(db.address());
        assertEquals(Mapper.Status.State.APPLIED, status.state());
        assertEquals(Long.parseLong(db.one("SELECT applied_at FROM mapper_history")), status.appliedAt().getEpochSecond());

        Mapper.Applied again = mapper.apply(database);
        assertEquals(Mapper.Outcome.ALREADY_APPLIED, again.outcome());
        assertNull(again.backupFile());

        db.setJson("router_config", "config", "port", 9090);
        assertEquals(new Mapper.Status("004", Mapper.Status.State.DRIFTED, status.appliedAt(), List.of("router_config.port is 9090, expected 8080")),
                mapper.status(database));
    }

    @Test
    @DisplayName("a value that does not convert: MigrationException of kind DATA, the database unchanged (fingerprint), no backup script")
    void dataProblem() {
        Db db = Engine.POSTGRES.example(dir);
        db.setJson("server_config", "config", "llama_server_port", "80x");
        String before = db.fingerprint();

        MigrationException e = assertThrows(MigrationException.class,
                () -> Mapper.load(TestDb.MAPPING_004).apply(Database.of(db.address()).withBackupDir(dir.resolve("pg-backups"))));

        assertEquals(MigrationException.Kind.DATA, e.kind());
        assertEquals("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)",
                e.problems().get(0).toString());
        assertEquals(before, db.fingerprint());
        assertFalse(Files.exists(dir.resolve("pg-backups")) && dir.resolve("pg-backups").toFile().list().length > 0);
    }

    @Test
    @DisplayName("migrate(folder, server) applies the app's migration folder 004-009 in version order")
    void migrateFolder() {
        Db db = Engine.POSTGRES.example(dir);
        List<Mapper.Applied> results = Mapper.migrate(Path.of("mappings"), Database.of(db.address()).withBackupDir(dir.resolve("pg-backups")));
        assertEquals(List.of("004", "005", "006", "007", "008", "009"), results.stream().map(Mapper.Applied::migration).toList());
        assertTrue(results.stream().allMatch(r -> r.outcome() == Mapper.Outcome.APPLIED), results::toString);
        assertEquals(List.of("004", "005", "006", "007", "008", "009"), db.query("SELECT migration FROM mapper_history ORDER BY id"));
    }
}
