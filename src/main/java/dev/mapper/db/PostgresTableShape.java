package dev.mapper.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one existing table as the migration found it — columns (type, NOT NULL, default),
 * constraints, indexes, triggers, and the sequences it owns with their positions — read from the
 * catalogue inside the migration's transaction before its first change, and written as the restore
 * statements that bring the table back to that shape whatever the migration did to it: what it added
 * is dropped, what it redeclared is declared as before, what it dropped is made again. Every
 * statement is one line (a {@code DO} block whose conditions are evaluated when the script runs,
 * since the script cannot know which migration ran after it); the table is empty by then (the
 * script truncates it first), so type changes and NOT NULL cost nothing and cannot fail on a row.
 */
final class PostgresTableShape {
    private final String schema;
    private final String table;
    private final List<String[]> columns; // name, type, not null (t/f), default or null, identity or generated (t/f)
    private final List<String[]> constraints; // name, definition; foreign keys last
    private final List<String[]> indexes; // name, definition (not those a constraint owns)
    private final List<String[]> triggers; // name, definition
    private final List<String[]> sequences; // name, last_value, is_called

    private PostgresTableShape(String schema, String table, Connection c) throws SQLException {
        this.schema = schema;
        this.table = table;
        String rel = "to_regclass(format('%I.%I', ?::text, ?::text))";
        columns = rows(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), "
                + "(a.attidentity <> '' OR a.attgenerated <> '')::text FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
                + "AND d.adnum = a.attnum WHERE a.attrelid = " + rel + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
        constraints = rows(c, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = " + rel
                + " AND contype <> 'n' ORDER BY contype = 'f', conname COLLATE \"C\"");
        indexes = rows(c, "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = "
                + rel + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = x.indrelid) "
                + "ORDER BY i.relname COLLATE \"C\"");
        triggers = rows(c, "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = " + rel
                + " AND NOT tgisinternal ORDER BY tgname COLLATE \"C\"");
        List<String[]> owned = rows(c, "SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid WHERE d.classid = 'pg_class'::regclass "
                + "AND d.refclassid = 'pg_class'::regclass AND d.refobjid = " + rel + " AND s.relkind = 'S' AND d.deptype IN ('a', 'i') "
                + "ORDER BY s.relname COLLATE \"C\"");
        sequences = new ArrayList<>();
        for (String[] sequence : owned) {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_value::text, is_called::text FROM " + quote(schema) + "." + quote(sequence[0]));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                sequences.add(new String[] {sequence[0], rs.getString(1), rs.getString(2)});
            }
        }
    }

    static PostgresTableShape read(Connection connection, String schema, String table) throws SQLException {
        return new PostgresTableShape(schema, table, connection);
    }

    /** The one-line DO block that gives the (emptied) table this shape back. */
    String restore() {
        String q = quote(schema) + "." + quote(table);
        StringBuilder b = new StringBuilder("DECLARE t regclass := " + lit(q) + "::regclass; r record; BEGIN ");
        b.append("FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = t AND contype <> 'n' AND conname || ' ' || pg_get_constraintdef(oid) <> ALL (")
                .append(array(constraints)).append(") LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', t, r.conname); END LOOP; ");
        b.append("FOR r IN SELECT i.oid::regclass AS ix FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = t AND NOT EXISTS ")
                .append("(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = t) AND i.relname || ' ' || pg_get_indexdef(i.oid) <> ALL (")
                .append(array(indexes)).append(") LOOP EXECUTE format('DROP INDEX %s', r.ix); END LOOP; ");
        b.append("FOR r IN SELECT tgname FROM pg_trigger WHERE tgrelid = t AND NOT tgisinternal AND tgname || ' ' || pg_get_triggerdef(oid) <> ALL (")
                .append(array(triggers)).append(") LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, t); END LOOP; ");
        List<String> names = columns.stream().map(col -> lit(col[0])).toList();
        b.append("FOR r IN SELECT attname FROM pg_attribute WHERE attrelid = t AND attnum > 0 AND NOT attisdropped AND attname <> ALL (ARRAY[")
                .append(String.join(", ", names)).append("]::text[]) LOOP EXECUTE format('ALTER TABLE %s DROP COLUMN %I', t, r.attname); END LOOP; ");
        for (String[] col : columns) {
            String alter = "ALTER TABLE " + q + " ALTER COLUMN " + quote(col[0]) + " ";
            String attribute = "FROM pg_attribute WHERE attrelid = t AND attname = " + lit(col[0]) + " AND NOT attisdropped";
            b.append("IF NOT EXISTS (SELECT 1 ").append(attribute).append(") THEN EXECUTE ")
                    .append(lit("ALTER TABLE " + q + " ADD COLUMN " + quote(col[0]) + " " + col[1])).append("; END IF; ");
            if (col[4].equals("true")) {
                continue; // an identity or generated column: its default is not a default, and a migration does not redeclare it
            }
            b.append("IF (SELECT format_type(atttypid, atttypmod) ").append(attribute).append(") <> ").append(lit(col[1])).append(" THEN EXECUTE ")
                    .append(lit(alter + "DROP DEFAULT")).append("; EXECUTE ").append(lit(alter + "TYPE " + col[1] + " USING " + quote(col[0]) + "::" + col[1]))
                    .append("; END IF; ");
            b.append("EXECUTE ").append(lit(alter + (col[3] == null ? "DROP DEFAULT" : "SET DEFAULT " + col[3]))).append("; ");
            b.append("IF (SELECT attnotnull::text ").append(attribute).append(") <> ").append(lit(col[2])).append(" THEN EXECUTE ")
                    .append(lit(alter + (col[2].equals("true") ? "SET NOT NULL" : "DROP NOT NULL"))).append("; END IF; ");
        }
        for (String[] k : constraints) {
            b.append("IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t AND conname = ").append(lit(k[0])).append(") THEN EXECUTE ")
                    .append(lit("ALTER TABLE " + q + " ADD CONSTRAINT " + quote(k[0]) + " " + k[1])).append("; END IF; ");
        }
        for (String[] i : indexes) {
            b.append("IF to_regclass(").append(lit(quote(schema) + "." + quote(i[0]))).append(") IS NULL THEN EXECUTE ").append(lit(i[1]))
                    .append("; END IF; ");
        }
        for (String[] tg : triggers) {
            b.append("IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = t AND tgname = ").append(lit(tg[0])).append(") THEN EXECUTE ")
                    .append(lit(tg[1])).append("; END IF; ");
        }
        String body = b.append("END").toString();
        String tag = "$mapper$";
        for (int n = 1; body.contains(tag); n++) {
            tag = "$mapper" + n + "$";
        }
        return "DO " + tag + " " + body + " " + tag + ";";
    }

    /** The statements that put the owned sequences where they were (after the rows are back). */
    List<String> rewind() {
        return sequences.stream().map(s -> "SELECT setval(" + lit(quote(schema) + "." + quote(s[0])) + ", " + Long.parseLong(s[1]) + ", "
                + Boolean.parseBoolean(s[2]) + ");").toList();
    }

    private static String array(List<String[]> named) {
        return "ARRAY[" + String.join(", ", named.stream().map(n -> lit(n[0] + " " + n[1])).toList()) + "]::text[]";
    }

    private List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    result.add(row);
                }
            }
        }
        return result;
    }

    /**
     * A string literal (standard_conforming_strings, which the script sets): only the quote is doubled;
     * one holding a line break is written E'…' with the break escaped, so every statement stays one line.
     */
    private static String lit(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return "'" + text.replace("'", "''") + "'";
        }
        return "E'" + text.replace("\\", "\\\\").replace("'", "''").replace("\n", "\\n").replace("\r", "\\r") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
