package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release bundle `mvn package` builds (README, "Install without Java"), unpacked and run as a user would. */
class BundleIT {
    /** pom.xml's bundle.modules: what jdeps finds mapper.jar needs. */
    static final String MODULES = "java.base,java.desktop,java.management,java.naming,java.scripting,java.security.jgss,java.sql";
    /** The same with what they require in turn: what the runtime image holds. */
    static final Set<String> IMAGE_MODULES = Set.of("java.base", "java.datatransfer", "java.xml", "java.prefs", "java.desktop",
            "java.logging", "java.scripting", "java.transaction.xa", "java.sql", "java.management", "java.naming", "java.security.jgss",
            "java.security.sasl");

    @TempDir
    Path dir;

    static Path tarball() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("mapper-.+-linux-x64\\.tar\\.gz")).toList();
            assertEquals(1, found.size(), "one bundle in target/: " + found);
            return found.get(0);
        }
    }

    /** Unpacks the bundle; returns its top folder (mapper-<version>). */
    Path unpack() throws Exception {
        Path into = Files.createDirectory(dir.resolve("opt"));
        JarIT.Result tar = JarIT.run(List.of("tar", "-xzf", tarball().toAbsolutePath().toString(), "-C", into.toString()), 120);
        assertEquals(0, tar.exitCode(), tar.err());
        try (Stream<Path> top = Files.list(into)) {
            return top.findFirst().orElseThrow();
        }
    }

    /**
     * A PATH with no Java on it: a folder holding only what bin/mapper runs besides the bundle's runtime (bash for its
     * #! line, readlink; copies) and a symlink to bin/mapper, as a user's ~/bin would. JAVA_HOME and the JVM's option
     * variables are removed.
     */
    Map<String, String> noJava(Path home) throws IOException {
        Path tools = Files.createDirectory(dir.resolve("tools"));
        for (String tool : List.of("bash", "readlink")) {
            Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable).findFirst().orElseThrow();
            Files.copy(real, tools.resolve(tool), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createSymbolicLink(tools.resolve("mapper"), home.resolve("bin/mapper"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(List.of("JAVA_HOME", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH"));
        env.put("PATH", tools.toString());
        try (Stream<Path> onPath = Files.list(tools)) {
            assertEquals(List.of("bash", "mapper", "readlink"), onPath.map(p -> p.getFileName().toString()).sorted().toList());
        }
        return env;
    }

    static JarIT.Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        return JarIT.runWith(builder, 120);
    }

    @Test
    @DisplayName("the bundle, unpacked anywhere, applies 004 with no Java on PATH and no JAVA_HOME, using the class-data archive recorded at build time")
    void appliesWithoutJava() throws Exception {
        Path home = unpack();
        Map<String, String> env = noJava(home);
        Path db = TestDb.example(dir);
        String mapping = Path.of("mappings/004.yaml").toAbsolutePath().toString();

        JarIT.Result applied = run(List.of(dir.resolve("tools/mapper").toString(), mapping, "--db", db.toString()), env);
        assertEquals(0, applied.exitCode(), applied.toString());
        assertEquals("", applied.err());
        assertTrue(applied.out().contains("Verify    ok: 20 keys in 2 target(s)"), applied.out());
        assertEquals(Example004.ROUTER_CONFIG, TestDb.one(db, "SELECT value FROM router_config"));
        assertEquals(Example004.LOGGING_CONFIG, TestDb.one(db, "SELECT value FROM logging_config"));

        // the archive recorded at build time, elsewhere, is used here: mapper's classes come from it, not the jar
        Map<String, String> logging = new HashMap<>(env);
        logging.put("JDK_JAVA_OPTIONS", "-Xlog:class+load");
        JarIT.Result again = run(List.of(dir.resolve("tools/mapper").toString(), "--version"), logging);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains(" dev.mapper.Main source: shared objects file (top)"),
                again.out().lines().filter(l -> l.contains("dev.mapper.Main")).collect(Collectors.joining("\n")));
    }

    @Test
    @DisplayName("the bundle holds a runtime of only the modules mapper needs, no JDK tools, the jar, the launcher and the archive")
    void contents() throws Exception {
        JarIT.Result list = JarIT.run(List.of("tar", "-tzf", tarball().toString()), 60);
        assertEquals(0, list.exitCode(), list.err());
        Set<String> entries = list.out().lines().map(e -> e.substring(e.indexOf('/') + 1)).collect(Collectors.toSet());
        for (String expected : List.of("bin/mapper", "lib/mapper.jar", "lib/mapper.jsa", "lib/native/libsqlitejdbc.so",
                "runtime/bin/java", "runtime/lib/server/libjvm.so", "runtime/lib/server/classes.jsa", "runtime/release")) {
            assertTrue(entries.contains(expected), expected + " in " + entries);
        }
        for (String entry : entries) {
            assertFalse(entry.matches("runtime/(bin/(javac|jar|jlink|jdeps|jshell|javadoc)|jmods/.*|include/.*|lib/src\\.zip)"), entry);
        }

        Path home = unpack();
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(home.resolve("runtime/release"))) {
            release.load(in);
        }
        assertEquals(IMAGE_MODULES, Set.of(release.getProperty("MODULES").replace("\"", "").split(" ")));
        assertTrue(Files.isExecutable(home.resolve("bin/mapper")));
        assertTrue(Files.isExecutable(home.resolve("runtime/bin/java")));
    }

    @Test
    @DisplayName("bundle.modules in pom.xml is still what jdeps says mapper.jar needs")
    void modulesAreWhatJdepsFinds() throws Exception {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        JarIT.Result deps = JarIT.run(List.of(jdeps.toString(), "--print-module-deps", "--ignore-missing-deps", "--multi-release", "17",
                JarIT.JAR.toString()), 120);
        assertEquals(0, deps.exitCode(), deps.err());
        assertEquals(MODULES, deps.out().strip());
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<bundle.modules>" + MODULES + "</bundle.modules>"));
    }
}
