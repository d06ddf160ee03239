package dev.mapper.change;

import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.DidYouMean;
import dev.mapper.model.IndexDecl;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mapping's {@code columns:} and {@code indexes:} against the database: what is missing is added
 * (a {@link Change.ColumnAdded} or {@link Change.IndexCreated}), what is there declared the same is
 * {@link Change.Satisfied} (nothing to do, nothing to undo), and what is there declared otherwise
 * stops the migration naming both declarations: mapper never silently redeclares what it did not make.
 * A column an earlier migration declared may be declared otherwise by a later one
 * ({@link Change.ColumnRedeclared}: SQLite rebuilds the table, PostgreSQL alters the column in place). An added column with a rule is
 * computed per row ({@link ColumnFill}); one NOT NULL without a default is added nullable, filled,
 * then redeclared NOT NULL. Foreign keys are checked before commit: a row the migration left
 * pointing nowhere refuses it.
 */
public final class SchemaChanges {
    private final Dialect dialect;
    private final Connection connection;

    public SchemaChanges(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** How the computed columns of one table were filled: {@code how} is {@code SQL} (one UPDATE) or {@code Java} (row by row). */
    public record Fill(String table, String columns, String how, long millis) {}

    private final List<Fill> fills = new ArrayList<>();
    private CompiledMapping compiled;

    /** The fills {@link #execute} did, in order. */
    public List<Fill> fills() {
        return List.copyOf(fills);
    }

    private List<String> violationsBefore = List.of();

    /** @throws MapperException (exit 1) naming every missing table, column declared otherwise and index declared otherwise */
    public List<Change> plan(CompiledMapping compiled) throws SQLException {
        this.compiled = compiled;
        Mapping mapping = compiled.mapping();
        List<Change> changes = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, ColumnDecl> declared = mapping.columns().isEmpty() ? Map.of() : new ChangeLog(dialect, connection).declaredColumns();
        if (!mapping.columns().isEmpty()) {
            violationsBefore = dialect.foreignKeyViolations(connection);
        }
        for (AddedColumn column : mapping.columns()) {
            if (!dialect.tableExists(connection, column.table())) {
                String near = DidYouMean.closest(column.table(), dialect.tables(connection));
                problems.add(Diagnostic.at(column.pos(), "cannot add column " + column.qualified() + ": the database has no table " + column.table(),
                        near == null ? "'columns:' adds columns to tables that exist; check the table's name (mapper inspect lists the tables)"
                                : "did you mean '" + near + "'? 'columns:' adds columns to tables that exist (mapper inspect lists the tables)"));
                continue;
            }
            Optional<ColumnDecl> existing = dialect.column(connection, column.table(), column.column());
            ColumnDecl mappers = declared.get(column.qualified().toLowerCase());
            if (existing.isEmpty()) {
                if (column.computed()) {
                    problems.addAll(ComputedColumns.problems(dialect, connection, compiled, column));
                }
                changes.add(new Change.ColumnAdded(column.table(), column.column(), column.declaration(), ComputedColumns.describe(column), null));
            } else if (existing.get().sameAs(dialect.asStored(connection, column.declaration()))) { // in the catalogue's spelling
                changes.add(new Change.Satisfied("column " + column.qualified(), column.declaration().render()));
            } else if (mappers != null && dialect.asStored(connection, mappers).sameAs(existing.get())) {
                problems.addAll(ComputedColumns.redeclarable(dialect, connection, column));
                dialect.unconvertible(connection, column.table(), column.column(), existing.get(), column.declaration())
                        .ifPresent(why -> problems.add(Diagnostic.at(column.pos(), why + ", so rollback could not put them back",
                                "keep the column's type, or write the converted values to a new column; nothing was changed")));
                changes.add(new Change.ColumnRedeclared(column.table(), column.column(), existing.get(), column.declaration(), null, null, null));
            } else {
                problems.add(Diagnostic.at(column.pos(), "column " + column.qualified() + " exists declared " + existing.get().render()
                                + ", but migration " + mapping.migration() + " declares it " + column.declaration().render(),
                        "mapper redeclares only a column an earlier migration declared, and none declared this one; make the mapping's declaration "
                                + "match the database's, or move the data to a new column; nothing was changed by this migration"));
            }
        }
        for (IndexDecl index : mapping.indexes()) {
            if (!dialect.tableExists(connection, index.table())) {
                String near = DidYouMean.closest(index.table(), dialect.tables(connection));
                problems.add(Diagnostic.at(index.pos(), "cannot create index " + index.name() + ": the database has no table " + index.table(),
                        near == null ? "check the table's name (mapper inspect lists the tables)" : "did you mean '" + near + "'? (mapper inspect lists the tables)"));
                continue;
            }
            for (IndexDecl.Column c : index.columns()) {
                boolean added = mapping.columns().stream().anyMatch(a -> a.table().equalsIgnoreCase(index.table()) && a.column().equalsIgnoreCase(c.name()));
                if (!added && dialect.column(connection, index.table(), c.name()).isEmpty()) {
                    List<String> columns = dialect.columns(connection, index.table());
                    String near = DidYouMean.closest(c.name(), columns);
                    problems.add(Diagnostic.at(index.pos(), "index " + index.name() + " names column " + c.name() + ", which table " + index.table()
                            + " does not have", (near == null ? "" : "did you mean '" + near + "'? ") + "the columns of " + index.table() + " are: "
                                    + String.join(", ", columns)));
                }
            }
            Optional<IndexDecl> existing = dialect.index(connection, index.name());
            if (existing.isEmpty()) {
                changes.add(new Change.IndexCreated(index));
            } else if (existing.get().sameAs(index)) {
                changes.add(new Change.Satisfied("index " + index.name(), index.describe()));
            } else {
                problems.add(Diagnostic.at(index.pos(), "index " + index.name() + " exists as " + existing.get().describe() + ", but migration "
                                + mapping.migration() + " declares it " + index.describe(),
                        "mapper does not replace an index it did not create; give the mapping's index another name, or make the declarations match; "
                                + "nothing was changed by this migration"));
            }
        }
        if (!problems.isEmpty()) {
            throw MapperException.data(problems);
        }
        return changes;
    }

    /** The statement that makes a change (null for {@link Change.Satisfied}). */
    public String statement(Change change) {
        if (change instanceof Change.ColumnAdded c) {
            return dialect.addColumn(c.table(), c.column(), ComputedColumns.addedAs(c.declaration(), c.computedBy() != null));
        }
        if (change instanceof Change.ColumnRedeclared r) {
            return dialect.redeclareStatement(r.table(), r.column(), r.before(), r.after());
        }
        if (change instanceof Change.IndexCreated i) {
            return dialect.createIndex(i.index());
        }
        return null;
    }

    /**
     * A change's declaration as plan shows it on {@code dialect}'s engine, knowing the {@link #statement} that makes it:
     * {@code INTEGER NOT NULL, each row: from name}, {@code REAL NOT NULL (was REAL; …)}. A redeclaration that is no
     * rebuild (a comment) alters the column in place.
     */
    public static String describe(Change change, String statement, Dialect dialect) {
        if (change instanceof Change.ColumnAdded a) {
            return a.declaration().render() + (a.computedBy() == null ? "" : ", each row: " + a.computedBy())
                    + (ComputedColumns.addedAs(a.declaration(), a.computedBy() != null) == a.declaration() ? ""
                            : " (added nullable, filled, then " + dialect.declaredNotNullAfterFill() + ")");
        }
        if (change instanceof Change.ColumnRedeclared r) {
            return r.after().render() + " (was " + r.before().render() + (statement == null || statement.startsWith("--")
                    ? "; the table is rebuilt, every row kept)" : "; altered in place, every row kept)");
        }
        return change instanceof Change.IndexCreated x ? x.index().describe() : ((Change.Satisfied) change).declaration();
    }

    /** Makes the changes; returns them completed with what was written (the values computed or converted), as rollback needs them. */
    public List<Change> execute(List<Change> changes) throws SQLException {
        List<Change> done = new ArrayList<>(changes);
        Map<String, List<AddedColumn>> computed = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            for (Change change : changes) {
                String sql = statement(change);
                if (change instanceof Change.ColumnAdded c) {
                    s.executeUpdate(sql);
                    if (c.computedBy() != null) {
                        computed.computeIfAbsent(c.table().toLowerCase(), t -> new ArrayList<>()).add(added(c));
                    }
                }
            }
        }
        ColumnFill fill = new ColumnFill(dialect, connection, compiled);
        for (List<AddedColumn> columns : computed.values()) {
            long start = System.nanoTime();
            String how = fill.fill(columns.get(0).table(), columns);
            fills.add(new Fill(columns.get(0).table(), String.join(", ", columns.stream().map(AddedColumn::column).toList()), how,
                    (System.nanoTime() - start) / 1_000_000));
        }
        for (int i = 0; i < done.size(); i++) {
            if (done.get(i) instanceof Change.ColumnAdded c && c.computedBy() != null) {
                if (c.declaration().notNull() && c.declaration().defaultSql() == null) {
                    dialect.redeclareColumn(connection, c.table(), c.column(), c.declaration());
                }
                done.set(i, new Change.ColumnAdded(c.table(), c.column(), c.declaration(), c.computedBy(), ColumnValues.of(dialect, connection, c.table(), c.column(), c.declaration())));
            } else if (done.get(i) instanceof Change.ColumnRedeclared r) {
                boolean exact = dialect.convertsBackExactly(); // then nothing to record: the undo converts each value back as it was
                Map<Long, List<String>> before = exact ? Map.of() : ColumnValues.cells(dialect, connection, r.table(), r.column());
                String definition = dialect.redeclareColumn(connection, r.table(), r.column(), r.after());
                Map<Long, List<String>> after = exact ? Map.of() : ColumnValues.cells(dialect, connection, r.table(), r.column());
                Map<String, Object> converted = new LinkedHashMap<>();
                before.forEach((rowid, cell) -> {
                    if (!cell.equals(after.get(rowid))) {
                        converted.put(Long.toString(rowid), cell);
                    }
                });
                done.set(i, new Change.ColumnRedeclared(r.table(), r.column(), r.before(), r.after(), definition, dev.mapper.convert.Json.write(converted),
                        exact ? null : ColumnValues.of(dialect, connection, r.table(), r.column())));
            }
        }
        try (Statement s = connection.createStatement()) {
            for (Change change : done) {
                if (change instanceof Change.IndexCreated) {
                    s.executeUpdate(statement(change));
                }
            }
        }
        return done;
    }

