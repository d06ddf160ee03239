package dev.mapper.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Everything that depends on the database engine: opening and locking, the file backup, DDL, and
 * the catalogue. {@link SqliteDialect} and {@link PostgresDialect}; {@link DatabaseAddress#dialect()} picks one.
 */
public interface Dialect {

    /**
     * Opens an existing database; never creates one. A writable connection begins its transaction
     * by taking the write lock, waiting up to {@code waitSeconds} for other writers.
     */
    Connection open(DatabaseAddress database, boolean writable, int waitSeconds) throws SQLException;

    /**
     * Before the first read of a write transaction: keeps other programs from writing these tables
     * (those that exist) until it ends, and remembers them as the tables {@link #backup} copies.
     * SQLite's write lock, taken by {@link #open}, covers the whole file already.
     */
    default void lockTables(Connection connection, java.util.Collection<String> tables) throws SQLException {}

    /**
     * How a row is found again for good: {@code columns} names it in messages (null: the engine's own
     * row id, SQLite's rowid), {@code expression} is SQL whose value, as text, is that row's alone.
     */
    record RowKey(String columns, String expression) {}

    /**
     * How a row {@code append:} adds to {@code table} is found again, so rollback deletes exactly it;
     * null when the table has nothing stable to find it by (PostgreSQL: no primary key).
     */
    default RowKey rowKey(Connection connection, String table) throws SQLException {
        return new RowKey(null, "rowid");
    }

    /** Whether the engine gives this column a value when an INSERT leaves it out, without a default (SQLite: the rowid alias). */
    default boolean fillsItself(Connection connection, String table, String column) throws SQLException {
        return column.equalsIgnoreCase(String.valueOf(integerRowId(connection, table)));
    }

    /** A {@link #rowKey}'s value as it is bound, compared with the key's expression. */
    default Object rowKeyValue(String key) {
        return Long.parseLong(key);
    }

    /** Deletes an appended row, and puts back the table's id counter as it was before the row was appended. */
    default void deleteAppended(Connection connection, String table, RowKey key, String id) throws SQLException {
        try (java.sql.PreparedStatement ps = connection.prepareStatement("DELETE FROM " + quote(table) + " WHERE " + key.expression() + " = ?")) {
            ps.setObject(1, rowKeyValue(id));
            ps.executeUpdate();
        }
        rewindIds(connection, table, Long.parseLong(id) - 1);
    }

    /**
     * Whether a value bound as untyped text takes the type of the column it goes to, as a literal
     * would (PostgreSQL); otherwise values are bound as SQLite would be given them by hand.
     */
    default boolean typesByColumn() {
        return false;
    }

    /**
     * Binds text that a statement writes into a column or compares with one. SQLite: as text. An engine
     * whose columns may hold JSON in a type of their own (PostgreSQL's {@code json}, {@code jsonb}) binds it
     * untyped, so the server reads it as a literal of the column's type, as it would the text written in the SQL.
     */
    default void bindText(java.sql.PreparedStatement ps, int index, String text) throws SQLException {
        ps.setString(index, text);
    }

    /**
     * Whether {@code table.column} holds JSON in a type of the engine's own (PostgreSQL's {@code json} or
     * {@code jsonb}, which reorders keys and respells numbers): a document read from it is compared with
     * what mapper wrote as JSON, not as text.
     */
    default boolean holdsJson(Connection connection, String table, String column) throws SQLException {
        return false;
    }

    /**
     * Why columns computed per row ({@code columns:} with a rule) cannot be filled in {@code table}, as the end of
     * "column t.c is computed per row…", or empty when they can: the fill, its check and rollback's find each row
     * again by SQLite's rowid. Must leave the transaction usable (a failed statement ends PostgreSQL's).
     */
    default java.util.Optional<String> noRowFill(Connection connection, String table) throws SQLException {
        try (java.sql.PreparedStatement ps = connection.prepareStatement("SELECT rowid FROM " + quote(table) + " LIMIT 0")) {
            ps.executeQuery().close();
            return java.util.Optional.empty();
        } catch (SQLException noRowid) {
            return java.util.Optional.of(", but table " + table + " has no rowids (WITHOUT ROWID)");
        }
    }

    /**
     * How a NOT NULL column without a default, added nullable and filled per row, is then declared NOT NULL,
     * as plan shows it after "added nullable, filled, then ": SQLite cannot add NOT NULL to a column in place,
     * so {@link #redeclareColumn} rebuilds the table.
     */
    default String declaredNotNullAfterFill() {
        return "the table rebuilt NOT NULL";
    }

    /**
     * Why a column computed per row cannot be declared {@code declaration} on this engine, or empty when the
     * value mapper computes for it ({@link dev.mapper.model.ColumnDecl#valueType}) can be written to it: a message
     * that ends "column t.c is computed per row", and its hint. SQLite stores any value in any column.
     * Must leave the transaction usable.
     */
    default java.util.Optional<dev.mapper.diag.Diagnostic> refusesComputed(Connection connection, dev.mapper.model.ColumnDecl declaration)
            throws SQLException {
        return java.util.Optional.empty();
    }

    /** How to do without {@link #noRowFill}: the hint under its message. */
    default String noRowFillHint(String table) {
        return "add the column without a rule (its type and a default), and fill it with your own UPDATE";
    }

    /**
     * The columns that find a row of {@code table} again where the engine has no stable row id of its own
     * (PostgreSQL: the primary key), in key order; empty where it has one (SQLite's rowid): columns
     * computed per row are then filled, checked and undone by rowid.
     */
    default List<String> rowKeyColumns(Connection connection, String table) throws SQLException {
        return List.of();
    }

    /**
     * The engine's words when a value written to a column did not fit its declared type (an integer out
     * of the column's range, text longer than it allows), else null. SQLite stores any value in any column.
     */
    default String valueRefused(SQLException e) {
        return null;
    }

    /** Whether table targets may be computed by SQL inside the database (SQLite's SQL translator). */
    default boolean pushdown() {
        return true;
    }

    /**
     * Whether every value of a column has the column's declared type (PostgreSQL), rather than any
     * storage class (SQLite): pushed-down SQL is then planned from the source's column types
     * ({@link #columnTypes}), statically, instead of guarding each value's storage class.
     */
    default boolean typedColumns() {
        return false;
    }

    /**
     * A value Java computed for a table target's column ({@code RowEvaluator.jdbcValue}: a boolean
     * as 1 or 0, SQLite's form) as this engine's column of that type takes it.
     */
    default Object columnValue(Object jdbcValue, dev.mapper.model.ValueType type) {
        return jdbcValue;
    }

    /** Each column of {@code table} and its declared type as the catalogue names it ({@code bigint}, {@code text}, …), in order. */
    default java.util.Map<String, String> columnTypes(Connection connection, String table) throws SQLException {
        return java.util.Map.of();
    }

    /**
     * {@link #rowFailure()} where the SQL must have the type the column is declared with
     * ({@link #declaration}): an engine with static types cannot put an untyped call in a CASE.
     */
    default String rowFailure(dev.mapper.model.ValueType type) {
        return rowFailure();
    }

    /** A table of mapper's own: an id counting up from 1 (never reused, never a counter a rollback leaves behind), then {@code columns}. */
    default String createOwnTable(String table, String columns) {
        return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, " + columns + ")";
    }

    /** Drops a table (one of mapper's own, or one a migration created), and whatever {@link #createOwnTable} made for it alone. */
    default String dropTable(String table) {
        return "DROP TABLE " + quote(table);
    }

    /** The negation of {@link #isSame}. */
    default String isDifferent() {
        return "IS NOT";
    }

    /** The operator comparing two values equal when both are null too. */
    default String isSame() {
        return "IS";
    }

    /**
     * The select list that reads one column of a whole row exactly ({@code WholeRow}): its storage
     * class ('null', 'integer', 'real', 'text', 'blob'), the value, and its bytes in hex.
     */
    default String exactValue(String quotedColumn) {
        String q = quotedColumn;
        return "typeof(" + q + "), " + q + ", hex(CAST(" + q + " AS BLOB))";
    }

    /** The placeholder that inserts a value read by {@link #exactValue} back with its storage class. */
    default String exactPlaceholder(String storageClass) {
        return "text".equals(storageClass) ? "CAST(? AS TEXT)" : "?";
    }

    /** Binds a value read by {@link #exactValue} (hex bytes for text and blob) to {@link #exactPlaceholder}. */
    default void bindExact(java.sql.PreparedStatement ps, int index, String storageClass, String text) throws SQLException {
        switch (storageClass) {
            case "integer" -> ps.setLong(index, Long.parseLong(text));
            case "real" -> ps.setDouble(index, Double.parseDouble(text));
            default -> ps.setBytes(index, java.util.HexFormat.of().parseHex(text));
        }
    }

    /**
     * Writes a consistent copy of the whole database to {@code file}. Called while the caller's
     * transaction holds the write lock (and has written nothing yet), so the copy is exactly the
     * state the migration starts from.
     */
    void backup(DatabaseAddress database, Path file) throws SQLException;

    /**
     * Whether {@code file}, named as {@link #backup} names a backup of {@code database}, holds one
     * mapper wrote of it: what {@code mapper backups} lists and prunes, so a file that only has such a
     * name (someone's notes, a half copy) is never deleted.
     */
    boolean isBackup(DatabaseAddress database, Path file);

    String quote(String identifier);

    /** The engine's name as people know it ("SQLite", "PostgreSQL"), for what mapper prints about what the engine does itself. */
    String engineName();

    /**
     * A key/value table as the app reads and writes it: key (primary key), value (NOT NULL), (type,)
     * updated_at (defaulting to now). Only key and value are required, so the app's own
     * {@code INSERT [OR REPLACE] INTO t (key, value[, updated_at]) VALUES (…)} works on it.
     */
    String createKeyValueTable(String table, boolean withTypeColumn);

    String createIndex(String index, String table, String column);

    String createBackupTable(String table);

    String createHistoryTable(String table);

    /** Rows as they were before and after a revision of an edited mapping: what its rollback restores. */
    String createRevisionBackupTable(String table);

    List<String> tables(Connection connection) throws SQLException;

    /** The column names of a table, in order. */
    List<String> columns(Connection connection, String table) throws SQLException;

    /**
     * A table target, drop-in for the app: each column declared as {@link #declaration} says, the
     * autoincrement column (if any) as the INTEGER PRIMARY KEY AUTOINCREMENT and the key columns then
     * unique, else the key columns as primary key.
     */
    String createTable(String table, List<dev.mapper.model.TableColumn> columns, List<String> key);

    /**
     * How a table target's column is declared in the table mapper creates (its SQL type from the
     * mapper type, NOT NULL unless nullable, its DEFAULT), without the primary-key clause: what the
     * catalogue ({@link #column}) reads back.
     */
    dev.mapper.model.ColumnDecl declaration(dev.mapper.model.TableColumn column);

    /** The column's definition as {@link #createTable} writes it after the name: its declaration, or the autoincrement id's. */
    String columnDefinition(dev.mapper.model.TableColumn column);

    /**
     * The column of {@code table} whose every value is a non-null integer because it is the row id
     * (SQLite: the INTEGER PRIMARY KEY of a rowid table), or null: pushed-down SQL needs no guard on it.
     */
    String integerRowId(Connection connection, String table) throws SQLException;

    /** Whether each of these columns of {@code table} is still declared as {@link #createTable} declares it. */
    boolean declaredAsCreated(Connection connection, String table, java.util.Map<String, String> columnTypes) throws SQLException;

    /** How a column of a table is declared now, or empty when the table has no such column. */
    java.util.Optional<dev.mapper.model.ColumnDecl> column(Connection connection, String table, String column) throws SQLException;

    /**
     * {@code declared} as {@link #column} will report it once the column exists: what a mapping declares is
     * compared with the catalogue in the catalogue's spelling. SQLite keeps a column's declared type as
     * written; PostgreSQL answers in its own spelling (VARCHAR(20) is character varying(20)).
     */
    default dev.mapper.model.ColumnDecl asStored(Connection connection, dev.mapper.model.ColumnDecl declared) throws SQLException {
        return declared;
    }

    /** The index of this name as it is declared now (its table, columns, order, uniqueness), or empty when there is none. */
    java.util.Optional<dev.mapper.model.IndexDecl> index(Connection connection, String name) throws SQLException;

    /** The names of the indexes of {@code table} that include {@code column}. */
    List<String> indexesOn(Connection connection, String table, String column) throws SQLException;

    /** The other tables with a foreign key that references {@code table}. */
    List<String> referencingTables(Connection connection, String table) throws SQLException;

    /**
     * After mapper deleted its own newest bookkeeping rows (a rollback): the table's id counter goes
     * back to its highest remaining id, so the next id is the one it would have been had the rolled
     * back migration never run.
     */
    void rewindIds(Connection connection, String table, long atLeast) throws SQLException;

    /**
     * After mapper wrote the ids of {@code table}'s autoincrement column itself (a rule copies them):
     * the statement that makes the app's next INSERT continue after the highest, or null when the
     * engine does that on its own (SQLite's AUTOINCREMENT counter follows every inserted rowid).
     */
    default String continueIdsAfterCopy(String table, String column) {
        return null;
    }

    // Standard SQL, the same on SQLite and PostgreSQL

    default String addColumn(String table, String column, dev.mapper.model.ColumnDecl declaration) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(column) + " " + declaration.render();
    }

    default String dropColumn(String table, String column) {
        return "ALTER TABLE " + quote(table) + " DROP COLUMN " + quote(column);
    }

    default String createIndex(dev.mapper.model.IndexDecl index) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + quote(index.name()) + " ON " + quote(index.table()) + "("
                + String.join(", ", index.columns().stream().map(c -> quote(c.name()) + (c.descending() ? " DESC" : "")).toList()) + ")";
    }

    default String dropIndex(String name) {
        return "DROP INDEX " + quote(name);
    }

    /**
     * Called before the write transaction begins when the migration may {@link #redeclareColumn}: lets
     * it replace a table inside that transaction without foreign-key actions (a cascade) firing
     * (SQLite: foreign keys off for this connection). The caller checks {@link #foreignKeyViolations} before it commits.
     */
    default void allowRedeclaring(Connection connection) throws SQLException {
        // an engine that changes a column in place (ALTER COLUMN) drops no table, so no foreign-key action can fire
    }

    /**
     * Every row that breaks a foreign key now, each as {@code table row N references parent …}. An
     * engine that enforces foreign keys on every statement of the transaction has none to report.
     */
    default List<String> foreignKeyViolations(Connection connection) throws SQLException {
        return List.of();
    }

    /**
     * Changes how a column is declared (type, NOT NULL, default) where ALTER TABLE ADD COLUMN cannot,
     * keeping every row and its id, and the table's indexes and triggers; values convert as the new
     * type converts them. Returns the table's definition before, which {@link #restoreTable} puts back exactly.
     */
    String redeclareColumn(Connection connection, String table, String column, dev.mapper.model.ColumnDecl declaration) throws SQLException;

    /** Puts back a definition {@link #redeclareColumn} returned, keeping every row and its id, indexes and triggers. */
    void restoreTable(Connection connection, String table, String definition) throws SQLException;

    /**
     * Whether {@link #restoreTable} converts every value back exactly by itself, so rollback needs no
     * copy of the values a redeclaration converted ({@link #unconvertible} refuses one that could not).
     * SQLite's rebuild keeps each row's storage class as converted: mapper records the values it changes.
     */
    default boolean convertsBackExactly() {
        return false;
    }

    /**
     * Why the column's values could not go from one declared type to the other and back exactly (how
     * many, an example), or empty: a redeclaration {@link #convertsBackExactly} engines refuse then,
     * and so does its rollback when the app wrote such a value since.
     */
    default java.util.Optional<String> unconvertible(Connection connection, String table, String column, dev.mapper.model.ColumnDecl from,
            dev.mapper.model.ColumnDecl to) throws SQLException {
        return java.util.Optional.empty();
    }

    /** What {@link #redeclareColumn} runs, as plan shows it (SQLite: a comment, the rebuild is many statements). */
    default String redeclareStatement(String table, String column, dev.mapper.model.ColumnDecl from, dev.mapper.model.ColumnDecl to) {
        return "-- " + table + " rebuilt (new table, rows copied with their rowids, indexes and triggers recreated) with " + quote(column) + " " + to.render();
    }



    default boolean tableExists(Connection connection, String table) throws SQLException {
        return tables(connection).stream().anyMatch(table::equalsIgnoreCase);
    }

    /**
     * A SQL call that aborts the statement it runs in: a pushed-down INSERT … SELECT calls it for a
     * row SQL cannot convert exactly as Java would. {@link #installRowFailure} makes it available.
     */
    String rowFailure();

    void installRowFailure(Connection connection) throws SQLException;

    /** Whether this failure came from {@link #rowFailure()}. */
    boolean isRowFailure(SQLException e);

    /**
     * Appended to a subquery so each of its columns is computed once per row and then read, rather
     * than the expression being copied into every place the outer query names the column.
     */
    String computedOnce();

    /**
     * Starts counting the rows written to {@code table} through this connection (triggers'
     * writes included), if not counting already; false when the table cannot be watched.
     * Nothing is written to the database file.
     */
    boolean watchWrites(Connection connection, String table) throws SQLException;

    /** Rows written to a watched table since {@link #watchWrites} started. */
    long writesSeen(Connection connection, String table) throws SQLException;

    /** Whether this failure means another connection holds the lock. */
    boolean isBusy(SQLException e);

    /** Whether this failure means the disk (or the database's size limit) is full. */
    boolean isFull(SQLException e);

    /**
     * Whether this failure is not the statement's own but ended the whole transaction: the connection
     * lost or ended by the server, a statement stopped at the time limit. No hint about the statement applies.
     */
    default boolean endsTheTransaction(SQLException e) {
        return false;
    }

    /**
     * Whether {@code SELECT * FROM t} returns the rows in the same order as long as nobody changes them
     * (SQLite: rowid order). On PostgreSQL an UPDATE that writes a row's own values moves it.
     */
    default boolean rowsInStableOrder() {
        return true;
    }

    /**
     * A COMMIT that failed this way may still have been committed: the connection to a server was lost
     * before its answer came. SQLite commits in this process, so it always knows.
     */
    default boolean commitInDoubt(SQLException e) {
        return false;
    }

    /**
     * What mapper says when a COMMIT is {@link #commitInDoubt}: never "nothing was changed", since the person
     * must look; the backup files {@code kept} for either answer are named. Asked only when the commit is in doubt.
     */
    default dev.mapper.diag.MapperException commitUnknown(SQLException e, DatabaseAddress database, List<Path> kept) {
        return translate(e, database, 0, true);
    }

    /**
     * A failure as one message a user can act on (cannot connect, busy, disk full, no permission…), never
     * naming a password. {@code waitSeconds}: how long the lock was waited for (--wait).
     *
     * @param writing the failure came once mapper held its write transaction (its lock taken, the connection made)
     */
    dev.mapper.diag.MapperException translate(SQLException e, DatabaseAddress database, int waitSeconds, boolean writing);

    /**
     * The names a mapping gives tables, columns and indexes that this engine would read as other names,
     * each at its line: refused before anything connects (PostgreSQL folds unquoted names to lower case).
     */
    default List<dev.mapper.diag.Diagnostic> refusedNames(dev.mapper.model.Mapping mapping) {
        return List.of();
    }

    /**
     * A statement whose rows mapper reads one at a time, however many there are (a table source,
     * the verification's join): the driver must not read the whole result into memory first.
     * sqlite-jdbc steps through the rows as they are asked for; other drivers need telling.
     */
    default java.sql.PreparedStatement streaming(Connection connection, String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /**
     * The engine's own words when this failure is a duplicate key (a PRIMARY KEY or UNIQUE constraint), else null:
     * one line, without the statement that failed (a batch's can hold thousands of values).
     */
    default String duplicateKey(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY") ? message : null;
    }
}
