package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real fat jar, run as a process the way users run it (failsafe runs this after `package`). */
class JarIT {
    static final Path JAR = Path.of("target/mapper.jar");

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(command, 60);
    }

    @Test
    @DisplayName("java -jar target/mapper.jar mappings/004.yaml applies the example; a second run is a no-op")
    void appliesAndReRuns() throws Exception {
        Path db = TestDb.example(dir);
        Result first = java("mappings/004.yaml", "--db", db.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("Verify    ok: 20 keys in 2 target(s)"), first.out());
        assertEquals("", first.err());

        String before = TestDb.sha256(db);
        Result second = java("mappings/004.yaml", "--db", db.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("already applied"), second.out());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("MAPPER_KEEP_BACKUPS sets how many backup copies apply and rollback keep; --keep-backups wins over it; a wrong value is exit 2")
    void keepBackupsFromTheEnvironment() throws Exception {
        Path db = TestDb.example(dir);
        List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString());
        java.util.function.Function<List<String>, List<String>> command = args -> {
            List<String> all = new ArrayList<>(base);
            all.addAll(args);
            return all;
        };
        java.util.Map<String, String> keepOne = java.util.Map.of("MAPPER_KEEP_BACKUPS", "1");
        assertEquals(0, run(command.apply(List.of("mappings/004.yaml", "--db", db.toString())), keepOne, 60).exitCode());
        Result rollback = run(command.apply(List.of("rollback", "mappings/004.yaml", "--db", db.toString())), keepOne, 60);
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertTrue(rollback.out().contains("\nPruned    1 older backup copy ("), rollback.out());
        Result wins = run(command.apply(List.of("mappings/004.yaml", "--db", db.toString(), "--keep-backups", "5")), keepOne, 60);
        assertFalse(wins.out().contains("Pruned"), wins.out());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().endsWith(".bak")).count());
        }
        Result wrong = run(command.apply(List.of("rollback", "mappings/004.yaml", "--db", db.toString())), java.util.Map.of("MAPPER_KEEP_BACKUPS", "x"), 60);
        assertEquals(2, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().startsWith("error: MAPPER_KEEP_BACKUPS=x is not a number of copies to keep\n"), wrong.err());
    }

    @Test
    @DisplayName("the README's edit workflow with the jar: apply 004, the app changes port, apply an edited copy (revision 2), rollback to revision 1")
    void editedMappingWorkflow() throws Exception {
        Path db = TestDb.example(dir);
        assertEquals(0, java("mappings/004.yaml", "--db", db.toString()).exitCode());
        TestDb.exec(db, "UPDATE router_config SET value = json_set(value, '$.port', 9090)");
        String revision1 = TestDb.one(db, "SELECT value || ' | ' || updated_at FROM router_config");
        Path edited = dir.resolve("004.yaml");
        Files.writeString(edited, Files.readString(TestDb.MAPPING_004).replace("      gpuLayers:",
                "      flashAttention:    { from: server.flash_attn, type: boolean, default: false }\n      gpuLayers:"));

        Result plan = java("plan", edited.toString(), "--db", db.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("apply would write revision 2 as above"), plan.out());
        Result apply = java(edited.toString(), "--db", db.toString());
        assertEquals(0, apply.exitCode(), apply.err());
        assertTrue(apply.out().contains("Applied revision 2 of migration 004"), apply.out());
        assertEquals("9090 | 0", TestDb.one(db, "SELECT json_extract(value, '$.port'), json_extract(value, '$.flashAttention') FROM router_config"));

        Result rollback = java("rollback", edited.toString(), "--db", db.toString());
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(revision1, TestDb.one(db, "SELECT value || ' | ' || updated_at FROM router_config"));
        assertEquals("1", TestDb.one(db, "SELECT MAX(revision) FROM mapper_history"));
    }

    @Test
    @DisplayName("exit 1 for a value that does not convert, with a positioned message and no stack trace; database unchanged")
    void dataErrorExitCode() throws Exception {
        Path db = TestDb.example(dir);
        TestDb.exec(db, "UPDATE server_config SET value = json_set(value, '$.llama_server_port', '80x')");
        String before = TestDb.sha256(db);

        Result run = java("mappings/004.yaml", "--db", db.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("mappings/004.yaml:23:7: error: router_config.port: \"80x\" is not an integer (from server.llama_server_port)\n"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals(before, TestDb.sha256(db));
    }

    @Test
    @DisplayName("sqlite's native library is copied once beside the jar (mapper-cache/SIZE-TIME/) and loaded from there, without "
            + "sqlite-jdbc's per-start OS probing and temporary copy; a copy that does not load falls back to sqlite-jdbc's own way")
    void nativeLibraryKeptBesideTheJar() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("mapper.jar"));
        Path library = dir.resolve("mapper-cache").resolve(Files.size(jar) + "-" + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS))
                .resolve(System.mapLibraryName("sqlitejdbc"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String run : List.of("copies it", "loads it", "falls back")) {
            if (run.equals("falls back")) {
                Files.writeString(library, "not a library");
            }
            Path db = TestDb.example(Files.createDirectory(dir.resolve(run.replace(' ', '-'))));
            Result applied = run(List.of(java, "-Xlog:class+load", "-jar", jar.toString(), "mappings/004.yaml", "--db", db.toString()), 60);
            assertEquals(0, applied.exitCode(), run + ": " + applied.err());
            if (run.equals("falls back")) { // the JVM itself warns that it could not load the broken file
                assertFalse(applied.err().contains("Exception") || applied.err().contains("\tat "), applied.err());
            } else {
                assertEquals("", applied.err(), run);
            }
            assertEquals(Example004.ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config"), run);
            assertEquals(!run.equals("loads it"), applied.out().contains(" org.sqlite.util.OSInfo "), run + ": did sqlite-jdbc probe the OS?");
            assertTrue(Files.exists(library), run);
        }
        try (var files = Files.list(library.getParent())) {
            assertEquals(List.of(library.getFileName().toString()), files.map(f -> f.getFileName().toString()).toList(), "nothing else left there");
        }
    }

    @Test
    @DisplayName("applying 004 (no transform, no check) to a SQLite file loads no JEXL, no Jackson databind, no sqlite-jdbc "
            + "date formatter and no pgjdbc (docs/performance.md, start-up); the same mapping with one transform loads JEXL")
    void startUpLoadsOnlyWhatTheMappingNeeds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path plain = TestDb.example(Files.createDirectory(dir.resolve("plain")));
        Result applied = run(List.of(java, "-Xlog:class+load", "-jar", JAR.toString(), "mappings/004.yaml", "--db", plain.toString()), 60);
        assertEquals(0, applied.exitCode(), applied.err());
        assertTrue(applied.out().contains(" org.sqlite.SQLiteConnectionConfig "), "the class-load log is there");
        for (String unneeded : List.of(" org.apache.commons.jexl3.", " com.fasterxml.jackson.databind.", " org.sqlite.date.FastDatePrinter ",
                " org.postgresql.")) {
            assertFalse(applied.out().contains(unneeded), unneeded + " was loaded");
        }

        Path mapping = dir.resolve("004-transform.yaml");
        String text = Files.readString(TestDb.MAPPING_004);
        String threads = "threads:           { from: server.threads, type: integer, min: 1, default: 4 }";
        assertTrue(text.contains(threads));
        Files.writeString(mapping, text.replace(threads, threads.replace(" }", ", transform: \"value * 2\" }")));
        Path transformed = TestDb.example(Files.createDirectory(dir.resolve("transform")));
        Result withTransform = run(List.of(java, "-Xlog:class+load", "-jar", JAR.toString(), mapping.toString(), "--db", transformed.toString()), 60);
        assertEquals(0, withTransform.exitCode(), withTransform.err());
        assertTrue(withTransform.out().contains(" org.apache.commons.jexl3.JexlEngine "), "a transform needs JEXL");
        assertTrue(TestDb.one(transformed, "SELECT value FROM router_config").contains("\"threads\":8"));
    }

    /** Runs a process to its end; stderr is collected on another thread so neither pipe can fill up and block it. */
    static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        return run(command, java.util.Map.of(), timeoutSeconds);
    }

    static Result run(List<String> command, java.util.Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return runWith(builder, timeoutSeconds);
    }

    static Result runWith(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = builder.command();
        Process p = builder.start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "did not finish in " + timeoutSeconds + " s: " + command);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("bin/mapper: same results as java -jar; the first migration run records the class archive, --version does not; a missing jar says how to build it")
    void launcher() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("mapper.jar"));
        java.util.Map<String, String> env = java.util.Map.of("MAPPER_JAR", jar.toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        Result version = run(List.of("bash", "bin/mapper", "--version"), env, 60);
        assertEquals(0, version.exitCode(), version.err());
        assertEquals(java("--version").out(), version.out());
        assertEquals(0, archives(dir.resolve("mapper-cache")), "--version records no archive");
        for (String run : List.of("records the archive", "uses it")) {
            Path db = TestDb.example(Files.createDirectory(dir.resolve(run.replace(' ', '-'))));
            Result applied = run(List.of("bash", "bin/mapper", "mappings/004.yaml", "--db", db.toString()), env, 120);
            assertEquals(0, applied.exitCode(), run + ": " + applied);
            assertEquals("", applied.err(), run);
            assertTrue(applied.out().contains("Verify    ok: 20 keys in 2 target(s)"), applied.out());
            assertEquals(Example004.ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config"), run);
            assertEquals(1, archives(dir.resolve("mapper-cache")), run);
        }

        Result missing = run(List.of("bash", "bin/mapper", "--version"), java.util.Map.of("MAPPER_JAR", dir.resolve("none.jar").toString()), 60);
        assertEquals(2, missing.exitCode());
        assertEquals("mapper: " + dir.resolve("none.jar") + " not found; build it with: mvn -B -q package -DskipTests\n", missing.err());
    }

    private static long archives(Path cache) throws IOException {
        if (!Files.exists(cache)) {
            return 0;
        }
        try (var files = Files.walk(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).count();
        }
    }

    @Test
    @DisplayName("the library: examples/RunMigrations.java runs against the jar, applies 004, then finds it applied")
    void embeddingExample() throws Exception {
        Path db = TestDb.example(dir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", JAR.toString(),
                "examples/RunMigrations.java", "mappings/004.yaml", db.toString());
        Result first = run(command, 60);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("004 is PENDING\nAPPLIED in "), first.out());
        assertTrue(first.out().contains("\nrouter_config.port = 8080 (server.llama_server_port)\n"), first.out());
        assertEquals(Example004.ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config"));
        Result second = run(command, 60);
        assertTrue(second.out().startsWith("004 is APPLIED\nALREADY_APPLIED in "), second.out());
    }

    @Test
    @DisplayName("--json and --report from the jar: one JSON document on stdout, a Markdown report on disk")
    void jsonAndReport() throws Exception {
        Path db = TestDb.example(dir);
        Path report = dir.resolve("report.md");
        Result run = java("apply", "mappings/004.yaml", "--db", db.toString(), "--json", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"format\":1,\"command\":\"apply\",\"ok\":true,\"exitCode\":0,\"migrations\":[{\"migration\":\"004\""), run.out());
        assertEquals(1, run.out().lines().count());
        assertTrue(Files.readString(report).contains("| port | server.llama_server_port | `8080` | `8080` | no | ok |\n"));
    }

    @Test
    @DisplayName("schema, new, inspect, status FOLDER and completion from the jar")
    void toolingFromTheJar() throws Exception {
        Result schema = java("schema");
        assertEquals(0, schema.exitCode(), schema.err());
        assertEquals(Files.readString(Path.of("schema/mapping.schema.json")), schema.out());

        Path folder = dir.resolve("mappings");
        Result created = java("new", "ui_config", "--dir", folder.toString());
        assertEquals(0, created.exitCode(), created.err());
        assertEquals(0, java("validate", folder.resolve("001-ui_config.yaml").toString()).exitCode());

        Path db = TestDb.example(dir);
        Result inspect = java("inspect", "--db", db.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("\nserver_config row 'config':\n"), inspect.out());

        Files.delete(folder.resolve("001-ui_config.yaml"));
        Files.copy(Path.of("mappings/004.yaml"), folder.resolve("004.yaml"));
        assertEquals(0, java("apply", folder.toString(), "--db", db.toString(), "--quiet").exitCode());
        Result status = java("status", folder.toString(), "--db", db.toString());
        assertTrue(status.out().lines().skip(1).findFirst().orElse("").startsWith("004      unify_router_config  applied  "), status.out());

        Result completion = java("completion");
        assertTrue(completion.out().contains("complete -F _complete_mapper") || completion.out().contains("-F _complete_mapper"), completion.out());
    }

    @Test
    @DisplayName("exit 2 for a broken mapping file, 0 for --version and --help")
    void mappingErrorAndHelp() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "migration: \"9\"\nname: x\nsources: {}\ntargets: {}\n");
        Result run = java("validate", bad.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(bad + ":3:10: error: 'sources' is empty"), run.err());
        assertTrue(run.err().contains(bad + ":4:10: error: 'targets' is empty"), run.err());

        Result version = java("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("mapper 0."), version.out());

        Result help = java("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("rollback"), help.out());
    }

    @Test
    @DisplayName("the jar's manifest allows native access to unnamed modules (sqlite-jdbc's library), so Java 22+ prints no warning")
    void manifestAllowsNativeAccess() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertEquals("ALL-UNNAMED", jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
        }
    }
}
