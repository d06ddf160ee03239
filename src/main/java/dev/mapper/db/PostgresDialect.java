package dev.mapper.db;

import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>This class answers the {@link Dialect} questions and hands the work to one class per part:
 * {@link PostgresSession} (connections, locks, the backup, streamed reads), {@link PostgresCatalog}
 * (what the schema holds), {@link PostgresDdl} (tables and column declarations, taken as they are), {@link PostgresErrors}
 * (failures by SQLState, the row failure), {@link PostgresRedeclare} and {@link PostgresAppends}.
 */
public final class PostgresDialect implements PostgresDdl {
    private final PostgresServer server;
    private final PostgresCatalog catalog;
    private final PostgresSession session;

    public PostgresDialect(PostgresServer server) {
        this.server = server;
        this.catalog = new PostgresCatalog(server.schema());
        this.session = new PostgresSession(server, catalog);
    }

    @Override
    public Connection open(DatabaseAddress database, boolean writable, int waitSeconds) throws SQLException {
        return session.open((PostgresServer) database, writable, waitSeconds);
    }

    /** --wait of the last {@link #open}: how long a lock was waited for. */
    public int waitSeconds() {
        return session.waitSeconds();
    }

    @Override
    public void lockTables(Connection connection, Collection<String> tables) throws SQLException {
        session.lockTables(connection, tables);
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

    @Override
    public boolean fillsItself(Connection connection, String table, String column) throws SQLException {
        return catalog.fillsItself(connection, table, column);
    }

    @Override
    public Object rowKeyValue(String key) {
        return key;
    }

    @Override
    public void deleteAppended(Connection connection, String table, RowKey key, String id) throws SQLException {
        new PostgresAppends(this, server.schema()).delete(connection, table, key, id);
    }

    @Override
    public Optional<String> noRowFill(Connection connection, String table) throws SQLException {
        return PostgresRowFill.noRowFill(rowKeyColumns(connection, table), table);
    }

    @Override
    public String declaredNotNullAfterFill() {
        return "set NOT NULL in place"; // PostgresRedeclare: ALTER COLUMN … SET NOT NULL, no rebuild
    }

    @Override
    public Optional<dev.mapper.diag.Diagnostic> refusesComputed(Connection connection, ColumnDecl declaration) throws SQLException {
        return PostgresComputedType.refuses(connection, declaration);
    }

    @Override
    public String noRowFillHint(String table) {
        return PostgresRowFill.hint(table);
    }

    @Override
    public List<String> rowKeyColumns(Connection connection, String table) throws SQLException {
        return new PostgresAppends(this, server.schema()).primaryKey(connection, table);
    }

    @Override
    public String valueRefused(SQLException e) {
        return PostgresRowFill.valueRefused(e);
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
        session.backup(file);
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
        return catalog.declaredAsCreated(connection, table, columnTypes);
    }

    @Override
    public Optional<ColumnDecl> column(Connection connection, String table, String column) throws SQLException {
        return catalog.column(connection, table, column);
    }

    @Override
    public ColumnDecl asStored(Connection connection, ColumnDecl declared) throws SQLException {
        String type = PostgresCatalog.storedType(connection, declared.type());
        return type.equals(declared.type()) ? declared : new ColumnDecl(type, declared.defaultSql(), declared.notNull());
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

    @Override
    public String rowFailure(dev.mapper.model.ValueType type) {
        return PostgresErrors.rowFailure(type);
    }

    @Override
    public void installRowFailure(Connection connection) {
        // nothing to install: rowFailure is a failing cast
    }

    @Override
    public boolean isRowFailure(SQLException e) {
        return PostgresErrors.isRowFailure(e);
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
    public dev.mapper.diag.MapperException commitUnknown(SQLException e, DatabaseAddress database, List<Path> kept) {
        return PostgresErrors.commitUnknown(e, (PostgresServer) database, kept);
    }

    /** The wait is the last {@link #open}'s, whatever the caller was given: the lock it waited for is that connection's. */
    @Override
    public dev.mapper.diag.MapperException translate(SQLException e, DatabaseAddress database, int waitSeconds, boolean writing) {
        return PostgresErrors.translate(e, (PostgresServer) database, session.waitSeconds(), writing);
    }

    @Override
    public List<dev.mapper.diag.Diagnostic> refusedNames(dev.mapper.model.Mapping mapping) {
        return PostgresNames.problems(mapping);
    }

    @Override
    public boolean isBusy(SQLException e) {
        return PostgresErrors.isBusy(e);
    }

    @Override
    public boolean isFull(SQLException e) {
        return PostgresErrors.isFull(e);
    }

    @Override
    public PreparedStatement streaming(Connection connection, String sql) throws SQLException {
        return PostgresSession.streaming(connection, sql);
    }

    @Override
    public String duplicateKey(SQLException e) {
        return PostgresErrors.duplicateKey(e);
    }
}
