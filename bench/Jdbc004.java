import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The second baseline for mapper's start-up time: a plain Java main that does what applying 004 does in SQL, through
 * sqlite-jdbc the way a hand-written tool would (DriverManager, default settings), with the values written out by hand:
 * read the two source rows, keep them in the backup table, create and fill router_config and logging_config, delete the
 * retired row, read the written values back, record one history row, commit. No YAML, no command line, no backup
 * file, no checks. Takes the same arguments as mapper (the mapping is ignored):
 *   java -cp target/mapper.jar:target/bench Jdbc004 mappings/004.yaml --db PATH
 */
public class Jdbc004 {
    static final String ROUTER = "{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\","
            + "\"host\":\"0.0.0.0\",\"port\":8080,\"maxModelsLoaded\":1,\"parallelSlots\":4,\"ctxSize\":4096,\"gpuLayers\":0,"
            + "\"threads\":4,\"batchSize\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"metricsEnabled\":true,\"autoStartOnLaunch\":true}";
    static final String LOGGING = "{\"level\":\"info\",\"maxFileSize\":10485760,\"maxFiles\":7,\"enableFileLogging\":true,"
            + "\"enableDatabaseLogging\":true,\"enableConsoleLogging\":true}";

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[args.length - 1]);
        if (!Files.exists(db)) {
            throw new IllegalArgumentException("no database " + db);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            String server = one(c, "SELECT value FROM server_config WHERE key = ?", "config");
            String settings = one(c, "SELECT value FROM metadata WHERE key = ?", "user_settings");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS migration_backup_004 (id INTEGER PRIMARY KEY AUTOINCREMENT, source_table TEXT NOT NULL,"
                        + " source_key TEXT, original_value TEXT, migrated_at INTEGER DEFAULT (strftime('%s','now')))");
                update(c, "INSERT INTO migration_backup_004 (source_table, source_key, original_value) VALUES (?, ?, ?)", "server_config", "config", server);
                update(c, "INSERT INTO migration_backup_004 (source_table, source_key, original_value) VALUES (?, ?, ?)", "metadata", "user_settings", settings);
                for (String table : new String[] {"router_config", "logging_config"}) {
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS " + table + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER DEFAULT (strftime('%s','now')))");
                    s.executeUpdate("CREATE INDEX IF NOT EXISTS idx_" + table + "_key ON " + table + "(key)");
                }
                update(c, "INSERT INTO router_config (key, value) VALUES (?, ?)", "config", ROUTER);
                update(c, "INSERT INTO logging_config (key, value) VALUES (?, ?)", "config", LOGGING);
                update(c, "DELETE FROM server_config WHERE key = ?", "config");
                if (!ROUTER.equals(one(c, "SELECT value FROM router_config WHERE key = ?", "config"))
                        || !LOGGING.equals(one(c, "SELECT value FROM logging_config WHERE key = ?", "config"))) {
                    throw new IllegalStateException("not written");
                }
                s.executeUpdate("CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, migration TEXT NOT NULL, applied_at INTEGER NOT NULL)");
                update(c, "INSERT INTO history (migration, applied_at) VALUES (?, strftime('%s','now'))", "004");
            }
            c.commit();
        }
        System.out.println("applied 004");
    }

    static String one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void update(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
