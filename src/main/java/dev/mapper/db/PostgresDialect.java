package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * PostgreSQL through pgjdbc, in one schema of one database. A write transaction takes a
 * transaction-scoped advisory lock (one mapper run at a time per database) and then, before the
 * first read, {@code LOCK TABLE … IN EXCLUSIVE MODE} on every table the migration reads or writes
 * (the app may read them, not write them), both under {@code lock_timeout} = {@code --wait}. The
 * backup is a {@code COPY … TO STDOUT} of those tables on the same connection, written as a psql
 * script. mapper's own tables number their rows with a trigger, not a sequence: a sequence is not
 * rolled back with the transaction, so a failed run would leave it changed. The catalogue queries
 * read {@code pg_catalog}; names compare exactly (PostgreSQL folds unquoted names to lower case,
 * mapper quotes every name it writes).
 */
public final class PostgresDialect implements Dialect {
    /** pg_advisory_xact_lock's key: "mapper" in ASCII, one key for every mapper run on the database. */
    private static final long ADVISORY_KEY = 0x6d6170706572L;
    private static final String NEXT_ID = "mapper_next_id";

    private final PostgresServer server;
    /** The write transaction's connection and the tables it locked: what {@link #backup} copies. */
    private Connection writing;
    private final List<String> locked = new ArrayList<>();
    private int waitSeconds;

    public PostgresDialect(PostgresServer server) {
        this.server = server;
    }

