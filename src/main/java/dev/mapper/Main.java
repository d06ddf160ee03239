package dev.mapper;

import dev.mapper.cli.MapperCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * mapper applies a declarative settings migration. The pipeline: {@code yaml} reads the mapping
 * file with positions; {@code model} turns it into immutable, validated records; {@code plan}
 * compiles transforms, reads nothing, and turns source rows into computed values and SQL steps;
 * {@code apply} runs those steps in one locked transaction with a backup first and verification
 * before commit, recording history; {@code cli} is one class per command. Errors a user can cause
 * are {@link dev.mapper.diag.MapperException}s, printed as {@code file:line:col: error: …}.
 */
public final class Main {
    /**
     * sqlite-jdbc logs its native-library housekeeping in /tmp (a stack trace when two processes
     * clean up at once) to stderr; it never affects the database, and mapper's stderr is for the
     * user's diagnostics. Held in a field: java.util.logging keeps loggers only weakly.
     */
    private static final Logger SQLITE_JDBC_LOG = Logger.getLogger("org.sqlite");
    /**
     * picocli's built-in converters for these types are registered by reflection on every start (Class.forName,
     * getDeclaredMethod, java.time's class initialisers: ~10–20 ms of a 004 run, docs/performance.md); no option of
     * mapper's has such a type ({@code ConverterExclusionsTest} fails if one gets one). picocli's documented
     * {@code picocli.converters.excludes} property, regular expressions separated by commas; a value given with -D wins.
     */
    static final String UNUSED_CONVERTERS = "java\\.(time|sql)\\..*";

    private Main() {}

    public static void main(String[] args) {
        SQLITE_JDBC_LOG.setLevel(Level.OFF);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        dev.mapper.apply.file.Interruption.install(System.err);
        int code;
        try {
            code = run(args, out, err);
        } finally {
            dev.mapper.apply.file.Interruption.exiting(); // whatever ended the run, it was not a signal
        }
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (0 ok, 1 data or verification failure, 2 usage or mapping error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
        return MapperCommand.execute(args, out, err);
    }
}