    /** Whether the latest declaration mapper recorded for the column (a later migration's redeclaration) is the one it has now. */
    private boolean redeclaredLater(Change.ColumnAdded c, ColumnDecl now) throws SQLException {
        ColumnDecl latest = new ChangeLog(dialect, connection).declaredColumns().get((c.table() + "." + c.column()).toLowerCase());
        return latest != null && dialect.asStored(connection, latest).sameAs(now);
    }

    private AddedColumn added(Change.ColumnAdded c) {
        return compiled.mapping().columns().stream().filter(a -> a.table().equalsIgnoreCase(c.table()) && a.column().equalsIgnoreCase(c.column()))
                .findFirst().orElseThrow();
    }

    /**
     * What a mapping's {@code columns:} and {@code indexes:} declare, as the changes that would make
     * them: {@link #verify} of these is the schema's drift (a declared column or index dropped or
     * redeclared since), whether the migration made it or found it already there.
     */
    public static List<Change> declared(Mapping mapping) {
        List<Change> declared = new ArrayList<>();
        mapping.columns().forEach(c -> declared.add(new Change.ColumnAdded(c.table(), c.column(), c.declaration())));
        mapping.indexes().forEach(i -> declared.add(new Change.IndexCreated(i)));
        return declared;
    }

    /** Each change re-read from the catalogue: the differences from what was declared (empty when all is as declared). */
    public List<String> verify(List<Change> changes) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<String, List<AddedColumn>> computed = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change instanceof Change.ColumnAdded c && c.computedBy() != null) {
                computed.computeIfAbsent(c.table().toLowerCase(), t -> new ArrayList<>()).add(added(c));
            }
            if (change instanceof Change.ColumnRedeclared r) {
                Optional<ColumnDecl> now = dialect.column(connection, r.table(), r.column());
                if (now.isEmpty() || !now.get().sameAs(dialect.asStored(connection, r.after()))) {
                    problems.add(r.object() + " is " + now.map(ColumnDecl::render).orElse("missing") + ", expected " + r.after().render());
                }
            }
        }
        ColumnFill fill = new ColumnFill(dialect, connection, compiled);
        for (List<AddedColumn> columns : computed.values()) {
            problems.addAll(fill.verify(columns.get(0).table(), columns));
        }
        if (compiled != null && !compiled.mapping().columns().isEmpty()) { // apply's verification (status passes no compiled mapping)
            ForeignKeys.refuseNew(violationsBefore, dialect.foreignKeyViolations(connection), "migration " + compiled.mapping().migration());
        }
        for (Change change : changes) {
            if (change instanceof Change.ColumnAdded c) {
                Optional<ColumnDecl> now = dialect.column(connection, c.table(), c.column());
                ColumnDecl stored = dialect.asStored(connection, c.declaration()); // the mapping's spelling, as the catalogue reads it
                if (now.isPresent() && !now.get().sameAs(stored) && redeclaredLater(c, now.get())) {
                    continue; // a later migration declared it otherwise: that is its change, not drift of this one
                }
                if (now.isEmpty() || !now.get().sameAs(stored)) {
                    problems.add("column " + c.table() + "." + c.column() + " is " + now.map(ColumnDecl::render).orElse("missing")
                            + ", expected " + c.declaration().render());
                }
            } else if (change instanceof Change.IndexCreated i) {
                Optional<IndexDecl> now = dialect.index(connection, i.index().name());
                if (now.isEmpty() || !now.get().sameAs(i.index())) {
                    problems.add("index " + i.index().name() + " is " + now.map(IndexDecl::describe).orElse("missing") + ", expected " + i.index().describe());
                }
            }
        }
        return problems;
    }
}
