package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.nio.charset.StandardCharsets;
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
    private final PostgresCatalog catalog;
    /** The write transaction's connection and the tables it locked: what {@link #backup} copies. */
    private Connection writing;
    private final List<String> locked = new ArrayList<>();
    /** The tables the migration may use that did not exist when it began: the backup's restore drops them. */
    private final List<String> absent = new ArrayList<>();
    private int waitSeconds;

    public PostgresDialect(PostgresServer server) {
        this.server = server;
        this.catalog = new PostgresCatalog(server.schema());
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
        // a batch of single-row INSERTs goes to the server as multi-row INSERTs: a table target's rows in far fewer round trips
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.putAll(s.parameters()); // sslmode, application_name, connect_timeout… from the URL: theirs over mapper's defaults
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
            try (Statement st = c.createStatement()) {
                st.execute(sessionLimits(SqlBudget.limitMillis()));
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

    /**
     * The session's limits, set before its transaction begins: SQLite's {@link SqlBudget} as the
     * server's statement_timeout (a statement past it is cancelled, SQLState 57014, and the
     * transaction rolls back); a transaction left idle (mapper stopped, not killed: SIGSTOP, a
     * network that no longer answers) is ended after as long, but never under a minute, so that
     * mapper's own work between statements is never cut short; and the server checks every second
     * that mapper is still connected while a statement runs or waits for a lock, so a killed mapper's
     * transaction is rolled back and its locks freed at once, not when its statement ends.
     */
    static String sessionLimits(long budgetMillis) {
        return "SET statement_timeout = " + budgetMillis + "; SET idle_in_transaction_session_timeout = " + Math.max(budgetMillis, 60_000)
                + "; SET client_connection_check_interval = 1000";
    }

    /** --wait of the last {@link #open}: how long a lock was waited for. */
    public int waitSeconds() {
        return waitSeconds;
    }

    @Override
    public void lockTables(Connection connection, Collection<String> tables) throws SQLException {
        List<String> existing = new ArrayList<>();
        absent.clear();
        for (String table : tables) {
            (tableExists(connection, table) ? existing : absent).add(table);
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
    public String redeclareColumn(Connection connection, String table, String column, ColumnDecl declaration) throws SQLException {
        return new PostgresRedeclare(this).redeclare(connection, table, column, column(connection, table, column).orElseThrow(), declaration);
    }

    @Override
    public void restoreTable(Connection connection, String table, String definition) throws SQLException {
        String column = definition.substring(0, definition.indexOf(' '));
        new PostgresRedeclare(this).restore(connection, table, definition, column(connection, table, column).orElseThrow());
    }

    @Override
    public boolean convertsBackExactly() {
        return true;
    }

    @Override
    public Optional<String> unconvertible(Connection connection, String table, String column, ColumnDecl from, ColumnDecl to) throws SQLException {
        return new PostgresRedeclare(this).unconvertible(connection, table, column, from, to);
    }

    @Override
    public String redeclareStatement(String table, String column, ColumnDecl from, ColumnDecl to) {
        return String.join(";\n", new PostgresRedeclare(this).statements(table, column, from, to));
    }

    @Override
    public RowKey rowKey(Connection connection, String table) throws SQLException {
        return new PostgresAppends(this, server.schema()).rowKey(connection, table);
    }

    /** An identity column (GENERATED … AS IDENTITY) or a generated one: no default in the catalogue, yet an INSERT may leave it out. */
    @Override
    public boolean fillsItself(Connection connection, String table, String column) throws SQLException {
        return !PostgresCatalog.strings(connection, "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(format('%I.%I', ?::text, ?::text)) "
                + "AND attname = ? AND (attidentity <> '' OR attgenerated <> '')", server.schema(), table, column).isEmpty();
    }

    @Override
    public Object rowKeyValue(String key) {
        return key;
    }

    @Override
    public void deleteAppended(Connection connection, String table, RowKey key, String id) throws SQLException {
        new PostgresAppends(this, server.schema()).delete(connection, table, key, id);
    }

    /** No rowid, and no fill by primary key yet: refused before anything is written (never a failed statement, which would end the transaction). */
    @Override
    public Optional<String> noRowFill(Connection connection, String table) {
        return Optional.of(", which mapper does not do on PostgreSQL yet (it finds each row again by SQLite's rowid)");
    }

    /** Untyped ({@code Types.OTHER}): into a json or jsonb column the server casts it, as it would a literal; text stays text. */
    @Override
    public void bindText(java.sql.PreparedStatement ps, int index, String text) throws SQLException {
        ps.setObject(index, text, java.sql.Types.OTHER);
    }

    @Override
    public boolean holdsJson(Connection connection, String table, String column) throws SQLException {
        return column(connection, table, column).map(d -> d.type().equals("json") || d.type().equals("jsonb")).orElse(false);
    }

    @Override
    public boolean typesByColumn() {
        return true;
    }

    @Override
    public boolean typedColumns() {
        return true;
    }

    /** A boolean column takes a boolean: bound as 1 or 0 (a bigint), PostgreSQL refuses it. */
    @Override
    public Object columnValue(Object jdbcValue, dev.mapper.model.ValueType type) {
        return type == dev.mapper.model.ValueType.BOOLEAN && jdbcValue instanceof Long l ? (Object) (l != 0) : jdbcValue;
    }

    @Override
    public java.util.Map<String, String> columnTypes(Connection connection, String table) throws SQLException {
        return catalog.columnTypes(connection, table);
    }

    @Override
    public void backup(DatabaseAddress database, Path file) throws SQLException {
        if (writing == null) {
            throw new SQLException("no write transaction to back up");
        }
        boolean idFunction = !PostgresCatalog.strings(writing, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = ? AND proname = ?", server.schema(), NEXT_ID).isEmpty();
        new PostgresBackup(server, catalog).write(writing, locked, absent, idFunction ? null : NEXT_ID + "()", file);
    }

    @Override
    public boolean isBackup(DatabaseAddress database, Path file) {
        return database instanceof PostgresServer of && PostgresBackup.isScriptOf(of, file);
    }

    @Override
    public String engineName() {
        return "PostgreSQL";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static final String EPOCH = "(extract(epoch from now())::bigint)";

    @Override
    public String createKeyValueTable(String table, boolean withTypeColumn) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                + (withTypeColumn ? "type TEXT, " : "") // nullable, as on SQLite: the app's INSERTs name only key and value
                + "updated_at BIGINT DEFAULT " + EPOCH + ")";
    }

    @Override
    public String createIndex(String index, String table, String column) {
        return "CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + quote(table) + "(" + quote(column) + ")";
    }

    /**
     * The table, its id function and trigger, only when the table is not there yet: a backup table an
     * older tool made (a baseline) numbers its rows itself and must not get mapper's trigger, which no
     * rollback would take away again.
     */
    @Override
    public String createOwnTable(String table, String columns) {
        return "DO $mapper$ BEGIN IF to_regclass('" + quote(table).replace("'", "''") + "') IS NULL THEN\n"
                + "CREATE TABLE " + quote(table) + " (id BIGINT PRIMARY KEY, " + columns + ");\n"
                + "CREATE OR REPLACE FUNCTION " + NEXT_ID + "() RETURNS trigger LANGUAGE plpgsql AS $id$ BEGIN IF NEW.id IS NULL THEN "
                + "EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id; END IF; "
                + "RETURN NEW; END $id$;\n"
                + "CREATE TRIGGER " + NEXT_ID + " BEFORE INSERT ON " + quote(table) + " FOR EACH ROW EXECUTE FUNCTION " + NEXT_ID + "();\n"
                + "END IF; END $mapper$";
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
    public String isDifferent() {
        return "IS DISTINCT FROM";
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

    @Override
    public List<String> tables(Connection connection) throws SQLException {
        return catalog.tables(connection);
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        return catalog.tableExists(connection, table);
    }

    @Override
    public List<String> columns(Connection connection, String table) throws SQLException {
        return catalog.columns(connection, table);
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
    public String createTable(String table, List<dev.mapper.model.TableColumn> columns, List<String> key) {
        dev.mapper.model.TableColumn id = columns.stream().filter(dev.mapper.model.TableColumn::autoincrement).findFirst().orElse(null);
        List<String> parts = new java.util.ArrayList<>();
        for (dev.mapper.model.TableColumn c : columns) {
            parts.add(quote(c.name()) + " " + columnDefinition(c));
        }
        String keyColumns = String.join(", ", key.stream().map(this::quote).toList());
        if (id == null) {
            parts.add("PRIMARY KEY (" + keyColumns + ")");
        } else if (!(key.size() == 1 && key.get(0).equals(id.name()))) {
            parts.add("UNIQUE (" + keyColumns + ")"); // as on SQLite: the id is the primary key, the row key stays unique
        }
        return "CREATE TABLE " + quote(table) + " (" + String.join(", ", parts) + ")";
    }

    @Override
    public String columnDefinition(dev.mapper.model.TableColumn column) {
        // the app's INSERTs that leave the id out get the next value; ids mapper copies move it on (continueIdsAfterCopy)
        return column.autoincrement() ? "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : declaration(column).render();
    }

    @Override
    public String continueIdsAfterCopy(String table, String column) {
        // an identity column's sequence does not follow explicit values: without this the app's next INSERT would reuse id 1
        return "SELECT setval(pg_get_serial_sequence(" + literal(quote(table)) + ", " + literal(column) + "), "
                + "coalesce(max(" + quote(column) + "), 0) + 1, false) FROM " + quote(table);
    }

    /** A SQL string literal of a name mapper validated (letters, digits, _; quoted already where it is an identifier). */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public ColumnDecl declaration(dev.mapper.model.TableColumn column) {
        if (column.autoincrement()) {
            return new ColumnDecl("bigint", null, true);
        }
        String defaultSql = column.defaultSql();
        if (defaultSql != null && column.type() == dev.mapper.model.ValueType.BOOLEAN) {
            defaultSql = "1".equals(defaultSql) ? "true" : "false"; // TableColumn writes SQLite's 1/0
        }
        return new ColumnDecl(sqlType(column.type().name()), defaultSql, !column.nullable());
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
        return catalog.column(connection, table, column);
    }

    @Override
    public Optional<IndexDecl> index(Connection connection, String name) throws SQLException {
        return catalog.index(connection, name);
    }

    @Override
    public List<String> indexesOn(Connection connection, String table, String column) throws SQLException {
        return catalog.indexesOn(connection, table, column);
    }

    @Override
    public List<String> referencingTables(Connection connection, String table) throws SQLException {
        return catalog.referencingTables(connection, table);
    }
    @Override
    public void rewindIds(Connection connection, String table, long atLeast) {
        // the next id is max(id) + 1 (createOwnTable's trigger): deleting the newest rows rewinds it already
    }

    @Override
    public String rowFailure() {
        return rowFailure(dev.mapper.model.ValueType.INTEGER);
    }

    /**
     * Text that no type reads, cast to the column's type (text through bigint): the cast fails, which
     * aborts the statement with {@link #ROW_FAILURE} in its message. concat() is only stable, so the
     * planner cannot fold the cast into an error before any row is read; and no function is created,
     * so the schema stays as it was.
     */
    @Override
    public String rowFailure(dev.mapper.model.ValueType type) {
        String failing = "CAST(concat('" + ROW_FAILURE + "') AS bigint)";
        return type == dev.mapper.model.ValueType.INTEGER ? failing : "CAST(" + (type == dev.mapper.model.ValueType.BOOLEAN
                ? "concat('" + ROW_FAILURE + "')" : failing) + " AS " + sqlType(type.name()) + ")";
    }

    private static final String ROW_FAILURE = "mapper_row_needs_java";

    @Override
    public void installRowFailure(Connection connection) {
        // nothing to install: rowFailure is a failing cast
    }

    /**
     * The row failure, or a data exception (SQLState class 22: a number out of range, a division by
     * zero) raised by the pushed-down SQL for a value it was about to compute: Java then computes the
     * table and decides, as it would have without pushdown (it fails with its own message, or writes
     * what it computes). The caller rolls back to a savepoint taken before the statement.
     */
    @Override
    public boolean isRowFailure(SQLException e) {
        String state = e.getSQLState();
        return String.valueOf(e.getMessage()).contains(ROW_FAILURE) || state != null && state.startsWith("22");
    }

    @Override
    public String computedOnce() {
        return " OFFSET 0";
    }

    /** The statistics view counts this transaction's own inserts, updates and deletes (a trigger's too) per table. */
    @Override
    public boolean watchWrites(Connection connection, String table) throws SQLException {
        return catalog.watchWrites(connection, table);
    }

    @Override
    public long writesSeen(Connection connection, String table) throws SQLException {
        return catalog.writesSeen(connection, table);
    }
    @Override
    public boolean endsTheTransaction(SQLException e) {
        return PostgresErrors.endsTheTransaction(e);
    }

    @Override
    public boolean rowsInStableOrder() {
        return false;
    }

    @Override
    public boolean commitInDoubt(SQLException e) {
        return PostgresErrors.commitInDoubt(e);
    }

    @Override
    public boolean isBusy(SQLException e) {
        return PostgresErrors.isBusy(e);
    }

    @Override
    public boolean isFull(SQLException e) {
        return "53100".equals(e.getSQLState());
    }

    /** Rows fetched per round trip by a {@link #streaming} statement: a few MB at most, however large the table. */
    static final int FETCH_ROWS = 5_000;

    /**
     * pgjdbc reads a whole result set into memory unless the statement has a fetch size and runs
     * inside a transaction (then it reads through a portal, {@link #FETCH_ROWS} rows at a time);
     * {@link #open} turns autocommit off on every connection, so only the fetch size is set here.
     */
    @Override
    public PreparedStatement streaming(Connection connection, String sql) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("a streamed read needs a transaction: pgjdbc would read every row into memory");
        }
        PreparedStatement ps = connection.prepareStatement(sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(FETCH_ROWS);
        return ps;
    }

    /**
     * unique_violation (23505), in the server's words and with its detail (the key and its value); a failed batch says
     * it on the exception chained to pgjdbc's BatchUpdateException, whose own message quotes the whole statement.
     */
    @Override
    public String duplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof org.postgresql.util.PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
                String detail = p.getServerErrorMessage().getDetail();
                return p.getServerErrorMessage().getMessage() + (detail == null ? "" : " (" + detail + ")");
            }
        }
        return null;
    }
}
