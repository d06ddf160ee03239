package dev.mapper.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/** SQLite through sqlite-jdbc. */
public final class SqliteDialect implements Dialect {

    @Override
    public Connection open(DatabaseAddress database, boolean writable, int waitSeconds) throws SQLException {
        return open(file(database), writable, waitSeconds);
    }

    private static Path file(DatabaseAddress database) {
        if (database instanceof DatabaseAddress.SqliteFile f) {
            return f.path();
        }
        throw new IllegalArgumentException("not a SQLite database: " + database);
    }

    public Connection open(Path database, boolean writable, int waitSeconds) throws SQLException {
        SqliteNativeLibrary.useCachedCopy();
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // a missing file is an error, not a new empty database
        config.setReadOnly(!writable);
        config.setBusyTimeout(Math.max(0, waitSeconds) * 1000);
        // BEGIN IMMEDIATE: the write lock is taken when the transaction starts, before anything is read
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        // a file: URI of the real absolute path, every special character percent-encoded: a plain
        // name would be reinterpreted by the driver (":memory:", "app.db?mode=ro", ":resource:…")
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return config.createConnection("jdbc:sqlite:" + FileUri.of(database));
    }

    @Override
    public void backup(DatabaseAddress database, Path file) throws SQLException {
        // SQLite's online backup API ("backup to" in sqlite-jdbc) refuses to run on the connection
        // holding the write lock, but a second, read-only connection may still read: our lock
        // keeps every other writer out until we commit.
        // The driver's "backup to NAME" command splits NAME at whitespace; its backup call takes the
        // name as it is (an absolute path, never a "file:" URI, so SQLite takes it literally too).
        // It reports failure (a full disk) by its result code only, as the command does after calling it.
        try (Connection reader = open(file(database), false, 5)) {
            int rc = reader.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().backup("main", file.toAbsolutePath().toString(), null);
            if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                throw org.sqlite.core.DB.newSQLException(rc, "Backup failed");
            }
        }
    }

    /** A copy is a SQLite database: the backup API copies the file's pages. */
    @Override
    public boolean isBackup(DatabaseAddress database, Path file) {
        byte[] header = new byte[16];
        try (var in = java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(header, 0, 16) == 16
                    && java.util.Arrays.equals(header, "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public String engineName() {
        return "SQLite";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String createKeyValueTable(String table, boolean withTypeColumn) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                + (withTypeColumn ? "type TEXT, " : "") // nullable: the app's INSERTs name only key and value
                + "updated_at INTEGER DEFAULT (strftime('%s','now')))";
    }

    @Override
    public String createIndex(String index, String table, String column) {
        return "CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + quote(table) + "(" + quote(column) + ")";
    }

    @Override
    public String createBackupTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "source_table TEXT NOT NULL, source_key TEXT, original_value TEXT, "
                + "migrated_at INTEGER DEFAULT (strftime('%s','now')))";
    }

    @Override
    public String createHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "migration TEXT NOT NULL, revision INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, "
                + "checksum TEXT NOT NULL, mapping TEXT NOT NULL, applied_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL, "
                + "keys_written INTEGER NOT NULL, rows_backed_up INTEGER NOT NULL, created_tables TEXT NOT NULL, "
                + "backup_file TEXT, mapper_version TEXT NOT NULL)";
    }

    @Override
    public String createRevisionBackupTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "migration TEXT NOT NULL, revision INTEGER NOT NULL, table_name TEXT NOT NULL, key_column TEXT NOT NULL, "
                + "key_value TEXT NOT NULL, before_row TEXT, after_row TEXT)";
    }

    @Override
    public List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** One column of a table as declared: name, declared type, position in the primary key (0 when not in it). */
    private record Declared(String name, String type, int pk) {}

    private static List<Declared> declared(Connection connection, String table) throws SQLException {
        List<Declared> columns = new ArrayList<>();
        try (var ps = connection.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Declared(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        return columns;
    }

    @Override
    public List<String> columns(Connection connection, String table) throws SQLException {
        return declared(connection, table).stream().map(Declared::name).toList();
    }

    @Override
    public String integerRowId(Connection connection, String table) throws SQLException {
        List<Declared> key = declared(connection, table).stream().filter(c -> c.pk() > 0).toList();
        if (key.size() != 1 || !"INTEGER".equalsIgnoreCase(key.get(0).type())) {
            return null;
        }
        // not the row id when the key has an index of its own: WITHOUT ROWID, or the INTEGER PRIMARY KEY DESC quirk
        try (var ps = connection.prepareStatement("SELECT count(*) FROM pragma_index_list(?) WHERE origin = 'pk'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 0 ? key.get(0).name() : null;
            }
        }
    }

    @Override
    public boolean declaredAsCreated(Connection connection, String table, java.util.Map<String, String> columnTypes) throws SQLException {
        java.util.Map<String, String> types = new java.util.HashMap<>();
        declared(connection, table).forEach(c -> types.put(c.name(), c.type()));
        return columnTypes.entrySet().stream().allMatch(e -> sqlType(e.getValue()).equalsIgnoreCase(types.get(e.getKey())));
    }

    @Override
    public String createTable(String table, List<dev.mapper.model.TableColumn> columns, List<String> key) {
        dev.mapper.model.TableColumn id = columns.stream().filter(dev.mapper.model.TableColumn::autoincrement).findFirst().orElse(null);
        // a single integer key becomes the rowid (INTEGER PRIMARY KEY): no second index to maintain
        boolean rowidKey = id == null && key.size() == 1 && columns.stream().anyMatch(c -> c.name().equals(key.get(0)) && "integer".equals(c.type().name()));
        List<String> parts = new ArrayList<>();
        for (dev.mapper.model.TableColumn c : columns) {
            parts.add(quote(c.name()) + " " + columnDefinition(c) + (rowidKey && c.name().equals(key.get(0)) ? " PRIMARY KEY" : ""));
        }
        String keyColumns = String.join(", ", key.stream().map(this::quote).toList());
        if (id != null && !(key.size() == 1 && key.get(0).equals(id.name()))) {
            parts.add("UNIQUE (" + keyColumns + ")");
        } else if (id == null && !rowidKey) {
            parts.add("PRIMARY KEY (" + keyColumns + ")");
        }
        return "CREATE TABLE " + quote(table) + " (" + String.join(", ", parts) + ")";
    }

    @Override
    public String columnDefinition(dev.mapper.model.TableColumn column) {
        // the app's own form: "id INTEGER PRIMARY KEY AUTOINCREMENT", so new rows continue the sequence past every id ever used
        return column.autoincrement() ? "INTEGER PRIMARY KEY AUTOINCREMENT" : declaration(column).render();
    }

    @Override
    public ColumnDecl declaration(dev.mapper.model.TableColumn column) {
        return column.autoincrement() ? new ColumnDecl("INTEGER", null, false)
                : new ColumnDecl(sqlType(column.type().name()), column.defaultSql(), !column.nullable());
    }

    private static String sqlType(String type) {
        return switch (type) {
            case "integer", "boolean" -> "INTEGER";
            case "number" -> "REAL";
            default -> "TEXT";
        };
    }

    @Override
    public Optional<ColumnDecl> column(Connection connection, String table, String column) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT type, \"notnull\", dflt_value FROM pragma_table_info(?) WHERE name = ? COLLATE NOCASE")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ColumnDecl(rs.getString(1), rs.getString(3), rs.getInt(2) != 0)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<IndexDecl> index(Connection connection, String name) throws SQLException {
        String table;
        try (var ps = connection.prepareStatement("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                table = rs.getString(1);
            }
        }
        boolean unique;
        boolean partial;
        try (var ps = connection.prepareStatement("SELECT \"unique\", partial FROM pragma_index_list(?) WHERE name = ? COLLATE NOCASE")) {
            ps.setString(1, table);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                unique = rs.getInt(1) != 0;
                partial = rs.getInt(2) != 0;
            }
        }
        List<IndexDecl.Column> columns = new ArrayList<>();
        try (var ps = connection.prepareStatement("SELECT name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { // an expression has no name: it never equals a declared column
                    columns.add(new IndexDecl.Column(rs.getString(1) == null ? "<expression>" : rs.getString(1), rs.getInt(2) != 0));
                }
            }
        }
        if (partial) {
            columns.add(new IndexDecl.Column("<WHERE clause>", false)); // a partial index is never the declared one
        }
        return Optional.of(new IndexDecl(name, table, columns, unique, null));
    }

    @Override
    public List<String> indexesOn(Connection connection, String table, String column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var ps = connection.prepareStatement("SELECT il.name FROM pragma_index_list(?) il WHERE EXISTS "
                + "(SELECT 1 FROM pragma_index_xinfo(il.name) x WHERE x.name = ? COLLATE NOCASE) ORDER BY il.name")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    @Override
    public List<String> referencingTables(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        for (String other : tables(connection)) {
            if (other.equalsIgnoreCase(table)) {
                continue;
            }
            try (var ps = connection.prepareStatement("SELECT 1 FROM pragma_foreign_key_list(?) WHERE \"table\" = ? COLLATE NOCASE LIMIT 1")) {
                ps.setString(1, other);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        names.add(other);
                    }
                }
            }
        }
        return names;
    }

    @Override
    public void rewindIds(Connection connection, String table, long atLeast) throws SQLException {
        if (!tableExists(connection, table)) {
            return;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
            if (!rs.next()) {
                return; // no AUTOINCREMENT table: nothing counts ids apart from the rows themselves
            }
        }
        try (var ps = connection.prepareStatement("UPDATE sqlite_sequence SET seq = max((SELECT coalesce(max(rowid), 0) FROM " + quote(table) + "), ?) "
                + "WHERE name = ?")) {
            ps.setLong(1, atLeast);
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }

    @Override
    public void allowRedeclaring(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("PRAGMA foreign_keys = OFF"); // a no-op inside a transaction: hence before it begins
        }
    }

    @Override
    public List<String> foreignKeyViolations(Connection connection) throws SQLException {
        return SqliteTableRebuild.foreignKeyViolations(this, connection);
    }

    @Override
    public String redeclareColumn(Connection connection, String table, String column, ColumnDecl declaration) throws SQLException {
        SqliteTableRebuild rebuild = new SqliteTableRebuild(this, connection);
        String before = rebuild.createSql(table);
        rebuild.rebuild(table, rebuild.redeclared(table, column, declaration));
        return before;
    }

    @Override
    public void restoreTable(Connection connection, String table, String definition) throws SQLException {
        new SqliteTableRebuild(this, connection).rebuild(table, definition);
    }

    private static final String WRITES = "mapper_writes";

    @Override
    public boolean watchWrites(Connection connection, String table) throws SQLException {
        // TEMP objects live in the connection's own temp database: the database file never sees them
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("CREATE TEMP TABLE IF NOT EXISTS " + WRITES + " (tbl TEXT NOT NULL)");
            for (String event : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                s.executeUpdate("CREATE TEMP TRIGGER IF NOT EXISTS " + quote(WRITES + "_" + event.toLowerCase() + "_" + table) + " AFTER " + event
                        + " ON main." + quote(table) + " BEGIN INSERT INTO temp." + WRITES + " (tbl) VALUES (" + literal(table) + "); END");
            }
            return true;
        } catch (SQLException cannotWatch) {
            return false; // a virtual or shadow table: the caller hashes its rows instead
        }
    }

    @Override
    public long writesSeen(Connection connection, String table) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT count(*) FROM temp." + WRITES + " WHERE tbl = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A table name as a SQL string literal, for a trigger body (which cannot take bound parameters). */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static final String ROW_FAILURE = "mapper_row_needs_java";

    @Override
    public String rowFailure() {
        return ROW_FAILURE + "()";
    }

    @Override
    public void installRowFailure(Connection connection) throws SQLException {
        org.sqlite.Function.create(connection, ROW_FAILURE, new org.sqlite.Function() {
            @Override
            protected void xFunc() throws SQLException {
                error(ROW_FAILURE); // aborts the statement; the caller recomputes the table in Java
            }
        });
    }

    @Override
    public String computedOnce() {
        return " LIMIT -1"; // no limit, but SQLite then runs the subquery as a co-routine instead of flattening it
    }

    @Override
    public boolean isRowFailure(SQLException e) {
        return String.valueOf(e.getMessage()).contains(ROW_FAILURE);
    }

    @Override
    public boolean isBusy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    @Override
    public boolean isFull(SQLException e) {
        return primaryCode(e) == SQLiteErrorCode.SQLITE_FULL.code;
    }

    @Override
    public dev.mapper.diag.MapperException translate(SQLException e, DatabaseAddress database, int waitSeconds, boolean writing) {
        return SqliteErrors.translate(this, e, database, waitSeconds, writing);
    }

    /** SQLite's primary result code (extended codes carry it in the low byte), or -1 for other exceptions. */
    private static int primaryCode(SQLException e) {
        return e instanceof SQLiteException s ? s.getResultCode().code & 0xff : -1;
    }
}
