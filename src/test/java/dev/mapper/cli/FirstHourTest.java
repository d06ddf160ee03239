package dev.mapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person writing a first migration of their own meets: every message true, and no wrong hints. */
class FirstHourTest {
    static final Path MAPPING_004 = Path.of("mappings/004.yaml");

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("migration: 004 unquoted is refused (YAML reads the number 4), with the quoted fix; a number written as read is fine")
    void unquotedMigrationLosingDigits() throws Exception {
        Path file = write("004.yaml", Files.readString(MAPPING_004).replace("migration: \"004\"", "migration: 004"));

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":5:12: error: migration: 004 is the number 4 to YAML, so the id would be '4', not '004'\n"),
                run.err());
        assertTrue(run.err().contains("\n               ^\n  hint: quote it to keep every digit: migration: \"004\"\n"), run.err());

        Path plain = write("5.yaml", Files.readString(MAPPING_004).replace("migration: \"004\"", "migration: 5"));
        Cli ok = Cli.run("validate", plain.toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("migration 5 (unify_router_config)"), ok.out());
    }

    @Test
    @DisplayName("a from path absent from a present document, beside a near name: plan and apply say so with did-you-mean from the live data")
    void absentPathWithANearName() throws Exception {
        Path db = dev.mapper.TestDb.example(dir);
        // a source that is not retired (retiring a source with an unread field is refused: RetireGuardTest)
        Path file = write("004.yaml", Files.readString(MAPPING_004).replace("from: settings.maxModelsLoaded,", "from: settings.maxModelsLoadd,"));
        String warning = "Warning   " + file + ":24:34: router_config.maxModelsLoaded: settings.maxModelsLoadd is not in metadata row 'user_settings', "
                + "which has settings.maxModelsLoaded: did you mean settings.maxModelsLoaded? (the default 4 is used)\n";

        Cli plan = Cli.run("plan", file.toString(), "--db", db.toString());

        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n\n" + warning), plan.out());
        assertEquals(1, plan.out().split("Warning ", -1).length - 1, "only the misspelt path is flagged: " + plan.out());
        Cli json = Cli.run("plan", file.toString(), "--db", db.toString(), "--json");
        String line = warning.substring("Warning   ".length(), warning.length() - 1);
        assertTrue(json.out().contains("\"warnings\":[\"" + line.replace("\"", "\\\"") + "\"]"), json.out());
        Cli apply = Cli.run("apply", file.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply::toString);
        assertTrue(apply.out().contains(warning), apply.out());

        Cli original = Cli.run("plan", MAPPING_004.toString(), "--db", dev.mapper.TestDb.example(Files.createDirectory(dir.resolve("x"))).toString());
        assertTrue(!original.out().contains("Warning"), "a blank field or a field another key reads is no near miss: " + original.out());
    }

    @Test
    @DisplayName("a value read from the backup table (the source row is gone): the error names the backup table, not the source table")
    void valueReadFromTheBackupTable() throws Exception {
        Path db = dev.mapper.TestDb.example(dir);
        // what the old JS script leaves: server_config's row saved in migration_backup_004, then deleted
        dev.mapper.TestDb.exec(db, "CREATE TABLE migration_backup_004 (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL, "
                + "source_key TEXT, original_value TEXT, migrated_at INTEGER);"
                + "INSERT INTO migration_backup_004 (source_table, source_key, original_value) "
                + "SELECT 'server_config', key, json_set(value, '$.llama_server_port', '80x') FROM server_config;"
                + "DELETE FROM server_config;");
        String before = dev.mapper.TestDb.sha256(db);

        Cli run = Cli.run("apply", MAPPING_004.toString(), "--db", db.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port, "
                + "read from backup table migration_backup_004: server_config row 'config' is gone)\n"), run.err());
        assertTrue(run.err().contains("  hint: expected integer from 1 to 65535; fix the value saved in backup table migration_backup_004 "
                + "(or put the row back in server_config, which is read first), or change the key's type, transform or default\n"), run.err());
        assertEquals(before, dev.mapper.TestDb.sha256(db));

        dev.mapper.TestDb.exec(db, "UPDATE migration_backup_004 SET original_value = '{not json'");
        Cli broken = Cli.run("plan", MAPPING_004.toString(), "--db", db.toString());
        assertEquals(1, broken.exitCode(), broken::toString);
        assertTrue(broken.err().startsWith("error: the copy of server_config row 'config' in backup table migration_backup_004 does not hold valid JSON: "),
                broken.err());
    }

    @Test
    @DisplayName("an unknown option: one error line with did-you-mean (--database → --db) and one hint, not the usage; exit 2")
    void unknownOptionIsOneLine() {
        Cli run = Cli.run("apply", MAPPING_004.toString(), "--database", "app.db");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("error: unknown option '--database'; did you mean '--db'?\n  hint: mapper apply --help lists its options\n", run.err());
        assertEquals("", run.out());
        Cli typo = Cli.run("plan", MAPPING_004.toString(), "--wiat", "5");
        assertEquals("error: unknown option '--wiat'; did you mean '--wait'?\n  hint: mapper plan --help lists its options\n", typo.err());
        Cli far = Cli.run("plan", MAPPING_004.toString(), "--colour");
        assertEquals("error: unknown option '--colour'\n  hint: mapper plan --help lists its options\n", far.err());
    }

    @Test
    @DisplayName("--version on every subcommand prints the version; validate offers no -v (it runs no SQL); verify's --db is not 'to migrate'")
    void versionAndOptionsPerCommand() {
        String version = Cli.run("--version").out();
        assertTrue(version.startsWith("mapper "), version);
        for (String command : new String[] {"apply", "plan", "verify", "rollback", "status", "validate", "inspect", "new", "schema"}) {
            Cli run = Cli.run(command, "--version");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(version, run.out(), command);
        }
        Cli validate = Cli.run("validate", "-v", MAPPING_004.toString());
        assertEquals(2, validate.exitCode(), validate::toString);
        assertTrue(validate.err().startsWith("error: unknown option '-v'\n"), validate.err());
        assertTrue(!Cli.run("validate", "--help").out().contains("--verbose"));
        assertEquals("error: unknown option '--db': validate reads no database; mapper plan FILE --db PATH checks the data too\n"
                + "  hint: mapper validate --help lists its options\n", Cli.run("validate", MAPPING_004.toString(), "--db", "x.db").err());
        String verifyHelp = Cli.run("verify", "--help").out();
        assertTrue(verifyHelp.contains("--db=PATH"), verifyHelp);
        assertTrue(!verifyHelp.contains("to migrate"), verifyHelp);
    }

    @Test
    @DisplayName("a folder given to a single-file command: says which commands take a folder and names one of its mappings; exit 2")
    void folderToSingleFileCommand() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("mappings"));
        Files.copy(MAPPING_004, folder.resolve("004.yaml"));
        for (String command : new String[] {"plan", "verify", "rollback", "validate"}) {
            Cli run = command.equals("validate") ? Cli.run(command, folder.toString())
                    : Cli.run(command, folder.toString(), "--db", dir.resolve("app.db").toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("error: " + folder + " is a folder; mapper " + command + " takes one mapping file\n"
                    + "  hint: name one of its mappings, e.g. mapper " + command + " " + folder.resolve("004.yaml")
                    + (command.equals("validate") ? "" : " --db " + dir.resolve("app.db")) + "; apply and status take a folder (they run, or list, every numbered mapping in it)\n", run.err(), command);
        }
    }

    @Test
    @DisplayName("type: int / bool / float: did you mean integer / boolean / number")
    void typeSynonyms() throws Exception {
        for (String[] pair : new String[][] {{"int", "integer"}, {"bool", "boolean"}, {"float", "number"}}) {
            Path file = write("t.yaml", Files.readString(MAPPING_004).replace("from: server.threads, type: integer", "from: server.threads, type: " + pair[0]));
            Cli run = Cli.run("validate", file.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith(file + ":28:56: error: unknown type '" + pair[0] + "'; did you mean '" + pair[1] + "'?\n"), run.err());
        }
    }

    @Test
    @DisplayName("the next commands mapper suggests repeat the options the person gave (--db, --wait; --keep-changed only for apply)")
    void suggestedCommandsRepeatTheOptions() throws Exception {
        Path db = dev.mapper.TestDb.example(dir);
        Cli plan = Cli.run("plan", MAPPING_004.toString(), "--db", db.toString(), "--wait", "3");
        assertTrue(plan.out().endsWith("Not applied yet. Apply with: mapper apply mappings/004.yaml --db " + db + " --wait 3\n"), plan.out());

        assertEquals(0, Cli.run("apply", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        dev.mapper.TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.port', 9090)");
        Path edited = write("004.yaml", Files.readString(MAPPING_004).replace("default: \"./models\"", "default: \"./llm\""));
        Cli revision = Cli.run("apply", edited.toString(), "--db", db.toString(), "--keep-changed");
        assertEquals(0, revision.exitCode(), revision::toString);
        assertTrue(revision.out().contains(" undo it with: mapper rollback " + edited + " --db " + db + "\n"), revision.out());
    }

    @Test
    @DisplayName("one top-level typo (sorces:) is one error: the misspelt field is read in its place, so no error follows from it")
    void topLevelTypoIsOneRootCause() throws Exception {
        Path file = write("m.yaml", Files.readString(MAPPING_004).replace("\nsources:\n", "\nsorces:\n"));

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(file + ":10:1: error: unknown field 'sorces' in the mapping; did you mean 'sources'?\n"
                + "    sorces:\n"
                + "    ^\n"
                + "  hint: the fields here are: migration, name, database, backup, sources, targets, retire, columns, indexes, append\n", run.err());
    }

    @Test
    @DisplayName("a table source read by a rows target: says which shapes feed which targets, not 'unknown source' with an empty list")
    void tableSourceInARowsTarget() throws Exception {
        Path file = write("m.yaml", """
                migration: "006"
                name: summary
                sources:
                  m: { table: metrics, shape: table }
                targets:
                  summary:
                    shape: rows
                    keys:
                      cpu: { from: m.cpu_usage, type: number }
                """);

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":9:20: error: source 'm' is a table source (shape: table): it feeds table targets only, "
                + "not the keys of target 'summary'\n"), run.err());
        assertTrue(run.err().contains("  hint: a document or rows target reads sources of shape document, rows or columns; "
                + "to move every row of a table, make the target shape: table with columns:\n"), run.err());
    }

    @Test
    @DisplayName("expression mistakes visible without data fail validate (exit 2): a method no value has (did-you-mean), a check giving a number")
    void expressionMistakesAtValidate() throws Exception {
        Path file = write("m.yaml", Files.readString(MAPPING_004)
                .replace("{ from: server.threads, type: integer, min: 1, default: 4 }",
                        "{ from: server.threads, type: integer, min: 1, default: 4, check: \"value * 2\" }")
                .replace("{ from: [server.llama_server_host, server.host], type: string, blank: absent, default: \"0.0.0.0\" }",
                        "{ from: [server.llama_server_host, server.host], type: string, default: \"0.0.0.0\", transform: \"value.trimm()\" }"));

        Cli run = Cli.run("validate", file.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith(file + ":22:120: error: expression 'value.trimm()' calls trimm(), a method no value here has; "
                + "did you mean trim()?\n"), run.err());
        assertTrue(run.err().contains("\n" + file + ":28:92: error: check 'value * 2' gives a number, never true or false\n"), run.err());
        assertTrue(run.err().endsWith("\n2 errors\n"), run.err());
    }

    @Test
    @DisplayName("backups lists the copies newest first; --prune --keep N deletes the rest, never the newest copy of an applied migration")
    void listAndPruneBackups() throws Exception {
        Path db = dev.mapper.TestDb.example(dir);
        assertEquals(0, Cli.run("apply", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        assertEquals(0, Cli.run("rollback", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        assertEquals(0, Cli.run("apply", MAPPING_004.toString(), "--db", db.toString()).exitCode());
        List<Path> copies;
        try (var files = Files.list(dir)) {
            copies = files.filter(f -> f.getFileName().toString().endsWith(".bak")).sorted().toList();
        }
        assertEquals(3, copies.size(), copies::toString);
        Path newestApply = Path.of(dev.mapper.TestDb.one(db, "SELECT backup_file FROM mapper_history WHERE migration = '004'"));

        Cli list = Cli.run("backups", "--db", db.toString(), "--keep", "1");
        assertEquals(0, list.exitCode(), list::toString);
        List<String> lines = list.out().lines().toList();
        assertEquals("Backup copies of " + db + ", newest first:", lines.get(0));
        assertTrue(lines.get(1).startsWith("  " + newestApply.getFileName() + "  ") && lines.get(1).endsWith("  (kept: the newest copy of applied migration 004)"),
                list.out());
        assertEquals("Delete all but the newest 1 with: mapper backups --db " + db + " --prune --keep 1", lines.get(4));

        Cli prune = Cli.run("backups", "--db", db.toString(), "--prune", "--keep", "0");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertTrue(prune.out().contains("Deleted 2 backup copies ("), prune.out());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(newestApply.getFileName()), files.filter(f -> f.getFileName().toString().endsWith(".bak")).map(Path::getFileName).toList());
        }
    }
}
