package dev.mapper.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Undoes one revision's {@link Change}s exactly, or says why it cannot. {@link #differences} compares
 * the database with what the changes left (run it first, and write nothing if it finds any);
 * {@link #undo} then reverses the changes, newest first. A difference is {@code discardable} when
 * undoing anyway would only throw away what was written since (a value, a row), which the person
 * may ask for; the others (a foreign key from another table, an index someone else made on an added
 * column, a redeclared column) always refuse.
 */
public final class Undo {
    public record Difference(String text, boolean discardable) {}

    private final Dialect dialect;
    private final Connection connection;

    public Undo(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    public List<Difference> differences(List<Change> changes) throws SQLException {
        List<Difference> found = new ArrayList<>();
        Set<String> dropped = droppedTables(changes);
        Set<String> ownIndexes = new HashSet<>();
        changes.stream().filter(c -> c instanceof Change.IndexCreated).forEach(c -> ownIndexes.add(((Change.IndexCreated) c).index().name().toLowerCase()));
        for (Change change : changes) {
            if (change instanceof Change.TableCreated t) {
                tableDifferences(t, dropped, changes, found);
            } else if (change instanceof Change.ColumnAdded c) {
                columnDifferences(c, ownIndexes, found);
            } else if (change instanceof Change.ColumnRedeclared r) {
                new RedeclaredColumn(dialect, connection).differences(r, found);
            } else if (change instanceof Change.IndexCreated i) {
                Optional<IndexDecl> now = dialect.index(connection, i.index().name());
                if (now.isEmpty()) {
                    found.add(new Difference("index " + i.index().name() + " was dropped since", true));
                } else if (!now.get().sameAs(i.index())) {
                    found.add(new Difference("index " + i.index().name() + " was redefined since: it is " + now.get().describe()
                            + ", the migration created " + i.index().describe(), false));
                }
            } else if (change instanceof Change.RowWritten r && !dropped.contains(r.table().toLowerCase())) {
                rowDifference(r).ifPresent(found::add);
                if (r.before() == null) { // undone by a DELETE: it must not reach rows of tables the migration does not own
                    for (String other : dialect.referencingTables(connection, r.table())) {
                        if (!dropped.contains(other.toLowerCase())) {
                            found.add(new Difference("table " + other + " has a foreign key to " + r.table() + ": deleting " + r.object()
                                    + " could break it (or, ON DELETE CASCADE, delete its rows); drop or change that foreign key first", false));
                        }
                    }
                }
            } else if (change instanceof Change.RowRetired r) {
                retiredDifference(r).ifPresent(found::add);
            } else if (change instanceof Change.RowAppended a) {
                appendedDifference(a, dropped).ifPresent(found::add);
            }
        }
        return found;
    }

    private void tableDifferences(Change.TableCreated t, Set<String> dropped, List<Change> changes, List<Difference> found) throws SQLException {
        if (!dialect.tableExists(connection, t.table())) {
            found.add(new Difference("table " + t.table() + " was dropped since", true));
            return;
        }
        for (String other : dialect.referencingTables(connection, t.table())) {
            if (!dropped.contains(other.toLowerCase())) {
                found.add(new Difference("table " + other + " has a foreign key to " + t.table()
                        + ": dropping " + t.table() + " would break it (or, ON DELETE CASCADE, delete its rows); drop or change that foreign key first", false));
            }
        }
        if (t.rowsHash() != null && !t.rowsHash().equals(RowsHash.of(dialect, connection, t.table()))) {
            List<Difference> rows = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (Change c : changes) {
                if (c instanceof Change.RowWritten r && r.table().equalsIgnoreCase(t.table())) {
                    keys.add(r.key());
                    rowDifference(r).ifPresent(rows::add);
                }
            }
            long extra = keys.isEmpty() ? 0 : extraRows(t.table(), keys);
            found.addAll(rows);
            if (extra > 0) {
                found.add(new Difference("table " + t.table() + " has " + extra + " row(s) the migration did not write (added since)", true));
            }
            if (rows.isEmpty() && extra == 0) {
                found.add(new Difference("table " + t.table() + " was written since the migration created it (its rows differ from what it wrote)", true));
            }
        }
    }

    private Optional<Difference> appendedDifference(Change.RowAppended a, Set<String> dropped) throws SQLException {
        if (!dialect.tableExists(connection, a.table())) {
            return Optional.of(new Difference("table " + a.table() + " was dropped since, with " + a.object(), true));
        }
        for (String other : dialect.referencingTables(connection, a.table())) {
            if (!dropped.contains(other.toLowerCase())) {
                return Optional.of(new Difference("table " + other + " has a foreign key to " + a.table() + ": deleting " + a.object()
                        + " could break it (or, ON DELETE CASCADE, delete its rows)", false));
            }
        }
        Dialect.RowKey key = dialect.rowKey(connection, a.table());
        if (key == null || !java.util.Objects.equals(key.columns(), a.keyColumns())) {
            return Optional.of(new Difference("the primary key of " + a.table() + " is " + (key == null ? "gone" : key.columns()) + " now, so " + a.object()
                    + " cannot be found again", false));
        }
        Optional<String> now = WholeRow.readKey(dialect, connection, a.table(), key, a.key());
        if (now.isEmpty()) {
            return Optional.of(new Difference(a.object() + " was deleted since", true));
        }
        return now.get().equals(a.row()) ? Optional.empty() : Optional.of(new Difference(a.object() + " was changed since the migration wrote it", true));
    }

    private Optional<Difference> retiredDifference(Change.RowRetired r) throws SQLException {
        if (!dialect.tableExists(connection, r.table())) {
            return Optional.of(new Difference("table " + r.table() + " was dropped since, so its retired " + r.object() + " cannot be put back", false));
        }
        Optional<String> now = WholeRow.read(dialect, connection, r.table(), r.keyColumn(), r.key());
        if (now.isPresent() && !now.get().equals(r.row())) {
            // the row now may be the app's data: the person compares before deleting anything
            return Optional.of(new Difference(r.object() + " was written again since the migration retired it, with other values, and rollback never "
                    + "overwrites it. Compare the two before you delete anything: " + WholeRow.compare(now.get(), r.row())
                    + ". If the row now holds the app's data, keep it and leave the migration applied; only if it is not needed, delete it, then retry", false));
        }
        return Optional.empty();
    }

    private long extraRows(String table, Set<String> keys) throws SQLException {
        long extra = 0;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT key FROM " + dialect.quote(table))) {
            while (rs.next()) {
                extra += keys.contains(rs.getString(1)) ? 0 : 1;
            }
        }
        return extra;
    }

    private void columnDifferences(Change.ColumnAdded c, Set<String> ownIndexes, List<Difference> found) throws SQLException {
        String where = c.table() + "." + c.column();
        Optional<ColumnDecl> now = dialect.column(connection, c.table(), c.column());
        if (now.isEmpty()) {
            found.add(new Difference("column " + where + " was dropped since", true));
            return;
        }
        if (!now.get().sameAs(dialect.asStored(connection, c.declaration()))) {
            found.add(new Difference("column " + where + " was redeclared since: it is " + now.get().render() + ", the migration added "
                    + c.declaration().render(), false));
            return;
        }
        for (String index : dialect.indexesOn(connection, c.table(), c.column())) {
            if (!ownIndexes.contains(index.toLowerCase())) {
                found.add(new Difference("index " + index + " on " + where + " was created since; drop it first (the column cannot be dropped under it)", false));
            }
        }
        if (c.filled() != null) { // computed per row: compared with what the migration wrote, not with the default
            c.filled().writtenSince(dialect, connection, c.table(), c.column(), c.declaration()).ifPresent(d -> found.add(new Difference(d, true)));
            return;
        }
        Object fill = literalValue(c.declaration().defaultSql());
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM " + dialect.quote(c.table()) + " WHERE "
                + dialect.quote(c.column()) + " " + dialect.isDifferent() + " ?")) {
            ps.setObject(1, fill);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long changed = rs.getLong(1);
                if (changed > 0) {
                    found.add(new Difference(where + ": " + changed + " row(s) hold values written since the migration added the column (it filled "
                            + (fill == null ? "NULL" : Converter.render(fill)) + "); dropping the column would lose them", true));
                }
            }
        }
    }

    /** A default's SQL literal as a value to bind: 0 → 0, 'x' → x, none → null. */
    static Object literalValue(String sql) {
        if (sql == null) {
            return null;
        }
        String s = sql.trim();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        try {
            BigDecimal d = new BigDecimal(s);
            return d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return s;
        }
    }

    private Optional<Difference> rowDifference(Change.RowWritten r) throws SQLException {
        Optional<String> now = value(r.table(), r.key());
        if (now.isEmpty()) {
            return Optional.of(new Difference(r.object() + " was deleted since the migration wrote it", true));
        }
        if (Objects.equals(now.get(), r.after())) {
            return Optional.empty();
        }
        if (r.type() == null && r.after() != null && dialect.holdsJson(connection, r.table(), "value") && sameJson(now.get(), r.after())) {
            return Optional.empty(); // a json/jsonb column: the server's spelling of what mapper wrote (keys reordered, numbers respelled)
        }
        if (r.type() == null && keysStillAsWritten(r, now.get())) {
            return Optional.empty(); // a document: other keys changed since, but the ones mapper wrote hold its values; undone key by key
        }
        return Optional.of(new Difference(r.object() + " was changed since the migration wrote it: " + describeChange(r, now.get()), true));
    }

    private Optional<String> value(String table, String key) throws SQLException {
        if (!dialect.tableExists(connection, table)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM " + dialect.quote(table) + " WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** For a document: which of the keys mapper wrote now hold something else. */
    private static String describeChange(Change.RowWritten r, String now) {
        Map<String, Object> after = object(r.after());
        Map<String, Object> current = object(now);
        if (after == null || current == null) {
            return "it now holds " + Converter.render(now) + ", the migration wrote " + Converter.render(r.after());
        }
        List<String> keys = new ArrayList<>();
        for (String key : written(r).keySet()) {
            Object a = after.get(key);
            Object c = current.get(key);
            if (!current.containsKey(key) || !Json.same(a, c)) {
                keys.add(key + " is " + (current.containsKey(key) ? Converter.render(c) : "gone") + " (the migration wrote " + Converter.render(a) + ")");
            }
        }
        return keys.isEmpty() ? "its value differs" : String.join(", ", keys);
    }

    private static boolean keysStillAsWritten(Change.RowWritten r, String now) {
        Map<String, Object> after = object(r.after());
        Map<String, Object> current = object(now);
        if (after == null || current == null || r.before() == null) {
            return false;
        }
        for (String key : written(r).keySet()) {
            if (after.containsKey(key) != current.containsKey(key) || !Json.same(after.get(key), current.get(key))) {
                return false;
            }
        }
        return true;
    }

    /** The keys a document write added or changed (with their values after), or every key when it inserted the row. */
    private static Map<String, Object> written(Change.RowWritten r) {
        Map<String, Object> after = object(r.after());
        Map<String, Object> before = r.before() == null ? Map.of() : object(r.before());
        Map<String, Object> keys = new LinkedHashMap<>();
        if (after == null || before == null) {
            return keys;
        }
        after.forEach((k, v) -> {
            if (!before.containsKey(k) || !Json.same(before.get(k), v)) {
                keys.put(k, v);
            }
        });
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> keys.put(k, null));
        return keys;
    }

    private static boolean sameJson(String a, String b) {
        try {
            return Json.same(Json.parse(a), Json.parse(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        try {
            return json != null && Json.parse(json) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Reverses the changes, newest first. Call only after {@link #differences} found none, or the person chose to discard them.
     * @return how many retired rows were put back
     */
    public int undo(List<Change> changes) throws SQLException {
        int restored = 0;
        Set<String> dropped = droppedTables(changes);
        List<Change> reversed = new ArrayList<>(changes);
        java.util.Collections.reverse(reversed);
        boolean rebuilds = changes.stream().anyMatch(c -> c instanceof Change.ColumnRedeclared);
        List<String> violations = rebuilds ? dialect.foreignKeyViolations(connection) : List.of();
        try (Statement s = connection.createStatement()) {
            for (Change change : reversed) {
                if (change instanceof Change.ColumnRedeclared r && dialect.column(connection, r.table(), r.column()).isPresent()) {
                    new RedeclaredColumn(dialect, connection).undo(r);
                } else if (change instanceof Change.IndexCreated i && dialect.index(connection, i.index().name()).isPresent()) {
                    s.executeUpdate(dialect.dropIndex(i.index().name()));
                } else if (change instanceof Change.ColumnAdded c && dialect.column(connection, c.table(), c.column()).isPresent()) {
                    s.executeUpdate(dialect.dropColumn(c.table(), c.column()));
                } else if (change instanceof Change.RowWritten r && !dropped.contains(r.table().toLowerCase())) {
                    undoRow(r);
                } else if (change instanceof Change.RowAppended a && dialect.tableExists(connection, a.table())) {
                    dialect.deleteAppended(connection, a.table(), dialect.rowKey(connection, a.table()), a.key());
                } else if (change instanceof Change.RowRetired r && WholeRow.read(dialect, connection, r.table(), r.keyColumn(), r.key()).isEmpty()) {
                    WholeRow.insert(dialect, connection, r.table(), r.row());
                    restored++;
                } else if (change instanceof Change.TableCreated t && dialect.tableExists(connection, t.table())) {
                    s.executeUpdate(dialect.dropTable(t.table()));
                }
            }
        }
        if (rebuilds) {
            ForeignKeys.refuseNew(violations, dialect.foreignKeyViolations(connection), "this rollback");
        }
        return restored;
    }

    private void undoRow(Change.RowWritten r) throws SQLException {
        String table = dialect.quote(r.table());
        if (r.before() == null) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE key = ?")) {
                ps.setString(1, r.key());
                ps.executeUpdate();
            }
            return;
        }
        Optional<String> now = value(r.table(), r.key());
        String restored = r.before();
        if (now.isPresent() && !now.get().equals(r.after()) && r.type() == null && keysStillAsWritten(r, now.get())) {
            restored = undoKeys(r, now.get()); // the app changed other keys since: keep those, put back only mapper's
        }
        String sql = now.isPresent() ? "UPDATE " + table + " SET value = ? WHERE key = ?" : "INSERT INTO " + table + " (value, key) VALUES (?, ?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            dialect.bindText(ps, 1, restored);
            ps.setString(2, r.key());
            ps.executeUpdate();
        }
    }

    private static String undoKeys(Change.RowWritten r, String now) {
        Map<String, Object> before = object(r.before());
        Map<String, Object> current = new LinkedHashMap<>(object(now));
        for (String key : written(r).keySet()) {
            if (before.containsKey(key)) {
                current.put(key, before.get(key));
            } else {
                current.remove(key);
            }
        }
        return Json.write(current);
    }

    private static Set<String> droppedTables(List<Change> changes) {
        Set<String> dropped = new HashSet<>();
        changes.stream().filter(c -> c instanceof Change.TableCreated).forEach(c -> dropped.add(((Change.TableCreated) c).table().toLowerCase()));
        return dropped;
    }
}
