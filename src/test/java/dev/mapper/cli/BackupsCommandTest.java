package dev.mapper.cli;

import static dev.mapper.TestDb.MAPPING_004;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import dev.mapper.Db;
import dev.mapper.Engine;
import dev.mapper.convert.Json;
import dev.mapper.postgres.PgDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mapper backups on SQLite (the copies beside the file); {@link PostgresBackupsCommandIT} runs the same
 * tests on PostgreSQL (the psql scripts in the backup folder, each with the command that restores it).
 */
class BackupsCommandTest {
    static final Path MAPPING_005 = Path.of("mappings/005-models_gguf_metadata.yaml");

    @TempDir
    Path dir;

    Engine engine() {
        return Engine.SQLITE;
    }

    /** The backup file named on a "Backup" line of apply or rollback, and (on a server) the restore command it printed. */
    record Printed(Path file, String restore) {
        static Printed in(Cli run) {
            String line = run.out().lines().filter(l -> l.startsWith("Backup    ")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
            String file = line.substring("Backup    ".length(), line.indexOf(" ("));
            int restore = line.indexOf("; restore them with: ");
            // the command ends with the quoted URL, then the note's ')' (and apply's "; N source row(s) saved …")
            return new Printed(Path.of(file), restore < 0 ? null : line.substring(restore + "; restore them with: ".length(), line.lastIndexOf("')") + 1));
        }
    }

    private static Printed ok(Db db, String... args) {
        Cli run = db.run(args);
        assertEquals(0, run.exitCode(), run::toString);
        return Printed.in(run);
    }

    /** The listing's lines for one backup: the name, its size and why it is kept; on a server, the restore command apply printed. */
    private static List<String> entry(Printed backup, String kept) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("  " + backup.file().getFileName() + "  " + Files.size(backup.file()) / 1024 + " KiB" + (kept == null ? "" : "  (kept: " + kept + ")"));
        if (backup.restore() != null) {
            lines.add("    restore: " + backup.restore());
        }
        return lines;
    }

    private static String header(Db db) {
        return db instanceof PgDb pg ? "Backup scripts of " + db.shown() + " in " + pg.backupDir() + ", newest first:"
                : "Backup copies of " + db.address() + ", newest first:";
    }

    @Test
    @DisplayName("two migrations applied: backups lists both, newest first, with size, why each is kept and (server) the restore command apply printed")
    void listsNewestFirst() throws Exception {
        Db db = engine().example(dir);
        Printed first = ok(db, "apply", MAPPING_004.toString());
        Printed second = ok(db, "apply", MAPPING_005.toString());

        Cli run = db.run("backups");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> expected = new ArrayList<>(List.of(header(db)));
        expected.addAll(entry(second, "the newest copy of applied migration 005"));
        expected.addAll(entry(first, "the newest copy of applied migration 004"));
        assertEquals(expected, run.out().lines().toList());
        assertEquals("", run.err());
        assertTrue(second.file().getFileName().toString().matches(db.pick(
                "llama-dashboard\\.db\\.005-before-apply-\\d{8}-\\d{6}(-\\d+)?\\.bak", "\\Q" + dbName(db) + "\\E\\.public\\.005-before-apply-\\d{8}-\\d{6}(-\\d+)?\\.bak")),
                second.file()::toString);
    }

