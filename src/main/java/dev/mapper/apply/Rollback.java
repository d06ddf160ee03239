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
 * Undoes an applied migration in one transaction: restores the retired source rows from the backup
 * rows, drops the tables the migration created (targets and backup table), and removes its history
 * row. Works from the mapping text recorded in history, so an edited file cannot mislead it.
 */
public final class Rollback {
    private final Dialect dialect;

    public Rollback(Dialect dialect) {
        this.dialect = dialect;
    }

    /** What a rollback did; {@code kind} (applied or baseline) is empty when the migration was not applied. */
    public record Result(Optional<String> kind, Path backupFile, int rowsRestored, List<String> tablesDropped) {}

    public Result rollback(Mapping mapping, Path db, int waitSeconds) {
        return Transaction.write(dialect, db, waitSeconds, c -> rollbackLocked(mapping, db, c));
    }

    private Result rollbackLocked(Mapping file, Path db, Connection c) throws SQLException {
        History history = new History(dialect, c);
        Optional<History.Entry> found = history.latest(file.migration());
        if (found.isEmpty()) {
            return new Result(Optional.empty(), null, 0, List.of());
        }
        History.Entry entry = found.get();
        Mapping applied = MappingReader.parse(file.file() + " (as applied, from mapper_history)", entry.mapping());
        Path backupFile = DatabaseFile.backupPath(db, applied.migration(), "before-rollback");
        try {
            dialect.backup(db, backupFile);
        } catch (SQLException e) {
            throw MapperException.data("cannot write the backup file " + backupFile + ": " + e.getMessage(),
                    "make the database's directory writable and check free disk space; nothing was changed");
        }
        BackupTable backup = new BackupTable(dialect, c, applied.backupTable());
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
        return new Result(Optional.of(entry.kind()), backupFile, restored, dropped);
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
