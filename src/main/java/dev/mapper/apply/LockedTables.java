package dev.mapper.apply;

import dev.mapper.apply.history.History;
import dev.mapper.apply.revision.RevisionBackup;
import dev.mapper.change.ChangeLog;
import dev.mapper.model.Mapping;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every table a migration reads or writes, mapper's own included: what a server engine locks
 * against the app's writes before the first read, and copies as the backup (SQLite's lock and
 * copy cover the whole file). Sorted, so two runs lock in the same order.
 */
public final class LockedTables {
    private LockedTables() {}

    public static Set<String> of(Mapping mapping) {
        Set<String> tables = new TreeSet<>();
        mapping.sources().forEach(s -> tables.add(s.table()));
        mapping.targets().forEach(t -> tables.add(t.table()));
        mapping.tables().forEach(t -> {
            tables.add(t.table());
            tables.add(t.source().table());
        });
        mapping.columns().forEach(c -> tables.add(c.table()));
        mapping.indexes().forEach(i -> tables.add(i.table()));
        mapping.appends().forEach(a -> tables.add(a.table()));
        if (mapping.backupTable() != null) {
            tables.add(mapping.backupTable());
        }
        tables.add(History.TABLE);
        tables.add(ChangeLog.TABLE);
        tables.add(RevisionBackup.TABLE);
        return tables;
    }
}
