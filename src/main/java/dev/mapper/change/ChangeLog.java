package dev.mapper.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.ColumnDecl;
import dev.mapper.model.IndexDecl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mapper_changes} table: every {@link Change} of every applied revision, in the order it
 * was made, written in the apply's transaction and removed by its rollback. A migration applied by
 * a mapper older than this table has no rows here ({@link #has} is false).
 */
public final class ChangeLog {
    public static final String TABLE = "mapper_changes";

    private final Dialect dialect;
    private final Connection connection;

    public ChangeLog(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    public void record(String migration, int revision, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (var s = connection.createStatement()) {
            s.executeUpdate(dialect.createOwnTable(TABLE, "migration TEXT NOT NULL, revision INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, "
                    + "table_name TEXT, item TEXT, before TEXT, after TEXT, detail TEXT"));
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (migration, revision, seq, kind, table_name, item, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Change change : changes) {
                String[] row = encode(change);
                ps.setString(1, migration);
                ps.setInt(2, revision);
                ps.setInt(3, ++seq);
                for (int i = 0; i < row.length; i++) {
                    ps.setString(4 + i, row[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    /** Whether this revision of the migration has change records (false: applied by an older mapper). */
    public boolean has(String migration, int revision) throws SQLException {
        return !read(migration, revision).isEmpty();
    }

    /** The changes of one revision, in the order they were made. */
    public List<Change> read(String migration, int revision) throws SQLException {
        List<Change> changes = new ArrayList<>();
        if (!dialect.tableExists(connection, TABLE)) {
            return changes;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT kind, table_name, item, before, after, detail FROM "
                + dialect.quote(TABLE) + " WHERE migration = ? AND revision = ? ORDER BY seq")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(decode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return changes;
    }

    /** Removes one revision's records; drops the table when it was the last, leaving the schema as mapper found it. */
    public void remove(String migration, int revision) throws SQLException {
        if (!dialect.tableExists(connection, TABLE)) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + dialect.quote(TABLE) + " WHERE migration = ? AND revision = ?")) {
            ps.setString(1, migration);
            ps.setInt(2, revision);
            ps.executeUpdate();
        }
        tidy(dialect, connection, TABLE);
    }

    /**
     * After a rollback removed its rows from one of mapper's own tables (history, change records):
     * the table is dropped when it is empty, leaving the schema as mapper found it, else its id
     * counter is rewound, so the next id is the one it would have been.
     */
    public static void tidy(Dialect dialect, Connection connection, String table) throws SQLException {
        try (var s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + dialect.quote(table))) {
            rs.next();
            if (rs.getLong(1) == 0) {
                s.executeUpdate(dialect.dropTable(table));
            } else {
                dialect.rewindIds(connection, table, 0);
            }
        }
    }

    /** kind, table_name, item, before, after, detail. */
    private static String[] encode(Change change) {
        if (change instanceof Change.TableCreated t) {
            return new String[] {"table_created", t.table(), null, null, t.rowsHash(), null};
        }
        if (change instanceof Change.ColumnAdded c) {
            Map<String, Object> decl = new LinkedHashMap<>();
            decl.put("type", c.declaration().type());
            decl.put("default", c.declaration().defaultSql());
            decl.put("not_null", c.declaration().notNull());
            if (c.computedBy() != null) {
                decl.put("computed_by", c.computedBy());
                decl.put("filled", values(c.filled()));
            }
            return new String[] {"column_added", c.table(), c.column(), null, Json.write(decl), c.declaration().render()};
        }
        if (change instanceof Change.ColumnRedeclared r) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("declaration", r.before().render());
            before.put("definition", r.definitionBefore());
            before.put("values", r.valuesBefore());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("declaration", r.after().render());
            after.put("values", values(r.values()));
            return new String[] {"column_redeclared", r.table(), r.column(), Json.write(before), Json.write(after), r.after().render()};
        }
        if (change instanceof Change.IndexCreated i) {
            Map<String, Object> decl = new LinkedHashMap<>();
            decl.put("columns", i.index().columns().stream().map(IndexDecl.Column::toString).toList());
            decl.put("unique", i.index().unique());
            return new String[] {"index_created", i.index().table(), i.index().name(), null, Json.write(decl), i.index().describe()};
        }
        if (change instanceof Change.Satisfied s) {
            return new String[] {"satisfied", null, s.what(), null, null, s.declaration()};
        }
        if (change instanceof Change.RowAppended a) {
            return new String[] {"row_appended", a.table(), a.key(), null, a.row(), a.keyColumns()};
        }
        if (change instanceof Change.RowRetired r) {
            return new String[] {"row_retired", r.table(), r.key(), r.row(), null, r.keyColumn()};
        }
        Change.RowWritten r = (Change.RowWritten) change;
        return new String[] {"row_written", r.table(), r.key(), r.before(), r.after(), r.type()};
    }

    @SuppressWarnings("unchecked")
    private static Change decode(String kind, String table, String item, String before, String after, String detail) throws SQLException {
        try {
            switch (kind) {
                case "table_created":
                    return new Change.TableCreated(table, after);
                case "column_added": {
                    Map<String, Object> decl = (Map<String, Object>) Json.parse(after);
                    return new Change.ColumnAdded(table, item, new ColumnDecl((String) decl.get("type"), (String) decl.get("default"),
                            Boolean.TRUE.equals(decl.get("not_null"))), (String) decl.get("computed_by"), values((Map<String, Object>) decl.get("filled")));
                }
                case "column_redeclared": {
                    Map<String, Object> b = (Map<String, Object>) Json.parse(before);
                    Map<String, Object> a = (Map<String, Object>) Json.parse(after);
                    return new Change.ColumnRedeclared(table, item, ColumnDecl.parse((String) b.get("declaration")), ColumnDecl.parse((String) a.get("declaration")),
                            (String) b.get("definition"), (String) b.get("values"), values((Map<String, Object>) a.get("values")));
                }
                case "index_created": {
                    Map<String, Object> decl = (Map<String, Object>) Json.parse(after);
                    List<IndexDecl.Column> columns = new ArrayList<>();
                    for (Object c : (List<Object>) decl.get("columns")) {
                        String text = (String) c;
                        boolean desc = text.endsWith(" DESC");
                        columns.add(new IndexDecl.Column(desc ? text.substring(0, text.length() - 5) : text, desc));
                    }
                    return new Change.IndexCreated(new IndexDecl(item, table, columns, Boolean.TRUE.equals(decl.get("unique")), null));
                }
                case "satisfied":
                    return new Change.Satisfied(item, detail);
                case "row_appended":
                    return new Change.RowAppended(table, detail, item, after);
                case "row_retired":
                    return new Change.RowRetired(table, detail, item, before);
                case "row_written":
                    return new Change.RowWritten(table, item, before, after, detail);
                default:
                    throw damaged("unknown kind '" + kind + "'");
            }
        } catch (JsonProcessingException | ClassCastException | NullPointerException | NumberFormatException e) {
            throw damaged("a " + kind + " record of " + table + " '" + item + "' cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, Object> values(ColumnValues v) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", v.rows());
        if (v.keyed() == null) {
            m.put("max_rowid", v.maxRowid());
        } else { // found by key (no row id): no max_rowid, which tells an older record from this one
            m.put("key", v.keyed().key());
            m.put("not_default", v.keyed().notDefault());
            m.put("keys_sha256", v.keyed().keysSha256());
        }
        m.put("sha256", v.sha256());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static ColumnValues values(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        long rows = ((Number) m.get("rows")).longValue();
        if (m.containsKey("max_rowid")) {
            return new ColumnValues(rows, ((Number) m.get("max_rowid")).longValue(), (String) m.get("sha256"));
        }
        return new ColumnValues(rows, 0, (String) m.get("sha256"), new ColumnValues.Keyed((List<String>) m.get("key"),
                ((Number) m.get("not_default")).longValue(), (String) m.get("keys_sha256")));
    }

    /**
     * The declaration each column an applied migration added, redeclared, or found already declared
     * as it declares it, has in the latest such record: the columns mapper declares, which a later
     * migration may declare otherwise. Keyed by {@code table.column}, lower case.
     */
    public Map<String, ColumnDecl> declaredColumns() throws SQLException {
        Map<String, ColumnDecl> declared = new LinkedHashMap<>();
        if (!dialect.tableExists(connection, TABLE)) {
            return declared;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT kind, table_name, item, detail FROM " + dialect.quote(TABLE)
                + " WHERE kind IN ('column_added', 'column_redeclared', 'satisfied') ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String kind = rs.getString(1);
                String item = rs.getString(3);
                if (kind.equals("satisfied") && item != null && item.startsWith("column ")) {
                    declared.put(item.substring(7).toLowerCase(), ColumnDecl.parse(rs.getString(4)));
                } else if (!kind.equals("satisfied")) {
                    declared.put((rs.getString(2) + "." + item).toLowerCase(), ColumnDecl.parse(rs.getString(4)));
                }
            }
        }
        return declared;
    }

    private static MapperException damaged(String what) {
        return MapperException.data(TABLE + " is damaged: " + what,
                "mapper cannot know what this migration changed, so it undoes nothing; restore the database from a backup copy");
    }
}
