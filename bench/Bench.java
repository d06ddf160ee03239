import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.Applier;
import dev.mapper.inspect.Inspector;
import dev.mapper.db.SqliteDialect;
import dev.mapper.model.MappingReader;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.TablePlan;
import dev.mapper.plan.TablePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * mapper's benchmarks, each a ratio against a baseline measured in the same run (medians of
 * -Druns=N runs, default 3, each on a fresh copy of the database):
 *   1. pushdown: the INSERT … SELECT mapper generates for examples/metrics/metrics-v2.yaml vs a
 *      hand-written INSERT … SELECT doing the same through JDBC (and the whole apply for context);
 *   2. streaming: examples/metrics/metrics-v2-java.yaml (three transforms Java must compute) vs a
 *      hand-written JDBC loop doing the same conversions with batches of 5000;
 *   3. verification vs apply: the verification inside apply vs its write step, and `verify` vs apply;
 *   4. start-up: `java -jar target/mapper.jar mappings/004.yaml` on a fresh example database vs a
 *      hello class started the same way.
 * Run it with bench/run.sh (it builds the jar and the 1M-row database first).
 */
public class Bench {
    static final int RUNS = Integer.getInteger("runs", 3);
    /** Which parts to run (-Dparts=13: pushdown and verification only); all four by default. */
    static final String PARTS = System.getProperty("parts", "1234");
    static final Path PUSHED = Path.of("examples/metrics/metrics-v2.yaml");
    static final Path STREAMED = Path.of("examples/metrics/metrics-v2-java.yaml");
    static final SqliteDialect DIALECT = new SqliteDialect();

    static Path source;
    static Path work;

