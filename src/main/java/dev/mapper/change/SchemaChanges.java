package dev.mapper.change;

import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.AddedColumn;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import dev.mapper.model.Mapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mapping's {@code columns:} and {@code indexes:} against the database: what is missing is added
 * (a {@link Change.ColumnAdded} or {@link Change.IndexCreated}), what is there declared the same is
 * {@link Change.Satisfied} (nothing to do, nothing to undo), and what is there declared otherwise
 * stops the migration naming both declarations: mapper never silently redeclares what it did not make.
 */
public final class SchemaChanges {
    private final Dialect dialect;
    private final Connection connection;

    public SchemaChanges(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** @throws MapperException (exit 1) naming every missing table, column declared otherwise and index declared otherwise */
    public List<Change> plan(Mapping mapping) throws SQLException {
        List<Change> changes = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (AddedColumn column : mapping.columns()) {
            if (!dialect.tableExists(connection, column.table())) {
                problems.add(Diagnostic.at(column.pos(), "cannot add column " + column.qualified() + ": the database has no table " + column.table(),
                        "'columns:' adds columns to tables that exist; check the table's name (mapper inspect lists the tables)"));
                continue;
            }
            Optional<ColumnDecl> existing = dialect.column(connection, column.table(), column.column());
            if (existing.isEmpty()) {
                changes.add(new Change.ColumnAdded(column.table(), column.column(), column.declaration()));
            } else if (existing.get().sameAs(column.declaration())) {
                changes.add(new Change.Satisfied("column " + column.qualified(), column.declaration().render()));
            } else {
                problems.add(Diagnostic.at(column.pos(), "column " + column.qualified() + " exists declared " + existing.get().render()
                                + ", but migration " + mapping.migration() + " declares it " + column.declaration().render(),
                        "mapper does not redeclare a column it did not add; make the mapping's declaration match the database's, or move the data "
                                + "to a new column; nothing was changed by this migration"));
            }
        }
        for (IndexDecl index : mapping.indexes()) {
            if (!dialect.tableExists(connection, index.table())) {
                problems.add(Diagnostic.at(index.pos(), "cannot create index " + index.name() + ": the database has no table " + index.table(),
                        "check the table's name (mapper inspect lists the tables)"));
                continue;
            }
            for (IndexDecl.Column c : index.columns()) {
                boolean added = mapping.columns().stream().anyMatch(a -> a.table().equalsIgnoreCase(index.table()) && a.column().equalsIgnoreCase(c.name()));
                if (!added && dialect.column(connection, index.table(), c.name()).isEmpty()) {
                    problems.add(Diagnostic.at(index.pos(), "index " + index.name() + " names column " + c.name() + ", which table " + index.table()
                            + " does not have", "the columns of " + index.table() + " are: " + String.join(", ", dialect.columns(connection, index.table()))));
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
            return dialect.addColumn(c.table(), c.column(), c.declaration());
        }
        if (change instanceof Change.IndexCreated i) {
            return dialect.createIndex(i.index());
        }
        return null;
    }

    public void execute(List<Change> changes) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (Change change : changes) {
                String sql = statement(change);
                if (sql != null) {
                    s.executeUpdate(sql);
                }
            }
        }
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
        for (Change change : changes) {
            if (change instanceof Change.ColumnAdded c) {
                Optional<ColumnDecl> now = dialect.column(connection, c.table(), c.column());
                if (now.isEmpty() || !now.get().sameAs(c.declaration())) {
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
