package dev.mapper.apply;

import dev.mapper.db.Dialect;
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
    public record Result(Optional<String> kind, Path backupFile, int rowsRestored, List<String> tablesDropped, int revision) {}

    public Result rollback(Mapping mapping, Path db, int waitSeconds) {
        return Transaction.write(dialect, db, waitSeconds, c -> rollbackLocked(mapping, db, c));
    }

    private Result rollbackLocked(Mapping file, Path db, Connection c) throws SQLException {
        History history = new History(dialect, c);
        Optional<History.Entry> found = history.latest(file.migration());
        if (found.isEmpty()) {
            return new Result(Optional.empty(), null, 0, List.of(), 0);
        }
        History.Entry entry = found.get();
        Path backupFile = DatabaseFile.backUp(dialect, db, file.migration(), "before-rollback");
        if (entry.revision() > 1) {
            // a later revision of an edited mapping: put back the rows it touched, exactly as they were
            int restored = new RevisionBackup(dialect, c).restore(entry.migration(), entry.revision(), backupFile.toString());
            history.remove(entry);
            return new Result(Optional.of(entry.kind()), backupFile, restored, List.of(), entry.revision());
        }
        Mapping applied = MappingReader.parse(file.file() + " (as applied, from mapper_history)", entry.mapping());
        BackupTable backup = new BackupTable(dialect, c, applied);
        SourceReader reader = new SourceReader(dialect, c);
        int restored = 0;
        for (String name : applied.retire()) {
            Source source = applied.source(name).orElseThrow();
            List<SourceRow> saved = backup.rowsFor(source);
            for (SourceRow row : saved) {
                restored += restore(source, row, c) ? 1 : 0;
            }
            if (!reader.liveRows(source).containsAll(saved)) {
                throw MapperException.data("rollback could not restore every row of source '" + name + "' (" + source.describe() + ")",
                        "nothing was changed; the copy taken before is " + backupFile);
            }
        }
        List<String> dropped = new ArrayList<>();
        List<String> created = new ArrayList<>(entry.createdTables());
        java.util.Collections.reverse(created);
        try (Statement s = c.createStatement()) {
            for (String table : created) {
                s.executeUpdate("DROP TABLE IF EXISTS " + dialect.quote(table));
                dropped.add(table);
            }
        }
        history.remove(entry);
        return new Result(Optional.of(entry.kind()), backupFile, restored, dropped, 1);
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
            ps.setString(2, row.value());
            ps.executeUpdate();
        }
        return true;
    }
}
