package dev.mapper.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A database's logical state, for "nothing changed" on a server (whose files cannot be compared byte
 * for byte): the catalogue of schema public (tables and their columns, constraints, indexes,
 * triggers, functions, sequences with their values) and every row of every table, each list in a
 * total order under {@code COLLATE "C"}.
 */
final class PgFingerprint {
    private PgFingerprint() {}

    static String of(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        query(c, lines, "columns", "SELECT table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable || ' default=' "
                + "|| coalesce(column_default, '-') FROM information_schema.columns WHERE table_schema = 'public' "
                + "ORDER BY table_name COLLATE \"C\", ordinal_position");
        query(c, lines, "constraints", "SELECT x FROM (SELECT r.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS x FROM pg_constraint k "
                + "JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'public') q ORDER BY x COLLATE \"C\"");
        query(c, lines, "indexes", "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexdef COLLATE \"C\"");
        query(c, lines, "triggers", "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
                + "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY pg_get_triggerdef(t.oid) COLLATE \"C\"");
        query(c, lines, "functions", "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'public' ORDER BY pg_get_functiondef(p.oid) COLLATE \"C\"");
        List<String> sequences = new ArrayList<>();
        query(c, sequences, null, "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename COLLATE \"C\"");
        for (String sequence : sequences) {
            query(c, lines, "sequence " + sequence, "SELECT last_value || ' ' || is_called FROM \"" + sequence + "\"");
        }
        List<String> tables = new ArrayList<>();
        query(c, tables, null, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE \"C\"");
        for (String table : tables) {
            query(c, lines, "rows of " + table, "SELECT t::text FROM \"" + table + "\" t ORDER BY t::text COLLATE \"C\"");
        }
        return String.join("\n", lines);
    }

    /** The names of mapper's own objects in schema public (tables, functions): none after a failure. */
    static List<String> mapperObjects(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        query(c, names, null, "SELECT relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'public' "
                + "AND (relname LIKE 'mapper%' OR relname LIKE 'migration_backup%') UNION ALL SELECT proname FROM pg_proc p "
                + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND proname LIKE 'mapper%' ORDER BY 1");
        return names;
    }

    private static void query(Connection c, List<String> lines, String heading, String sql) throws SQLException {
        if (heading != null) {
            lines.add("## " + heading);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
    }
}
