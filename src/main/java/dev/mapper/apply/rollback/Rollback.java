package dev.mapper.apply.rollback;

import dev.mapper.apply.SourceReader;
import dev.mapper.apply.Transaction;
import dev.mapper.apply.Verifier;
import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.apply.history.BackupTable;
import dev.mapper.apply.history.History;
import dev.mapper.apply.revision.RevisionBackup;
import dev.mapper.change.Change;
import dev.mapper.change.ChangeLog;
import dev.mapper.change.Dependencies;
import dev.mapper.change.Undo;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.SqlBudget;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.model.Source;
import dev.mapper.plan.SourceRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Undoes the latest applied revision of a migration in one transaction. Revision 1: restores the
 * retired source rows from the backup rows, drops the tables the migration created (targets and
 * backup table), and removes its history row. A later revision (an edited mapping applied again):
 * puts back every row it touched as it was before ({@link RevisionBackup}) and removes its history
 * row; run rollback again to go further back. Works from what history recorded, so an edited file
 * cannot mislead it.
 */
public final class Rollback {
    private final Dialect dialect;

    public Rollback(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * What a rollback did; {@code kind} (applied or baseline) is empty when the migration was not
     * applied. {@code revision} is the revision undone: above 1, {@code rowsRestored} counts the
     * rows put back as they were before it.
     */
    public record Result(Optional<String> kind, Path backupFile, int rowsRestored, List<String> tablesDropped, int revision, List<String> undone) {
        public Result {
            undone = List.copyOf(undone);
        }

        Result(Optional<String> kind, Path backupFile, int rowsRestored, List<String> tablesDropped, int revision) {
            this(kind, backupFile, rowsRestored, tablesDropped, revision, List.of());
        }
    }

    public Result rollback(Mapping mapping, Path db, int waitSeconds) {
        return rollback(mapping, db, waitSeconds, false);
    }

    /**
     * {@code discardLaterWrites}: undo even where values or rows were written since the migration
     * (those writes are lost); without it such a rollback is refused and nothing changes.
     */
    public Result rollback(Mapping mapping, Path db, int waitSeconds, boolean discardLaterWrites) {
        return rollback(mapping, new DatabaseAddress.SqliteFile(db), waitSeconds, discardLaterWrites);
    }

    public Result rollback(Mapping mapping, DatabaseAddress db, int waitSeconds, boolean discardLaterWrites) {
        // undoing a redeclared column rebuilds its table
        return Transaction.write(dialect, db, waitSeconds, !mapping.columns().isEmpty(), c -> rollbackLocked(mapping, db, c, discardLaterWrites));
    }

    private Result rollbackLocked(Mapping file, DatabaseAddress db, Connection c, boolean discardLaterWrites) throws SQLException {
        dialect.lockTables(c, dev.mapper.apply.LockedTables.of(file));
        History history = new History(dialect, c);
        Optional<History.Entry> found = history.latest(file.migration());
        if (found.isEmpty()) {
            return new Result(Optional.empty(), null, 0, List.of(), 0);
        }
        History.Entry entry = found.get();
        if (entry.revision() > 1) {
            // a later revision of an edited mapping: put back the rows it touched, exactly as they were
            Path backupFile = DatabaseFile.backUp(dialect, db, file.migration(), "before-rollback");
            int restored = new RevisionBackup(dialect, c).restore(entry.migration(), entry.revision(), backupFile.toString());
            new ChangeLog(dialect, c).remove(entry.migration(), entry.revision());
            history.remove(entry);
            return new Result(Optional.of(entry.kind()), backupFile, restored, List.of(), entry.revision());
        }
        Mapping applied = MappingReader.parse(file.file() + " (as applied, from mapper_history)", entry.mapping());
        refuseIfOthersDependOn(applied, entry, history);
        ChangeLog log = new ChangeLog(dialect, c);
        List<Change> changes = "applied".equals(entry.kind()) ? log.read(entry.migration(), 1)
                : new ArrayList<>(); // a baseline or an adoption wrote nothing: rollback restores the retired rows and forgets the record
        List<Undo.Difference> differences = new ArrayList<>();
        if (changes.isEmpty()) { // applied by a mapper older than the change records: what history recorded, checked against the mapping
            entry.createdTables().forEach(t -> changes.add(new Change.TableCreated(t, null)));
            if ("applied".equals(entry.kind())) {
                differences.addAll(SqlBudget.during("comparing the database with what migration " + entry.migration() + " wrote",
                        () -> legacyDifferences(applied, c)));
            }
        }
        Undo undo = new Undo(dialect, c);
        differences.addAll(SqlBudget.during("comparing the database with what migration " + entry.migration() + " wrote",
                () -> undo.differences(changes)));
        BackupTable backup = new BackupTable(dialect, c, applied);
        boolean wholeRows = changes.stream().anyMatch(ch -> ch instanceof Change.RowRetired);
        if (!wholeRows && !dialect.tableExists(c, applied.backupTable())) {
            List<String> gone = new ArrayList<>();
            for (String name : applied.retire()) { // a retired row still in place needs no backup
                Source source = applied.source(name).orElseThrow();
                if (new SourceReader(dialect, c).liveRows(source).isEmpty()) {
                    gone.add(source.describe());
                }
            }
            if (!gone.isEmpty()) {
                differences.add(new Undo.Difference("the backup table " + applied.backupTable() + " is missing, so the retired rows of "
                        + String.join(", ", gone) + " cannot be restored", false));
            }
        }
        List<Undo.Difference> refusing = differences.stream().filter(d -> !d.discardable() || !discardLaterWrites).toList();
        if (!refusing.isEmpty()) {
            boolean discardable = refusing.stream().allMatch(Undo.Difference::discardable);
            List<Diagnostic> diagnostics = new ArrayList<>();
            String hint = "rollback undoes exactly what migration " + entry.migration() + " changed, and the database is no longer as it left it; "
                    + "nothing was changed. " + (discardable
                            ? "To undo it anyway and lose what was written since, run rollback again with --discard-later-writes"
                            : "Put back what is listed above, or restore a backup copy of the database");
            for (int i = 0; i < refusing.size(); i++) { // one error per difference; the hint once, after the last
                diagnostics.add(Diagnostic.of("cannot roll back migration " + entry.migration() + ": " + refusing.get(i).text(),
                        i == refusing.size() - 1 ? hint : null));
            }
            throw MapperException.data(diagnostics);
        }
        Path backupFile = DatabaseFile.backUp(dialect, db, file.migration(), "before-rollback");
        SourceReader reader = new SourceReader(dialect, c);
        int restored = 0;
        for (String name : wholeRows ? List.<String>of() : applied.retire()) { // recorded whole rows are put back by undo
            Source source = applied.source(name).orElseThrow();
            List<SourceRow> saved = backup.rowsFor(source);
            for (SourceRow row : saved) {
                restored += restore(source, row, c) ? 1 : 0;
            }
            if (!reader.liveRows(source).containsAll(saved)) {
                throw MapperException.data("rollback could not restore every row of source '" + name + "' (" + source.describe() + ")",
                        "nothing was changed");
            }
        }
        restored += SqlBudget.during("undoing what migration " + entry.migration() + " wrote", () -> undo.undo(changes));
        List<String> dropped = new ArrayList<>(changes.stream().filter(ch -> ch instanceof Change.TableCreated).map(ch -> ((Change.TableCreated) ch).table()).toList());
        java.util.Collections.reverse(dropped); // undone newest first
        log.remove(entry.migration(), 1);
        history.remove(entry);
        return new Result(Optional.of(entry.kind()), backupFile, restored, dropped, 1, undone(changes));
    }

    /** What undoing the changes did, besides dropping tables, in the order it was done: "dropped column models.favorite", … */
    private static List<String> undone(List<Change> changes) {
        java.util.Set<String> droppedTables = new java.util.HashSet<>();
        changes.stream().filter(ch -> ch instanceof Change.TableCreated).forEach(ch -> droppedTables.add(((Change.TableCreated) ch).table().toLowerCase()));
        List<String> done = new ArrayList<>();
        for (Change change : changes) {
            if (change instanceof Change.ColumnAdded || change instanceof Change.IndexCreated) {
                done.add(0, "dropped " + change.object());
            } else if (change instanceof Change.ColumnRedeclared r) {
                done.add(0, "declared " + change.object() + " " + r.before().render() + " again");
            } else if (change instanceof Change.RowAppended a) {
                done.add(0, "deleted " + a.object());
            } else if (change instanceof Change.RowWritten r && !droppedTables.contains(r.table().toLowerCase())) {
                done.add(0, (r.before() == null ? "deleted " : "put back ") + r.object());
            }
        }
        return done;
    }

    /** Rolling back a migration that a later applied one reads or changes would pull the ground from under it. */
    private void refuseIfOthersDependOn(Mapping applied, History.Entry entry, History history) throws SQLException {
        java.util.Map<String, Mapping> later = new java.util.LinkedHashMap<>();
        for (History.Entry e : history.all()) {
            if (e.id() > entry.id() && !e.migration().equals(entry.migration())) {
                later.put(e.migration(), MappingReader.parse("migration " + e.migration() + " (from mapper_history)", e.mapping()));
            }
        }
        List<String> dependents = Dependencies.dependents(applied, new ArrayList<>(later.values()));
        if (!dependents.isEmpty()) {
            throw MapperException.data("cannot roll back migration " + entry.migration() + ": applied migration(s) " + String.join(", ", dependents)
                            + " read or change what it wrote",
                    "roll back " + String.join(", ", dependents.stream().map(d -> d.substring(0, d.indexOf(' '))).toList())
                            + " first (newest first); nothing was changed");
        }
    }

    /** For a migration applied before change records existed: its key/value targets must hold exactly what it computes from its backup rows. */
    private List<Undo.Difference> legacyDifferences(Mapping applied, Connection c) throws SQLException {
        Verifier verifier = new Verifier(dialect, c);
        dev.mapper.plan.CompiledMapping compiled = dev.mapper.plan.CompiledMapping.compile(applied);
        List<Undo.Difference> differences = new ArrayList<>();
        for (String d : verifier.check(compiled, verifier.sourcesFromBackup(applied)).differences()) {
            differences.add(new Undo.Difference(d + " (written since the migration)", true));
        }
        return differences;
    }

    /** Puts one backed-up row back; refuses if the app has written a different row under that key since. */
    private boolean restore(Source source, SourceRow row, Connection c) throws SQLException {
        String keyColumn = source instanceof Source.Document d ? d.keyColumn() : ((Source.Rows) source).keyColumn();
        String valueColumn = source instanceof Source.Document d ? d.valueColumn() : ((Source.Rows) source).valueColumn();
        String table = dialect.quote(source.table());
        try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.quote(valueColumn) + " FROM " + table + " WHERE " + dialect.quote(keyColumn) + " = ?")) {
            ps.setString(1, row.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (row.value().equals(rs.getString(1))) {
                        return false;
                    }
                    throw MapperException.data(source.table() + " row '" + row.key() + "' was written again since the migration, with a different value",
                            "rollback never overwrites: compare it with the backup table and delete or keep it yourself, then retry; nothing was changed");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + dialect.quote(keyColumn) + ", " + dialect.quote(valueColumn) + ") VALUES (?, ?)")) {
            ps.setString(1, row.key());
            dialect.bindText(ps, 2, row.value());
            ps.executeUpdate();
        }
        return true;
    }
}
