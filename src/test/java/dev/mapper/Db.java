package dev.mapper;

import dev.mapper.convert.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A test database on one engine ({@link Engine}): how the command line names it, how a test reads
 * and writes it, and its fingerprint for "nothing changed" — so a CLI test reads the same on SQLite
 * and on PostgreSQL. Test SQL is written in the subset both engines take (plain SELECT, INSERT,
 * UPDATE, DELETE); what differs (JSON functions, catalogues) is a method here.
 */
public interface Db {
    /** What {@code --db} takes: the file's path, or the server's URL. */
    String address();

    /** How mapper names the database in what it prints. */
    String shown();

    /** How headers and {@code --json} name it: the file's absolute path, the server's URL with its schema. */
    String display();

    /** The options every database command needs: {@code --db}, and on a server where its backups go. */
    List<String> options();

    /** How a command mapper suggests names this database: the options given, as the person would type them again. */
    default String suggested() {
        return String.join(" ", options());
    }

    /** Runs a SQL script (several statements allowed), written for SQLite: PostgreSQL gets it translated (INTEGER as bigint, AUTOINCREMENT as identity). */
    void exec(String sql);

    /** One statement with bound parameters. */
    void update(String sql, Object... params);

    /** Rows as "a | b | c" strings. */
    List<String> query(String sql);

    /**
     * Rows as "a | b | c" strings of the Java values the driver reads ({@code String.valueOf(getObject)}):
     * a double prints as Java prints it (63.0 on both engines, where PostgreSQL's text says 63), and a
     * 4-byte float would print differently, so a table's values compare exactly across engines.
     */
    List<String> values(String sql);

    /** {@link #values}' rows from an open result. */
    static List<String> values(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(String.valueOf(rs.getObject(i)));
            }
            rows.add(String.join(" | ", row));
        }
        return rows;
    }

    /** The user tables, by name (mapper's own included, the engine's internal ones left out). */
    List<String> tables();

    /** The indexes the app or a mapping made (not the ones behind primary keys and unique constraints), by name. */
    List<String> indexes();

    /** The database's state for "unchanged after a failure": the file's SHA-256 on SQLite, {@code PgFingerprint} on a server. */
    String fingerprint();

    /**
     * {@link #fingerprint} without the sequences' positions, for a failure during which the app's own
     * trigger drew a number: PostgreSQL never rolls a sequence back (no row holds that number). On SQLite,
     * whose AUTOINCREMENT counter is a row rolled back with the rest, the same as {@link #fingerprint}.
     */
    default String fingerprintBesidesSequences() {
        return fingerprint();
    }

    /** Every row of every table with its type, for "exactly as before" after a rollback (the file's bytes may differ). */
    List<String> dump();

    /** How many backups mapper has taken of this database (the files beside it; on a server, the scripts in its backup folder). */
    long backups();

    default String one(String sql) {
        List<String> rows = query(sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows);
        }
        return rows.get(0);
    }

    /** Runs mapper with {@code args} and this database's options after them. */
    default Cli run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(options());
        return Cli.run(all.toArray(String[]::new));
    }

    /** One member of the JSON document in {@code table} row {@code key}, as JSON text. */
    default String json(String table, String key, String member) {
        return Json.write(document(table, key).get(member));
    }

    /** Sets one member of the JSON document in {@code table} row {@code key}, keeping the others and their order, as the app would. */
    default void setJson(String table, String key, String member, Object value) {
        Map<String, Object> document = document(table, key);
        document.put(member, value);
        update("UPDATE \"" + table + "\" SET value = ? WHERE key = ?", Json.write(document), key);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> document(String table, String key) {
        try {
            return (Map<String, Object>) Json.parse(one("SELECT value FROM \"" + table + "\" WHERE key = '" + key.replace("'", "''") + "'"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What this engine takes or gives: {@code onSqlite} or {@code onPostgres} (a trigger, a catalogue query, an expected declaration). */
    <T> T pick(T onSqlite, T onPostgres);
}