    private static String dbName(Db db) {
        String url = db.address();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    @DisplayName("--json: one document with each backup's file, migration, label, time, size, why it is kept and (server) its restore command")
    @SuppressWarnings("unchecked")
    void json() throws Exception {
        Db db = engine().example(dir);
        Printed applied = ok(db, "apply", MAPPING_004.toString());
        Printed rolledBack = ok(db, "rollback", MAPPING_004.toString());

        Cli run = db.run("backups", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.out().lines().count(), run.out());
        Map<String, Object> json = (Map<String, Object>) Json.parse(run.out());
        assertEquals(List.of("format", "command", "ok", "exitCode", "database", "folder", "backups", "deleted"), List.copyOf(json.keySet()));
        assertEquals("backups", json.get("command"));
        assertEquals(true, json.get("ok"));
        assertEquals(db.display(), json.get("database"));
        assertEquals(applied.file().getParent().toString(), json.get("folder"));
        List<Map<String, Object>> backups = (List<Map<String, Object>>) json.get("backups");
        assertEquals(2, backups.size(), run.out());
        Printed[] newestFirst = {rolledBack, applied};
        String[] labels = {"before-rollback", "before-apply"};
        for (int i = 0; i < 2; i++) {
            Map<String, Object> b = backups.get(i);
            assertEquals(List.of("file", "migration", "label", "takenAt", "bytes", "keptBecause", "restore"), List.copyOf(b.keySet()));
            assertEquals(newestFirst[i].file().toString(), b.get("file"));
            assertEquals("004", b.get("migration"));
            assertEquals(labels[i], b.get("label"));
            assertTrue(String.valueOf(b.get("takenAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), b::toString);
            assertEquals(Files.size(newestFirst[i].file()), ((Number) b.get("bytes")).longValue());
            assertEquals(null, b.get("keptBecause"), "004 is rolled back: no copy is kept for it");
            assertEquals(newestFirst[i].restore(), b.get("restore"));
        }
        assertEquals(List.of(), json.get("deleted"));
    }

    /** Another database whose backups go to the same folder as {@code db}'s. */
    private Db neighbour(Db db) throws Exception {
        String sql = Files.readString(dev.mapper.TestDb.EXAMPLE_SQL);
        return engine() == Engine.SQLITE ? engine().fromSql(dir, "other.db", sql) : PgDb.create(((PgDb) db).backupDir(), sql);
    }

    @Test
    @DisplayName("another database's backups in the same folder, and a file that only has a backup's name, are neither listed nor pruned")
    void onlyThisDatabasesBackups() throws Exception {
        Db db = engine().example(dir);
        Db other = neighbour(db);
        Printed mine = ok(db, "apply", MAPPING_004.toString());
        Printed theirs = ok(other, "apply", MAPPING_004.toString());
        ok(other, "rollback", MAPPING_004.toString());
        assertEquals(mine.file().getParent(), theirs.file().getParent());
        String name = mine.file().getFileName().toString();
        Path notes = mine.file().resolveSibling(name.replace("-before-apply-", "-before-rollback-"));
        Files.writeString(notes, "my notes, not a backup\n");

        Cli run = db.run("backups", "--prune", "--keep", "0");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> expected = new ArrayList<>(List.of("Deleted 0 backup " + db.pick("copies", "scripts") + " (0 KiB).", "", header(db)));
        expected.addAll(entry(mine, "the newest copy of applied migration 004"));
        assertEquals(expected, run.out().lines().toList());
        assertTrue(Files.exists(theirs.file()));
        assertEquals("my notes, not a backup\n", Files.readString(notes));
        assertEquals(2, other.run("backups").out().lines().filter(l -> l.startsWith("  ") && !l.startsWith("    ")).count());
    }

    @Test
    @DisplayName("--prune --keep 0 deletes every backup but the newest of an applied migration; the listing first suggests the exact command")
    void prune() throws Exception {
        Db db = engine().example(dir);
        Printed first = ok(db, "apply", MAPPING_004.toString());
        Printed rollback = ok(db, "rollback", MAPPING_004.toString());
        Printed again = ok(db, "apply", MAPPING_004.toString());

        Cli list = db.run("backups", "--keep", "1");
        assertEquals(0, list.exitCode(), list::toString);
        List<String> lines = list.out().lines().toList();
        assertEquals("Delete all but the newest 1 with: mapper backups " + db.suggested() + " --prune --keep 1", lines.get(lines.size() - 1));

        long bytes = Files.size(rollback.file()) + Files.size(first.file());

        Cli run = db.run("backups", "--prune", "--keep", "0");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> expected = new ArrayList<>(List.of("deleted   " + rollback.file(), "deleted   " + first.file(),
                "Deleted 2 backup " + db.pick("copies", "scripts") + " (" + bytes / 1024 + " KiB).", "", header(db)));
        expected.addAll(entry(again, "the newest copy of applied migration 004"));
        assertEquals(expected, run.out().lines().toList());
        try (var files = Files.list(again.file().getParent())) {
            assertEquals(List.of(again.file().getFileName()), files.filter(f -> f.getFileName().toString().endsWith(".bak")).map(Path::getFileName).toList());
        }
    }

    @Test
    @DisplayName("apply --keep-backups 1 deletes the older backups of this database after the run and says so in one line")
    void applyPrunesOlderBackups() throws Exception {
        Db db = engine().example(dir);
        Printed first = ok(db, "apply", MAPPING_004.toString());
        Printed rollback = ok(db, "rollback", MAPPING_004.toString(), "--keep-backups", "all");
        long bytes = Files.size(first.file()) + Files.size(rollback.file());

        Cli run = db.run("apply", MAPPING_004.toString(), "--keep-backups", "1");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("Pruned    2 older backup copies (" + bytes / 1024 + " KiB), keeping the newest 1 (--keep-backups): "
                + rollback.file().getFileName() + ", " + first.file().getFileName()), run.out().lines().filter(l -> l.startsWith("Pruned")).toList());
        assertEquals(false, Files.exists(first.file()));
        assertEquals(false, Files.exists(rollback.file()));
        assertTrue(Files.exists(Printed.in(run).file()));
    }

    @Test
    @DisplayName("no backups yet: one line saying so, exit 0 (on a server, also when its backup folder does not exist yet)")
    void noBackups() {
        Db db = engine().example(dir);

        Cli run = db.run("backups");

        assertEquals(0, run.exitCode(), run::toString);
        Path folder = db instanceof PgDb pg ? pg.backupDir() : null;
        assertEquals(db.pick("No backup copies beside " + db.address() + ".\n",
                "No backup scripts of " + db.shown() + ": the folder " + folder + " does not exist (apply writes them to the folder --backup-dir names, "
                        + "default mapper-backups/ in the directory it runs in).\n"), run.out());
        if (folder != null) {
            assertTrue(folder.toFile().mkdirs());
            Cli empty = db.run("backups");
            assertEquals(0, empty.exitCode(), empty::toString);
            assertEquals("No backup scripts of " + db.shown() + " in " + folder + ".\n", empty.out());
        }
    }
}
