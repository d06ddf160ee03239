import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.Applier;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.PostgresServer;
import dev.mapper.model.MappingReader;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.RevisionPlanner;
import dev.mapper.plan.TablePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * mapper's table migration on PostgreSQL, each figure a ratio against a hand-written baseline measured in the same run
 * (medians of -Druns=N rounds, default 3, each round running mapper and its baselines in turn; every measurement on a fresh copy of the source database, made with
 * CREATE DATABASE … TEMPLATE outside the timing). Run it with bench/pg-run.sh, which starts the server.
 *   1. the Java path: examples/metrics/metrics-v2-java.yaml (three transforms with no SQL form), the write step of an
 *      apply vs a hand-written JDBC loop doing the same conversions and checks (fetch size, batches of 5,000,
 *      reWriteBatchedInserts), the whole apply vs the same loop, and the verification vs the write step;
 *   2. the SQL path: examples/metrics/metrics-v2.yaml (no transform that needs Java), the same three, against a
 *      hand-written INSERT … SELECT (and one into a table whose CHECK constraints refuse what the mapping refuses);
 *      the line says how mapper wrote it: "streamed" while PostgreSQL has no SQL translator, "pushed down" once it has;
 *   3. the command line with the heap capped: java -Xmx128m -jar target/mapper.jar metrics-v2-java.yaml, wall time
 *      and peak resident set (/usr/bin/time), vs the hand-written loop in a JVM of its own, also at -Xmx128m.
 * Usage: PgBench ROWS (the server: dev.mapper.postgres.PgServer, zonky's binaries or -Dmapper.test.postgres=URL);
 *        PgBench copy URL java|sql (the hand-written baseline alone, for part 3).
 */
public class PgBench {
    static final int RUNS = Integer.getInteger("runs", 3);
    static final String PARTS = System.getProperty("parts", "123");
    static final Path STREAMED = Path.of("examples/metrics/metrics-v2-java.yaml");
    static final Path PUSHED = Path.of("examples/metrics/metrics-v2.yaml");
    static final Path WORK = Path.of("target/bench/pg");

    static dev.mapper.postgres.PgServer server;
    static String source;
    /** An empty database the CREATE DATABASE statements run in (a template must have no connections). */
    static String scratch;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("copy")) {
            long ms = args[2].equals("java") ? handWrittenLoop(args[1]) : handWrittenInsertSelect(args[1], false);
            System.out.println("copied in " + ms + " ms");
            return;
        }
        long rows = Long.parseLong(args[0]);
        Files.createDirectories(WORK);
        server = dev.mapper.postgres.PgServer.get();
        long start = System.nanoTime();
        scratch = server.freshDatabase();
        // one untimed pass of every in-process measurement on 50,000 rows first, so no figure includes the JIT's warm-up
        source = sourceDatabase(50_000);
        apply(STREAMED);
        apply(PUSHED);
        handWrittenLoop(fresh());
        handWrittenInsertSelect(fresh(), false);
        source = sourceDatabase(rows);
        System.out.printf("%,d metrics rows generated (and a warm-up pass) in %d ms; PostgreSQL %s on port %d; %d run(s) each, %d processors, %s, max heap %d MB%n", rows,
                (System.nanoTime() - start) / 1_000_000, version(), server.port(), RUNS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);

        if (PARTS.contains("1")) {
            List<List<long[]>> round = interleaved(() -> apply(STREAMED), () -> new long[] {handWrittenLoop(fresh())});
            List<long[]> applies = round.get(0);
            long loop = med(round.get(1), 0);
            report("1. Java path: mapper's write step vs hand-written JDBC loop (" + how + ")", med(applies, 1), loop);
            report("   whole apply (backup COPY, write, verify, history) vs hand-written JDBC loop", med(applies, 0), loop);
            report("   verification vs the write step it checks", med(applies, 2), med(applies, 1));
        }
        if (PARTS.contains("2")) {
            List<List<long[]>> round = interleaved(() -> apply(PUSHED), () -> new long[] {handWrittenInsertSelect(fresh(), false)},
                    () -> new long[] {handWrittenInsertSelect(fresh(), true)});
            List<long[]> applies = round.get(0);
            long sql = med(round.get(1), 0);
            long checked = med(round.get(2), 0);
            report("2. SQL path: mapper's write step vs hand-written INSERT … SELECT (" + how + ")", med(applies, 1), sql);
            report("   mapper's write step vs the hand-written one with the mapping's checks as CHECK constraints", med(applies, 1), checked);
            report("   whole apply vs hand-written INSERT … SELECT", med(applies, 0), sql);
            report("   verification vs the write step it checks", med(applies, 2), med(applies, 1));
        }
        if (PARTS.contains("3")) {
            List<List<long[]>> round = interleaved(() -> process(List.of("java", "-Xmx128m", "-jar", "target/mapper.jar", STREAMED.toString(), "--db", "URL",
                    "--backup-dir", WORK.resolve("backups").toString()), "Verify    ok: " + rows + " row(s)"),
                    () -> process(List.of("java", "-Xmx128m", "-cp", "target/bench:target/mapper.jar", "PgBench", "copy", "URL", "java"), "copied in"));
            List<long[]> mapper = round.get(0);
            List<long[]> hand = round.get(1);
            report("3. java -Xmx128m -jar target/mapper.jar metrics-v2-java.yaml vs the hand-written loop at -Xmx128m, wall", med(mapper, 0), med(hand, 0));
            System.out.printf("   peak resident set: mapper %d MB, hand-written loop %d MB (both -Xmx128m)%n", med(mapper, 1) >> 10, med(hand, 1) >> 10);
        }
    }

    /** Metrics rows as examples/metrics/GenerateMetrics.java makes them (PostgresLargeTableIT.metrics, the same SQL). */
    static void generate(Connection c, long rows) throws Exception {
        String example = Files.readString(Path.of("examples/llama-dashboard.sql"))
                .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                .replace("strftime('%s','now')", "extract(epoch from now())::bigint").replace(" INTEGER", " BIGINT").replace(" REAL", " DOUBLE PRECISION");
        try (Statement s = c.createStatement()) {
            s.execute(example);
            s.executeUpdate("DELETE FROM metrics");
            s.executeUpdate("INSERT INTO metrics (id, cpu_usage, memory_usage, disk_usage, active_models, uptime, gpu_usage, gpu_memory_used, "
                    + "gpu_memory_total, timestamp) SELECT i, "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE (i * 7919 % 10000) / 100.0 END, "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE 5 + (i * 104729 % 9000) / 100.0 END, "
                    + "round(63 + i / 1e6, 2), "
                    + "CASE WHEN i % 50 = 0 THEN NULL ELSE i % 5 END, "
                    + "i * 5 % 864000, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE (i * 31 % 10000) / 100.0 END, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE i * 2654435761 % 8589934592 END, "
                    + "CASE WHEN i % 50 = 0 OR i % 10 = 3 THEN NULL ELSE 8589934592 END, "
                    + "1764000100 + i * 5 FROM generate_series(1::bigint, " + rows + ") AS g(i)");
        }
    }

    /** A database holding {@code rows} generated metrics rows, vacuumed and analysed: the template of every copy. */
    static String sourceDatabase(long rows) throws Exception {
        String name = "mapper_bench_" + rows;
        try (Connection c = server.connectUrl(scratch); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        try (Connection c = server.connect(name); Statement s = c.createStatement()) {
            generate(c, rows);
            s.execute("VACUUM ANALYZE metrics");
        }
        return name;
    }

    static String version() throws Exception {
        try (Connection c = server.connect(source); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A copy of the source database, untimed; the copy before it is dropped. Its mapper URL. */
    static String fresh() throws Exception {
        try (Connection c = server.connectUrl(scratch); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS mapper_bench_run");
            s.execute("CREATE DATABASE mapper_bench_run TEMPLATE " + source + " STRATEGY FILE_COPY");
        }
        deleteBackups();
        return server.url("mapper_bench_run");
    }

    static void deleteBackups() throws Exception {
        Path backups = WORK.resolve("backups");
        if (Files.isDirectory(backups)) {
            try (var files = Files.walk(backups)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String how = "";

    /** One apply through the library: the whole apply, its write step and its verification, in ms. */
    static long[] apply(Path mapping) throws Exception {
        DatabaseAddress db = DatabaseAddress.parse(fresh(), System.getenv(), new DatabaseAddress.Options(null, WORK.resolve("backups")));
        CompiledMapping compiled = CompiledMapping.compile(MappingReader.read(mapping));
        long[] marks = new long[2];
        long start = System.nanoTime();
        new Applier(db.dialect()).apply(compiled, db, 10, RevisionPlanner.Options.DEFAULT, new ApplyListener() {
            @Override
            public void tableWritten(String table, long rows, String how, long millis) {
                PgBench.how = how;
                marks[0] = millis;
                marks[1] = System.nanoTime();
            }

            @Override
            public void verified(String summary) {
                marks[1] = (System.nanoTime() - marks[1]) / 1_000_000;
            }
        });
        return new long[] {(System.nanoTime() - start) / 1_000_000, marks[0], marks[1]};
    }

    /** pgjdbc as a careful hand-written copy uses it: a transaction, a fetch size, batched inserts rewritten into multi-row ones. */
    static Connection connect(String url) throws Exception {
        var address = (PostgresServer) DatabaseAddress.parse(url);
        Properties p = new Properties();
        p.setProperty("user", address.user());
        if (System.getenv("PGPASSWORD") != null) {
            p.setProperty("password", System.getenv("PGPASSWORD"));
        }
        p.setProperty("reWriteBatchedInserts", "true");
        Connection c = DriverManager.getConnection(address.jdbcUrl(), p);
        c.setAutoCommit(false);
        return c;
    }

    /** The table mapper creates for the mapping, declared the same way. */
    static String createTable(Path mapping) throws Exception {
        var target = MappingReader.read(mapping).tables().get(0);
        return TablePlanner.plan(new dev.mapper.db.PostgresDialect((PostgresServer) DatabaseAddress.parse("postgresql://x@localhost/x")), target, null)
                .createTable().sql();
    }

    /** The conversions of metrics-v2-java.yaml, written by hand: nulls to defaults, ranges checked, three computed columns. */
    static long handWrittenLoop(String url) throws Exception {
        String create = createTable(STREAMED);
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.executeUpdate(create);
            try (PreparedStatement read = c.prepareStatement("SELECT id, timestamp, cpu_usage, memory_usage, disk_usage, active_models, uptime, "
                    + "gpu_usage, gpu_memory_used, gpu_memory_total FROM metrics");
                    PreparedStatement write = c.prepareStatement("INSERT INTO metrics_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                read.setFetchSize(5000);
                try (ResultSet rs = read.executeQuery()) {
                    int pending = 0;
                    while (rs.next()) {
                        write.setLong(1, rs.getLong(1));
                        write.setLong(2, min0(rs.getLong(2)));
                        write.setDouble(3, range(number(rs, 3), 0, 100));
                        write.setDouble(4, range(number(rs, 4) / 100, 0, 1));
                        write.setDouble(5, range(number(rs, 5), 0, 100));
                        write.setLong(6, min0(rs.getLong(6)));
                        write.setDouble(7, range(number(rs, 7) / 3600, 0, Double.MAX_VALUE));
                        write.setDouble(8, range(number(rs, 8), 0, 100));
                        double usedValue = rs.getDouble(9);
                        boolean hasUsed = !rs.wasNull();
                        long used = min0(whole(usedValue));
                        long total = min0(whole(rs.getDouble(10)));
                        write.setLong(9, used);
                        write.setLong(10, total);
                        write.setDouble(11, hasUsed && total > 0 ? used * 100.0 / total : 0.0);
                        write.addBatch();
                        if (++pending == 5000) {
                            write.executeBatch();
                            pending = 0;
                        }
                    }
                    write.executeBatch();
                }
            }
            c.commit();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    static double number(ResultSet rs, int column) throws Exception {
        double v = rs.getDouble(column);
        return rs.wasNull() ? 0 : v;
    }

    static long whole(double v) {
        if (v != Math.rint(v) || Math.abs(v) > 0x1p53) {
            throw new IllegalStateException(v + " is not a whole number");
        }
        return (long) v;
    }

    static double range(double v, double min, double max) {
        if (v < min || v > max || !Double.isFinite(v)) {
            throw new IllegalStateException(v + " out of range");
        }
        return v;
    }

    static long min0(long v) {
        if (v < 0) {
            throw new IllegalStateException(v + " below 0");
        }
        return v;
    }

    /**
     * metrics-v2.yaml as one hand-written INSERT … SELECT; {@code checked}: into a table whose CHECK constraints refuse
     * what the mapping refuses (ranges, whole numbers), as a careful hand-written migration would.
     */
    static long handWrittenInsertSelect(String url, boolean checked) throws Exception {
        String create = createTable(PUSHED);
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.executeUpdate(checked ? CHECKED_TABLE : create);
            s.executeUpdate("INSERT INTO metrics_v2 SELECT id, timestamp, COALESCE(cpu_usage, 0), COALESCE(memory_usage / 100.0, 0), "
                    + "COALESCE(disk_usage, 0), COALESCE(active_models, 0), COALESCE(uptime, 0), COALESCE(gpu_usage, 0), "
                    + "COALESCE(gpu_memory_used, 0), COALESCE(gpu_memory_total, 0), CASE WHEN gpu_memory_used IS NULL THEN 0 "
                    + "WHEN gpu_memory_total > 0 THEN gpu_memory_used * 100.0 / gpu_memory_total ELSE 0 END FROM metrics"
                    + (checked ? " WHERE (gpu_memory_used IS NULL OR gpu_memory_used = trunc(gpu_memory_used)) "
                            + "AND (gpu_memory_total IS NULL OR gpu_memory_total = trunc(gpu_memory_total))" : ""));
            c.commit();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    static final String CHECKED_TABLE = "CREATE TABLE metrics_v2 (id bigint NOT NULL PRIMARY KEY, "
            + "recorded_at bigint NOT NULL CHECK (recorded_at >= 0), "
            + "cpu_percent double precision NOT NULL CHECK (cpu_percent BETWEEN 0 AND 100), "
            + "memory_fraction double precision NOT NULL CHECK (memory_fraction BETWEEN 0 AND 1), "
            + "disk_percent double precision NOT NULL CHECK (disk_percent BETWEEN 0 AND 100), "
            + "active_models bigint NOT NULL CHECK (active_models >= 0), "
            + "uptime_seconds double precision NOT NULL CHECK (uptime_seconds BETWEEN 0 AND 1.7976931348623157e308), "
            + "gpu_percent double precision NOT NULL CHECK (gpu_percent BETWEEN 0 AND 100), "
            + "gpu_memory_used bigint NOT NULL CHECK (gpu_memory_used >= 0), "
            + "gpu_memory_total bigint NOT NULL CHECK (gpu_memory_total >= 0), "
            + "gpu_memory_percent double precision NOT NULL CHECK (gpu_memory_percent BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308))";

    /**
     * A process on a fresh copy ("URL" in the command stands for it), under /usr/bin/time: its wall time in ms and peak
     * resident set in KB; it must exit 0 and print {@code expect}.
     */
    static long[] process(List<String> command, String expect) throws Exception {
        String url = fresh();
        List<String> args = new ArrayList<>(List.of("/usr/bin/time", "-f", "peak-rss-kb %M"));
        command.forEach(a -> args.add(a.equals("URL") ? url : a));
        Path out = WORK.resolve("process.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        int exit = p.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        String text = Files.readString(out);
        if (exit != 0 || !text.contains(expect)) {
            throw new IllegalStateException(args + " exited " + exit + ":\n" + text);
        }
        long rss = Long.parseLong(text.lines().filter(l -> l.startsWith("peak-rss-kb ")).findFirst().orElseThrow().substring(12).strip());
        return new long[] {ms, rss};
    }

    interface MultiRun {
        long[] ms() throws Exception;
    }

    /**
     * RUNS rounds of every measurement in turn (mapper, then each baseline, then mapper again …), each measurement's
     * results in its own list: on a shared machine the load drifts over minutes, and taking all of mapper's runs before
     * all of the baseline's would put that drift into the ratio.
     */
    static List<List<long[]>> interleaved(MultiRun... measurements) throws Exception {
        List<List<long[]>> all = new ArrayList<>();
        for (MultiRun ignored : measurements) {
            all.add(new ArrayList<>());
        }
        for (int i = 0; i < RUNS; i++) {
            for (int m = 0; m < measurements.length; m++) {
                all.get(m).add(measurements[m].ms());
            }
        }
        return all;
    }

    static long med(List<long[]> runs, int index) {
        List<Long> values = new ArrayList<>();
        runs.forEach(r -> values.add(r[index]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    static void report(String what, long ms, long baseline) {
        System.out.printf("%-110s %7d ms / %7d ms = %.2fx%n", what, ms, baseline, ms / (double) Math.max(1, baseline));
    }
}