    @Override
    public Connection open(DatabaseAddress database, boolean writable, int waitSeconds) throws SQLException {
        PostgresServer s = (PostgresServer) database;
        this.waitSeconds = waitSeconds;
        Properties properties = new Properties();
        properties.setProperty("user", s.user());
        String password = PostgresPassword.find(s, System.getenv());
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "mapper");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("currentSchema", s.schema());
        Connection c = new org.postgresql.Driver().connect(s.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("pgjdbc did not accept " + s, "08001");
        }
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                ps.setString(1, s.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("schema \"" + s.schema() + "\" does not exist", "3F000");
                    }
                }
            }
            c.setAutoCommit(false);
            if (writable) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + Math.max(1, waitSeconds) * 1000L + "ms'");
                    st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_KEY + ")");
                }
                writing = c;
                locked.clear();
            } else {
                c.setReadOnly(true);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** --wait of the last {@link #open}: how long a lock was waited for. */
    public int waitSeconds() {
        return waitSeconds;
    }

    @Override
    public void lockTables(Connection connection, Collection<String> tables) throws SQLException {
        List<String> existing = new ArrayList<>();
        for (String table : tables) {
            if (tableExists(connection, table)) {
                existing.add(table);
            }
        }
        if (!existing.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE " + String.join(", ", existing.stream().map(this::quote).toList()) + " IN EXCLUSIVE MODE");
            }
        }
        locked.clear();
        locked.addAll(existing);
    }

    @Override
    public boolean pushdown() {
        return false; // the SQL translator speaks SQLite; PostgreSQL computes table targets in Java
    }

    /**
     * A psql script that puts back the rows every locked table holds now: the tables are locked, so
     * consecutive COPY statements on this connection see one state.
     */
    @Override
    public void backup(DatabaseAddress database, Path file) throws SQLException {
        if (writing == null) {
            throw new SQLException("no write transaction to back up");
        }
        org.postgresql.copy.CopyManager copy = writing.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("-- mapper's backup of " + server + ": the rows of " + locked.size() + " table(s) before the migration\n");
            out.write("-- restore: " + server.restoreCommand(file) + "\n");
            out.write("SET search_path = " + quote(server.schema()) + ";\n");
            if (!locked.isEmpty()) {
                out.write("TRUNCATE " + String.join(", ", locked.stream().map(this::quote).toList()) + ";\n");
            }
            for (String table : locked) {
                String columns = String.join(", ", columns(writing, table).stream().map(this::quote).toList());
                out.write("COPY " + quote(table) + " (" + columns + ") FROM stdin;\n");
                out.flush();
                copy.copyOut("COPY " + quote(table) + " (" + columns + ") TO STDOUT", out);
                out.write("\\.\n");
            }
        } catch (IOException e) {
            throw new SQLException("cannot write " + file + ": " + e.getMessage(), "58030", e);
        }
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static final String EPOCH = "(extract(epoch from now())::bigint)";

    @Override
    public String createKeyValueTable(String table, boolean withTypeColumn) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                + (withTypeColumn ? "type TEXT NOT NULL, " : "") + "updated_at BIGINT DEFAULT " + EPOCH + ")";
    }

    @Override
    public String createIndex(String index, String table, String column) {
        return "CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + quote(table) + "(" + quote(column) + ")";
    }

    @Override
    public String createOwnTable(String table, String columns) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (id BIGINT PRIMARY KEY, " + columns + ");\n"
                + "CREATE OR REPLACE FUNCTION " + NEXT_ID + "() RETURNS trigger LANGUAGE plpgsql AS $mapper$ BEGIN IF NEW.id IS NULL THEN "
                + "EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id; END IF; "
                + "RETURN NEW; END $mapper$;\n"
                + "CREATE OR REPLACE TRIGGER " + NEXT_ID + " BEFORE INSERT ON " + quote(table) + " FOR EACH ROW EXECUTE FUNCTION " + NEXT_ID + "()";
    }

    /** The id function goes with the last table whose trigger uses it: a rollback leaves the schema as mapper found it. */
    @Override
    public String dropTable(String table) {
        return "DROP TABLE " + quote(table) + ";\n"
                + "DO $mapper$ BEGIN IF to_regproc('" + NEXT_ID + "') IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_trigger "
                + "WHERE tgfoid = to_regproc('" + NEXT_ID + "')) THEN DROP FUNCTION " + NEXT_ID + "(); END IF; END $mapper$";
    }

    @Override
    public String createBackupTable(String table) {
        return createOwnTable(table, "source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, migrated_at BIGINT DEFAULT " + EPOCH);
    }

    @Override
    public String createHistoryTable(String table) {
        return createOwnTable(table, "migration TEXT NOT NULL, revision INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, "
                + "checksum TEXT NOT NULL, mapping TEXT NOT NULL, applied_at BIGINT NOT NULL, duration_ms BIGINT NOT NULL, "
                + "keys_written BIGINT NOT NULL, rows_backed_up BIGINT NOT NULL, created_tables TEXT NOT NULL, "
                + "backup_file TEXT, mapper_version TEXT NOT NULL");
    }

    @Override
    public String createRevisionBackupTable(String table) {
        return createOwnTable(table, "migration TEXT NOT NULL, revision INTEGER NOT NULL, table_name TEXT NOT NULL, key_column TEXT NOT NULL, "
                + "key_value TEXT NOT NULL, before_row TEXT, after_row TEXT");
    }

    @Override
    public String isSame() {
        return "IS NOT DISTINCT FROM";
    }

    @Override
    public String exactValue(String q) {
        return "CASE WHEN " + q + " IS NULL THEN 'null' ELSE 'text' END, NULL, encode(convert_to(" + q + "::text, 'UTF8'), 'hex')";
    }

    @Override
    public String exactPlaceholder(String storageClass) {
        return "?";
    }

    @Override
    public void bindExact(PreparedStatement ps, int index, String storageClass, String text) throws SQLException {
        // untyped: the server reads the text as the column's own type, as COPY would
        ps.setObject(index, new String(java.util.HexFormat.of().parseHex(text), StandardCharsets.UTF_8), java.sql.Types.OTHER);
    }

    private static final String RELATION = "to_regclass(format('%I.%I', ?::text, ?::text))";

    @Override
    public List<String> tables(Connection connection) throws SQLException {
        return strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
                + "AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE \"C\"", server.schema());
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        return !strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
                + "AND c.relkind IN ('r', 'p') AND c.relname = ?", server.schema(), table).isEmpty();
    }

    @Override
    public List<String> columns(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT attname FROM pg_attribute WHERE attrelid = " + RELATION + " AND attnum > 0 AND NOT attisdropped "
                + "ORDER BY attnum", server.schema(), table);
    }

    @Override
    public String integerRowId(Connection connection, String table) {
        return null;
    }

    @Override
    public boolean declaredAsCreated(Connection connection, String table, java.util.Map<String, String> columnTypes) throws SQLException {
        for (var e : columnTypes.entrySet()) {
            Optional<ColumnDecl> column = column(connection, table, e.getKey());
            if (column.isEmpty() || !column.get().type().equalsIgnoreCase(sqlType(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String createTable(String table, java.util.LinkedHashMap<String, String> columnTypes, List<String> key) {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + quote(table) + " (");
        columnTypes.forEach((column, type) -> sql.append(quote(column)).append(' ').append(sqlType(type)).append(" NOT NULL, "));
        sql.append("PRIMARY KEY (").append(String.join(", ", key.stream().map(this::quote).toList())).append("))");
        return sql.toString();
    }

    private static String sqlType(String type) {
        return switch (type) {
            case "integer" -> "bigint";
            case "number" -> "double precision";
            case "boolean" -> "boolean";
            default -> "text";
        };
    }

    @Override
    public Optional<ColumnDecl> column(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid), "
                + "a.attnotnull FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = " + RELATION + " AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, server.schema());
            ps.setString(2, table);
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ColumnDecl(rs.getString(1), rs.getString(2), rs.getBoolean(3))) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<IndexDecl> index(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT t.relname, ix.indisunique, ix.indpred IS NOT NULL, ix.indexrelid "
                + "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid "
                + "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = ? AND i.relname = ?")) {
            ps.setString(1, server.schema());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String table = rs.getString(1);
                boolean unique = rs.getBoolean(2);
                boolean partial = rs.getBoolean(3);
                long oid = rs.getLong(4);
                List<IndexDecl.Column> columns = new ArrayList<>();
                try (PreparedStatement cs = connection.prepareStatement("SELECT a.attname, (ix.indoption[k.ord - 1] & 1) = 1 FROM pg_index ix "
                        + "CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) "
                        + "LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0 "
                        + "WHERE ix.indexrelid = ? AND k.ord <= ix.indnkeyatts ORDER BY k.ord")) {
                    cs.setLong(1, oid);
                    try (ResultSet c = cs.executeQuery()) {
                        while (c.next()) {
                            columns.add(new IndexDecl.Column(c.getString(1) == null ? "<expression>" : c.getString(1), c.getBoolean(2)));
                        }
                    }
                }
                if (partial) {
                    columns.add(new IndexDecl.Column("<WHERE clause>", false));
                }
                return Optional.of(new IndexDecl(name, table, columns, unique, null));
            }
        }
    }

    @Override
    public List<String> indexesOn(Connection connection, String table, String column) throws SQLException {
        return strings(connection, "SELECT DISTINCT i.relname FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
                + "JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ANY (ix.indkey) "
                + "WHERE ix.indrelid = " + RELATION + " AND a.attname = ? ORDER BY i.relname", server.schema(), table, column);
    }

    @Override
    public List<String> referencingTables(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT DISTINCT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
                + "WHERE k.contype = 'f' AND k.confrelid = " + RELATION + " AND k.conrelid <> k.confrelid ORDER BY r.relname", server.schema(), table);
    }

    @Override
    public void rewindIds(Connection connection, String table, long atLeast) {
        // the next id is max(id) + 1 (createOwnTable's trigger): deleting the newest rows rewinds it already
    }

    @Override
    public String addColumn(String table, String column, ColumnDecl declaration) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(column) + " " + declaration.render();
    }

    @Override
    public String dropColumn(String table, String column) {
        return "ALTER TABLE " + quote(table) + " DROP COLUMN " + quote(column);
    }

    @Override
    public String createIndex(IndexDecl index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + quote(index.name()) + " ON " + quote(index.table()) + "("
                + String.join(", ", index.columns().stream().map(c -> quote(c.name()) + (c.descending() ? " DESC" : "")).toList()) + ")";
    }

    @Override
    public String dropIndex(String name) {
        return "DROP INDEX " + quote(name);
    }

    @Override
    public String rowFailure() {
        throw new UnsupportedOperationException("pushed-down SQL is SQLite's only (pushdown() is false)");
    }

    @Override
    public void installRowFailure(Connection connection) {
        throw new UnsupportedOperationException("pushed-down SQL is SQLite's only (pushdown() is false)");
    }

    @Override
    public boolean isRowFailure(SQLException e) {
        return false;
    }

    @Override
    public String computedOnce() {
        return " OFFSET 0";
    }

    /** The statistics view counts this transaction's own inserts, updates and deletes (a trigger's too) per table. */
    @Override
    public boolean watchWrites(Connection connection, String table) throws SQLException {
        return !strings(connection, "SELECT relname FROM pg_stat_xact_user_tables WHERE schemaname = ? AND relname = ?", server.schema(), table).isEmpty();
    }

    @Override
    public long writesSeen(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                + "WHERE schemaname = ? AND relname = ?")) {
            ps.setString(1, server.schema());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public boolean isBusy(SQLException e) {
        return PostgresErrors.isBusy(e);
    }

    @Override
    public boolean isFull(SQLException e) {
        return "53100".equals(e.getSQLState());
    }

    private static List<String> strings(Connection connection, String sql, String... params) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }
}