    public static void main(String[] args) throws Exception {
        source = Path.of(args[0]);
        work = Files.createDirectories(Path.of(args[1]));
        Path example = Path.of(args[2]);
        System.out.printf("database %s (%d MB), %d run(s) each, %d processors, %s%n", source, Files.size(source) >> 20, RUNS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

        boolean pushed = PARTS.contains("1") || PARTS.contains("3");
        boolean streamed = PARTS.contains("2") || PARTS.contains("3");
        List<long[]> pushedApply = pushed ? runs(() -> apply(PUSHED)) : null;
        if (PARTS.contains("1")) {
            long handSql = median(() -> handWrittenInsertSelect(false));
            long handChecked = median(() -> handWrittenInsertSelect(true));
            long pushedStep = median(Bench::pushedDownStatement);
            report("1. pushdown: mapper's INSERT … SELECT vs hand-written INSERT … SELECT (target ≤ 1.2)", pushedStep, handSql);
            report("   mapper's INSERT … SELECT vs the hand-written one with the mapping's checks as CHECK constraints", pushedStep, handChecked);
            report("   whole apply (backup, write, verify, history) vs hand-written INSERT … SELECT", med(pushedApply, 0), handSql);
            report("   write step inside apply vs hand-written INSERT … SELECT", med(pushedApply, 1), handSql);
        }

        List<long[]> streamedApply = streamed ? runs(() -> apply(STREAMED)) : null;
        if (PARTS.contains("2")) {
            long handLoop = median(Bench::handWrittenLoop);
            report("2. streaming: mapper's write step vs hand-written JDBC loop (target ≤ 2)", med(streamedApply, 1), handLoop);
            report("   whole apply vs hand-written JDBC loop", med(streamedApply, 0), handLoop);
        }

        if (PARTS.contains("3")) {
            report("3. verification vs apply, pushed down: verification vs write step (target ≤ 1)", med(pushedApply, 2), med(pushedApply, 1));
            report("   verification vs apply, streamed: verification vs write step", med(streamedApply, 2), med(streamedApply, 1));
            report("   `verify` command (pushed down) vs whole apply", median(() -> verifyCommand(PUSHED)), med(pushedApply, 0));
        }

        if (PARTS.contains("4")) {
            long hello = medianProcess(List.of("java", "-cp", "target/mapper.jar:target/bench", "Hello"), null);
            long mapper = medianProcess(List.of("java", "-jar", "target/mapper.jar", "mappings/004.yaml", "--db"), example);
            report("4. start-up: java -jar target/mapper.jar mappings/004.yaml vs hello (target: mapper median < 300 ms)", mapper, hello);
        }
    }

    interface Run {
        long ms() throws Exception;
    }

    interface MultiRun {
        long[] ms() throws Exception;
    }

    static long median(Run run) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            times.add(run.ms());
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    static List<long[]> runs(MultiRun run) throws Exception {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            all.add(run.ms());
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
        System.out.printf("%-100s %7d ms / %7d ms = %.2fx%n", what, ms, baseline, ms / (double) Math.max(1, baseline));
    }

    static Path fresh() throws Exception {
        Path db = work.resolve("bench.db");
        try (var files = Files.list(work)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith("bench.db")) {
                    Files.delete(p);
                }
            }
        }
        Files.copy(source, db, StandardCopyOption.REPLACE_EXISTING);
        return db;
    }

    static TablePlan plan(Path mapping) throws Exception {
        var target = MappingReader.read(mapping).tables().get(0);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source)) {
            return TablePlanner.plan(DIALECT, target, DIALECT.integerRowId(c, target.source().table()));
        }
    }

    /**
     * The same INSERT … SELECT written by hand; {@code checked}: into a table whose CHECK constraints
     * refuse what the mapping refuses (ranges, storage classes), as a careful hand-written migration would.
     */
    static long handWrittenInsertSelect(boolean checked) throws Exception {
        Path db = fresh();
        TablePlan plan = plan(PUSHED);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            s.executeUpdate(checked ? CHECKED_TABLE : plan.createTable().sql());
            s.executeUpdate("INSERT INTO metrics_v2 SELECT id, timestamp, COALESCE(cpu_usage, 0.0), COALESCE(memory_usage / 100.0, 0.0), "
                    + "COALESCE(disk_usage, 0.0), COALESCE(active_models, 0), COALESCE(uptime, 0.0), COALESCE(gpu_usage, 0.0), "
                    + "COALESCE(gpu_memory_used, 0), COALESCE(gpu_memory_total, 0), CASE WHEN gpu_memory_used IS NULL THEN 0.0 "
                    + "WHEN gpu_memory_total > 0 THEN gpu_memory_used * 100.0 / gpu_memory_total ELSE 0.0 END FROM metrics");
            c.commit();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    static final String CHECKED_TABLE = "CREATE TABLE metrics_v2 (id INTEGER NOT NULL PRIMARY KEY, "
            + "recorded_at INTEGER NOT NULL CHECK (typeof(recorded_at) = 'integer' AND recorded_at >= 0), "
            + "cpu_percent REAL NOT NULL CHECK (cpu_percent BETWEEN 0 AND 100), "
            + "memory_fraction REAL NOT NULL CHECK (memory_fraction BETWEEN 0 AND 1), "
            + "disk_percent REAL NOT NULL CHECK (disk_percent BETWEEN 0 AND 100), "
            + "active_models INTEGER NOT NULL CHECK (typeof(active_models) = 'integer' AND active_models >= 0), "
            + "uptime_seconds REAL NOT NULL CHECK (uptime_seconds BETWEEN 0 AND 1.7976931348623157e308), "
            + "gpu_percent REAL NOT NULL CHECK (gpu_percent BETWEEN 0 AND 100), "
            + "gpu_memory_used INTEGER NOT NULL CHECK (typeof(gpu_memory_used) = 'integer' AND gpu_memory_used >= 0), "
            + "gpu_memory_total INTEGER NOT NULL CHECK (typeof(gpu_memory_total) = 'integer' AND gpu_memory_total >= 0), "
            + "gpu_memory_percent REAL NOT NULL CHECK (gpu_memory_percent BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308))";

    static long pushedDownStatement() throws Exception {
        Path db = fresh();
        TablePlan plan = plan(PUSHED);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            DIALECT.installRowFailure(c);
            long start = System.nanoTime();
            s.executeUpdate(plan.createTable().sql());
            try (PreparedStatement ps = c.prepareStatement(plan.insertSelect().sql())) {
                int used = ps.getParameterMetaData().getParameterCount();
                for (int i = 0; i < used; i++) {
                    ps.setObject(i + 1, plan.insertSelect().params().get(i));
                }
                ps.executeUpdate();
            }
            c.commit();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    /** The conversions of metrics-v2-java.yaml, written by hand: nulls to defaults, ranges checked, three computed columns. */
    static long handWrittenLoop() throws Exception {
        Path db = fresh();
        TablePlan plan = plan(STREAMED);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            s.executeUpdate(plan.createTable().sql());
            try (PreparedStatement read = c.prepareStatement("SELECT id, timestamp, cpu_usage, memory_usage, disk_usage, active_models, uptime, "
                    + "gpu_usage, gpu_memory_used, gpu_memory_total FROM metrics");
                    PreparedStatement write = c.prepareStatement("INSERT INTO metrics_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    ResultSet rs = read.executeQuery()) {
                int pending = 0;
                while (rs.next()) {
                    write.setLong(1, rs.getLong(1));
                    write.setLong(2, min0(rs.getLong(2)));
                    write.setDouble(3, range(number(rs, 3), 0, 100));
                    write.setDouble(4, range(rs.getObject(4) == null ? 0 : rs.getDouble(4) / 100, 0, 1));
                    write.setDouble(5, range(number(rs, 5), 0, 100));
                    write.setLong(6, min0(rs.getLong(6)));
                    write.setDouble(7, range(number(rs, 7) / 3600, 0, Double.MAX_VALUE));
                    write.setDouble(8, range(number(rs, 8), 0, 100));
                    long used = min0(rs.getLong(9));
                    boolean hasUsed = !rs.wasNull();
                    long total = min0(rs.getLong(10));
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
            c.commit();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    static double number(ResultSet rs, int column) throws Exception {
        double v = rs.getDouble(column);
        return rs.wasNull() ? 0 : v;
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

    /** The whole apply, its write step and its verification, in ms. */
    static long[] apply(Path mapping) throws Exception {
        Path db = fresh();
        CompiledMapping compiled = CompiledMapping.compile(MappingReader.read(mapping));
        long[] marks = new long[2];
        long start = System.nanoTime();
        new Applier(DIALECT).apply(compiled, db, 10, new ApplyListener() {
            @Override
            public void tableWritten(String table, long rows, String how, long millis) {
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

    static long verifyCommand(Path mapping) throws Exception {
        Path db = fresh();
        CompiledMapping compiled = CompiledMapping.compile(MappingReader.read(mapping));
        new Applier(DIALECT).apply(compiled, db, 10, new ApplyListener() {});
        long start = System.nanoTime();
        Inspector.Status status = new Inspector(DIALECT).status(compiled, db);
        if (status.state() != Inspector.State.APPLIED) {
            throw new IllegalStateException("verify: " + status);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Median wall time of a process over 10 runs after 2 warm-ups; {@code db}: a fresh copy of it is the last argument. */
    static long medianProcess(List<String> command, Path db) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            List<String> args = new ArrayList<>(command);
            if (db != null) {
                Path copy = work.resolve("example.db");
                Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
                try (var files = Files.list(work)) {
                    for (Path p : files.toList()) {
                        if (p.getFileName().toString().startsWith("example.db.")) {
                            Files.delete(p);
                        }
                    }
                }
                args.add(copy.toString());
            }
            long start = System.nanoTime();
            Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(args + " exited " + p.exitValue());
            }
            if (i >= 2) {
                times.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
