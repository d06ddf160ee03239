package dev.mapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A database's schema and rows as text lines, to compare two databases (or one before and after) exactly. */
public final class SchemaDump {
    private SchemaDump() {}

    /** Each column of these tables (name, declared type, default, NOT NULL), sorted by table and column name. */
    public static List<String> columns(Path db, List<String> tables) {
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            lines.addAll(TestDb.query(db, "SELECT '" + table + "', name, upper(type), dflt_value, \"notnull\", pk FROM pragma_table_info('" + table
                    + "') ORDER BY name"));
        }
        return lines;
    }

    /** Every index mapper or the app made (not SQLite's automatic ones): name, table, unique, columns with direction. */
    public static List<String> indexes(Path db) {
        return TestDb.query(db, "SELECT m.name, m.tbl_name, il.\"unique\", (SELECT group_concat(x.name || CASE x.desc WHEN 1 THEN ' DESC' ELSE '' END, ', ') "
                + "FROM pragma_index_xinfo(m.name) x WHERE x.key = 1) FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) il ON il.name = m.name "
                + "WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\' ORDER BY m.name");
    }

    /** Every table's columns (in order), every index, and every row of every table (SQLite's own included), typed. */
    public static List<String> all(Path db) {
        List<String> tables = TestDb.query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            lines.add("table " + table);
            List<String> columns = TestDb.query(db, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid");
            lines.addAll(TestDb.query(db, "SELECT cid, name, upper(type), dflt_value, \"notnull\", pk FROM pragma_table_info('" + table + "') ORDER BY cid"));
            String row = String.join(" || ',' || ", columns.stream().map(c -> "quote(\"" + c + "\") || ':' || typeof(\"" + c + "\")").toList());
            lines.addAll(TestDb.query(db, "SELECT " + row + " FROM \"" + table + "\" ORDER BY rowid"));
        }
        lines.addAll(indexes(db));
        return lines;
    }
}
