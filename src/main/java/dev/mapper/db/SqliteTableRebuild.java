package dev.mapper.db;

import dev.mapper.diag.MapperException;
import dev.mapper.model.ColumnDecl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SQLite's documented way to change what ALTER TABLE cannot (https://www.sqlite.org/lang_altertable.html#otheralter):
 * with foreign keys off for the connection (set before the transaction began), create the new table
 * under a temporary name, copy every row with its rowid, drop the old table, rename the new one,
 * recreate the old table's indexes and triggers from their saved SQL, put back its AUTOINCREMENT
 * counter, and keep the table's {@code CREATE TABLE} text exactly as asked (so a rebuild back to the
 * saved text restores the schema byte for byte). The caller runs {@code PRAGMA foreign_key_check}
 * before it commits. Views and other tables' triggers are not touched: with legacy_alter_table on,
 * the rename rewrites nothing outside the table, so they keep naming it.
 */
final class SqliteTableRebuild {
    private static final Set<String> OTHER_CONSTRAINTS = Set.of("PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "COLLATE", "GENERATED", "AS",
            "AUTOINCREMENT", "CONSTRAINT");

    private final Connection connection;
    private final SqliteDialect dialect;

    SqliteTableRebuild(SqliteDialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    String createSql(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no table " + table);
                }
                return rs.getString(1);
            }
        }
    }

    /** The table's CREATE TABLE text with one column's definition replaced by {@code "column" declaration}. */
    String redeclared(String table, String column, ColumnDecl declaration) throws SQLException {
        String sql = createSql(table);
        int open = sql.indexOf('(');
        List<int[]> parts = topLevelParts(sql, open);
        for (int[] part : parts) {
            String def = sql.substring(part[0], part[1]).trim();
            List<String> words = words(def);
            if (!words.isEmpty() && unquote(words.get(0)).equalsIgnoreCase(column)) {
                for (String w : words.subList(1, words.size())) {
                    if (OTHER_CONSTRAINTS.contains(w.toUpperCase(Locale.ROOT))) {
                        throw MapperException.data("column " + table + "." + column + " is declared " + def.substring(words.get(0).length()).trim()
                                        + ", with a constraint (" + w + ") mapper does not declare, so mapper cannot redeclare it",
                                "change that column's declaration yourself (SQLite: the table-rebuild procedure), or declare a new column; nothing was changed");
                    }
                }
                String lead = sql.substring(part[0], part[1]);
                String indent = lead.substring(0, lead.length() - lead.stripLeading().length());
                return sql.substring(0, part[0]) + indent + dialect.quote(column) + " " + declaration.render() + sql.substring(part[1]);
            }
        }
        throw new SQLException("column " + column + " not found in the definition of " + table);
    }

    /** Replaces {@code table} by one created with {@code createSql} (same name), keeping every row, its rowid, indexes and triggers. */
    void rebuild(String table, String createSql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
                if (rs.next() && rs.getInt(1) != 0) { // a DROP TABLE would delete the rows first, firing ON DELETE actions
                    throw new IllegalStateException("a table rebuild needs foreign keys off for the connection (Dialect.allowRedeclaring)");
                }
            }
            List<String> dependents = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE "
                    + "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dependents.add(rs.getString(1));
                    }
                }
            }
            List<Object[]> sequence = sequence(s);
            boolean rowid = !createSql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").matches("(?s).*\\)\\s*WITHOUT ROWID.*")
                    && dialect.integerRowId(connection, table) == null;
            List<String> columns = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(dialect.quote(rs.getString(1)));
                    }
                }
            }
            String temp = dialect.quote("mapper_rebuild_" + table);
            String list = (rowid ? "rowid, " : "") + String.join(", ", columns);
            s.executeUpdate("PRAGMA legacy_alter_table = ON");
            try {
                s.executeUpdate("CREATE TABLE " + temp + " " + createSql.substring(createSql.indexOf('(')));
                s.executeUpdate("INSERT INTO " + temp + " (" + list + ") SELECT " + list + " FROM " + dialect.quote(table));
                s.executeUpdate("DROP TABLE " + dialect.quote(table));
                s.executeUpdate("ALTER TABLE " + temp + " RENAME TO " + dialect.quote(table));
            } finally {
                s.executeUpdate("PRAGMA legacy_alter_table = OFF");
            }
            keepText(s, table, createSql);
            for (String sql : dependents) {
                s.executeUpdate(sql);
            }
            restoreSequence(s, sequence);
        }
    }

    /** The rename writes the name quoted; the text asked for (the original's, on a rollback) is put back, meaning the same. */
    private void keepText(Statement s, String table, String createSql) throws SQLException {
        if (createSql.equals(createSql(table))) {
            return;
        }
        s.executeUpdate("PRAGMA writable_schema = ON");
        try (PreparedStatement ps = connection.prepareStatement("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, createSql);
            ps.setString(2, table);
            ps.executeUpdate();
        } finally {
            s.executeUpdate("PRAGMA writable_schema = OFF");
        }
    }

    /** sqlite_sequence, every row with its rowid (dropping the table removes its counter; the new one's is added last). */
    private List<Object[]> sequence(Statement s) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        if (!dialect.tableExists(connection, "sqlite_sequence") && !hasSequence(s)) {
            return null;
        }
        try (ResultSet rs = s.executeQuery("SELECT rowid, name, seq FROM sqlite_sequence ORDER BY rowid")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3)});
            }
        }
        return rows;
    }

    private static boolean hasSequence(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
            return rs.next();
        }
    }

    private void restoreSequence(Statement s, List<Object[]> rows) throws SQLException {
        if (rows == null || !hasSequence(s)) {
            return;
        }
        s.executeUpdate("DELETE FROM sqlite_sequence");
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO sqlite_sequence (rowid, name, seq) VALUES (?, ?, ?)")) {
            for (Object[] row : rows) {
                ps.setLong(1, (Long) row[0]);
                ps.setString(2, (String) row[1]);
                ps.setObject(3, row[2]);
                ps.executeUpdate();
            }
        }
    }

    /** Each rule that breaks a foreign key: {@code logs row 7 references models, which has no such row}. */
    static List<String> foreignKeyViolations(SqliteDialect dialect, Connection connection) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                found.add(rs.getString(1) + " row " + (rs.getObject(2) == null ? "(without rowid)" : rs.getLong(2)) + " references " + rs.getString(3)
                        + ", which has no row it points to (foreign key " + rs.getInt(4) + ")");
            }
        }
        return found;
    }

    /** The spans of the comma-separated parts of the parenthesised list starting at {@code open}, outside quotes and nested parentheses. */
    private static List<int[]> topLevelParts(String sql, int open) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                char close = ch == '[' ? ']' : ch;
                i = sql.indexOf(close, i + 1);
                if (i < 0) {
                    break;
                }
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth == 0) {
                    parts.add(new int[] {start, i});
                    break;
                }
            } else if (ch == ',' && depth == 1) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        return parts;
    }

    /** The words of a column definition: names (quoted ones whole), keywords, literals; punctuation dropped. */
    private static List<String> words(String def) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < def.length()) {
            char ch = def.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                int end = def.indexOf(ch == '[' ? ']' : ch, i + 1);
                end = end < 0 ? def.length() - 1 : end;
                words.add(def.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isLetterOrDigit(ch) || ch == '_') {
                int end = i;
                while (end < def.length() && (Character.isLetterOrDigit(def.charAt(end)) || def.charAt(end) == '_')) {
                    end++;
                }
                words.add(def.substring(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return words;
    }

    private static String unquote(String word) {
        return word.length() >= 2 && "\"`['".indexOf(word.charAt(0)) >= 0 ? word.substring(1, word.length() - 1) : word;
    }
}
