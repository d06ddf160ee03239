import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.SplittableRandom;

/**
 * Builds a llama-dashboard database (examples/llama-dashboard.sql) whose metrics table holds N
 * generated rows, one every 5 seconds, for the table-migration example and the benchmarks:
 *   java -cp target/mapper.jar examples/metrics/GenerateMetrics.java OUT.db [ROWS, default 1000000]
 * Deterministic (fixed seed). About 1 row in 50 has NULL sensors (no GPU, a missed sample). Refuses
 * to overwrite an existing file.
 */
public class GenerateMetrics {
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].matches("\\d{1,12}"))) {
            System.err.println("usage: java -cp target/mapper.jar examples/metrics/GenerateMetrics.java OUT.db [ROWS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long rows = args.length == 2 ? Long.parseLong(args[1]) : 1_000_000;
        if (Files.exists(out)) {
            System.err.println("error: " + out + " exists already; remove it or choose another name");
            System.exit(2);
        }
        Path sql = exampleSql();
        if (sql == null) {
            System.err.println("error: cannot find examples/llama-dashboard.sql; run this from the repository's root, "
                    + "or with -cp pointing at its target/mapper.jar");
            System.exit(2);
        }
        try {
            generate(out, rows, sql);
        } catch (Exception e) {
            Files.deleteIfExists(out); // no half-built database left behind
            System.err.println("error: could not build " + out + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** The example database's SQL: in the current directory's examples/, or beside the mapper.jar on the class path. */
    private static Path exampleSql() {
        Path here = Path.of("examples/llama-dashboard.sql");
        if (Files.isRegularFile(here)) {
            return here;
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            Path root = jar.getParent() == null ? null : jar.getParent().getParent(); // REPO/target/mapper.jar → REPO
            if (root != null && Files.isRegularFile(root.resolve("examples/llama-dashboard.sql"))) {
                return root.resolve("examples/llama-dashboard.sql");
            }
        }
        return null;
    }

    private static void generate(Path out, long rows, Path sql) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            c.createStatement().executeUpdate(Files.readString(sql));
            c.setAutoCommit(false);
            SplittableRandom random = new SplittableRandom(4);
            long time = 1_764_000_100L;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics (cpu_usage, memory_usage, disk_usage, active_models, uptime, "
                    + "gpu_usage, gpu_memory_used, gpu_memory_total, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long i = 0; i < rows; i++) {
                    boolean gap = random.nextInt(50) == 0;
                    set(ps, 1, gap ? null : round(random.nextDouble(0, 100)));
                    set(ps, 2, gap ? null : round(random.nextDouble(5, 95)));
                    set(ps, 3, round(63 + i / 1e6));
                    set(ps, 4, gap ? null : (long) random.nextInt(0, 5));
                    set(ps, 5, (double) (i * 5 % 864_000));
                    boolean gpu = !gap && random.nextInt(10) != 0;
                    set(ps, 6, gpu ? round(random.nextDouble(0, 100)) : null);
                    set(ps, 7, gpu ? random.nextLong(0, 8_589_934_592L) : null);
                    set(ps, 8, gpu ? 8_589_934_592L : null);
                    ps.setLong(9, time + i * 5);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        System.out.printf("created %s: llama-dashboard with %d metrics rows (%d ms)%n", out, rows + 3, (System.nanoTime() - start) / 1_000_000);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void set(PreparedStatement ps, int index, Object value) throws Exception {
        ps.setObject(index, value);
    }
}
