package dev.mapper.apply.file;

import dev.mapper.apply.Transaction;
import dev.mapper.apply.history.History;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backups apply, revisions and rollback take of a database: on SQLite the whole-file copies
 * beside it ({@code app.db.004-before-apply-20261130-101500.bak}), on a server the psql scripts in its
 * backup folder ({@code mapper-backups/llama.public.004-before-apply-20261130-101500.bak}, named by
 * {@link dev.mapper.db.DatabaseAddress#backupBase}): listing them, and pruning all but the newest few. Only files
 * the dialect recognises as its backups of this database count ({@link Dialect#isBackup}). The newest
 * copy of each applied migration is never pruned: it is the one to go back to if the migration turns
 * out wrong after the app has run on it.
 */
public final class BackupFiles {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_]+)-(before-[a-z0-9-]+?)-(\\d{8}-\\d{6})(?:-(\\d+))?\\.bak");

    /** One copy; {@code keptBecause} is null unless pruning must keep it. */
    public record Backup(Path file, String migration, String label, String taken, long bytes, String keptBecause) {}

    private final Dialect dialect;

    public BackupFiles(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The database's backup copies, newest first. */
    public List<Backup> list(Path db) {
        return list(new dev.mapper.db.DatabaseAddress.SqliteFile(db));
    }

    /** The database's backups, newest first (none when a server's backup folder does not exist). */
    public List<Backup> list(DatabaseAddress db) {
        Map<String, Integer> applied = appliedRevisions(db);
        Path base = db.backupBase().toAbsolutePath().normalize();
        String prefix = base.getFileName() + ".";
        List<Object[]> found = new ArrayList<>();
        if (db instanceof DatabaseAddress.SqliteFile || Files.isDirectory(base.getParent())) {
            try (Stream<Path> files = Files.list(base.getParent())) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    Matcher m = name.startsWith(prefix) ? NAME.matcher(name.substring(prefix.length())) : null;
                    if (m != null && m.matches() && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && dialect.isBackup(db, file)) {
                        found.add(new Object[] {file, m.group(1), m.group(2), m.group(3), m.group(4) == null ? 1 : Integer.parseInt(m.group(4)),
                            Files.getLastModifiedTime(file).toMillis()});
                    }
                }
            } catch (IOException e) {
                throw MapperException.data("cannot list the folder of " + base + ": " + e.getMessage(), "check the folder's permissions");
            }
        }
        // newest first: the name's stamp has whole seconds, and an apply and a rollback within one second share it,
        // so the time the copy was written decides, then the -2, -3 … suffix
        found.sort(Comparator.comparing((Object[] f) -> (String) f[3]).thenComparing(f -> (Long) f[5]).thenComparing(f -> (Integer) f[4]).reversed());
        List<Backup> backups = new ArrayList<>();
        Map<String, Boolean> newestSeen = new HashMap<>();
        for (Object[] f : found) {
            String migration = (String) f[1];
            String kept = null;
            if (applied.containsKey(migration) && newestSeen.putIfAbsent(migration, true) == null) {
                kept = "the newest copy of applied migration " + migration;
            }
            backups.add(new Backup((Path) f[0], migration, (String) f[2], (String) f[3], size((Path) f[0]), kept));
        }
        return backups;
    }

    /** Deletes all but the newest {@code keep} copies, never one {@link Backup#keptBecause} protects; returns the deleted ones. */
    public List<Backup> prune(Path db, int keep) {
        return prune(new dev.mapper.db.DatabaseAddress.SqliteFile(db), keep);
    }

    /** {@link #prune(Path, int)} for either engine. */
    public List<Backup> prune(DatabaseAddress db, int keep) {
        List<Backup> deleted = new ArrayList<>();
        List<Backup> all = list(db);
        for (int i = keep; i < all.size(); i++) {
            Backup b = all.get(i);
            if (b.keptBecause() != null) {
                continue;
            }
            try {
                Files.deleteIfExists(b.file());
                deleted.add(b);
            } catch (IOException e) {
                throw MapperException.data("cannot delete " + b.file() + ": " + e.getMessage(),
                        "check the folder's permissions; " + deleted.size() + " copies were deleted before it");
            }
        }
        return deleted;
    }

    /** The applied migrations and their latest revisions, from history (none when the database has no history). */
    private Map<String, Integer> appliedRevisions(DatabaseAddress db) {
        return Transaction.read(dialect, db, c -> {
            Map<String, Integer> applied = new HashMap<>();
            if (!dialect.tableExists(c, History.TABLE)) {
                return applied;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT migration, MAX(revision) FROM " + dialect.quote(History.TABLE) + " GROUP BY migration");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getString(1), rs.getInt(2));
                }
            }
            return applied;
        });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
