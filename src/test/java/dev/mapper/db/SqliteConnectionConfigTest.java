package dev.mapper.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnectionConfig;
import org.sqlite.date.FastDateFormat;

/**
 * mapper's stand-in for sqlite-jdbc's {@code org.sqlite.SQLiteConnectionConfig} (its date formatter created on first
 * use): the same members as the class in sqlite-jdbc's jar, and the same values for the same settings. Fails when a
 * sqlite-jdbc upgrade changes that class, so the stand-in is looked at again.
 */
class SqliteConnectionConfigTest {
    private static final String NAME = "org.sqlite.SQLiteConnectionConfig";

    @TempDir
    Path dir;

    /** sqlite-jdbc's own class, from its jar, in a loader that sees nothing of mapper's. */
    private static Class<?> original() throws Exception {
        URL jar = SQLiteConfig.class.getProtectionDomain().getCodeSource().getLocation();
        assertNotEquals(SQLiteConnectionConfig.class.getProtectionDomain().getCodeSource().getLocation(), jar, "the stand-in is mapper's, not the jar's");
        return Class.forName(NAME, true, new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader()));
    }

    private static TreeSet<String> members(Class<?> c) {
        TreeSet<String> members = new TreeSet<>();
        Stream.of(c.getDeclaredFields()).filter(f -> !f.isSynthetic()).forEach(f -> members.add(describe(f) + " " + f.getType().getName()));
        Stream.of(c.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                .forEach(m -> members.add(describe(m) + Arrays.toString(m.getParameterTypes()) + " " + m.getReturnType().getName()));
        Stream.of(c.getDeclaredConstructors()).forEach(k -> members.add(describe(k) + Arrays.toString(k.getParameterTypes())));
        members.add("class " + Modifier.toString(c.getModifiers()) + " extends " + c.getSuperclass().getName() + " " + Arrays.toString(c.getInterfaces()));
        return members;
    }

    private static String describe(Member m) {
        return Modifier.toString(m.getModifiers()) + " " + m.getName();
    }

    @Test
    void sameMembersAsSqliteJdbcsClass() throws Exception {
        // class names as text: the two classes come from different loaders
        assertEquals(members(original()).toString(), members(SQLiteConnectionConfig.class).toString());
    }

    @Test
    void sameValuesAsSqliteJdbcsClass() throws Exception {
        Class<?> original = original();
        Method fromPragmaTable = original.getMethod("fromPragmaTable", Properties.class);
        List<Properties> settings = new ArrayList<>();
        settings.add(new Properties());
        settings.add(props("date_class", "text", "date_precision", "seconds", "date_string_format", "yyyy-MM-dd", "transaction_mode", "IMMEDIATE",
                "jdbc.get_generated_keys", "false"));
        settings.add(props("date_class", "REAL", "transaction_mode", "EXCLUSIVE"));
        for (Properties p : settings) {
            Object theirs = fromPragmaTable.invoke(null, p);
            SQLiteConnectionConfig ours = SQLiteConnectionConfig.fromPragmaTable(p);
            for (SQLiteConnectionConfig config : List.of(ours, ours.copyConfig())) {
                assertEquals(String.valueOf(call(theirs, "getDateClass")), config.getDateClass().toString(), p.toString());
                assertEquals(String.valueOf(call(theirs, "getDatePrecision")), config.getDatePrecision().toString(), p.toString());
                assertEquals(call(theirs, "getDateStringFormat"), config.getDateStringFormat(), p.toString());
                assertEquals(call(theirs, "getDateMultiplier"), config.getDateMultiplier(), p.toString());
                assertEquals(call(theirs, "getTransactionIsolation"), config.getTransactionIsolation(), p.toString());
                assertEquals(String.valueOf(call(theirs, "getTransactionMode")), config.getTransactionMode().toString(), p.toString());
                assertEquals(call(theirs, "isAutoCommit"), config.isAutoCommit(), p.toString());
                assertEquals(call(theirs, "isGetGeneratedKeys"), config.isGetGeneratedKeys(), p.toString());
                assertEquals(call(theirs, "transactionPrefix"), call(config, "transactionPrefix"), p.toString());
                assertEquals(((java.text.Format) call(theirs, "getDateFormat")).toString(), config.getDateFormat().toString(), p.toString());
            }
        }
    }

    @Test
    void formatterOnFirstUseIsTheSameInstance() {
        SQLiteConnectionConfig config = new SQLiteConfig().newConnectionConfig();
        assertSame(FastDateFormat.getInstance(SQLiteConfig.DEFAULT_DATE_STRING_FORMAT), config.getDateFormat());
        assertSame(config.getDateFormat(), config.getDateFormat());
    }

    @Test
    void badPatternStillFailsWhenTheConnectionOpens() {
        assertThrows(IllegalArgumentException.class, () -> SQLiteConnectionConfig.fromPragmaTable(props("date_string_format", "yyyy-MM-dd'")));
    }

    @Test
    void datesAreStoredAndReadAsBefore() throws Exception {
        java.sql.Timestamp when = java.sql.Timestamp.valueOf("2026-11-30 06:01:02.345");
        for (String dateClass : List.of("INTEGER", "TEXT", "REAL")) {
            Properties p = props("date_class", dateClass);
            try (Connection c = new SQLiteConfig(p).createConnection("jdbc:sqlite:" + dir.resolve(dateClass + ".db")); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE t (v)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                    ps.setTimestamp(1, when);
                    ps.executeUpdate();
                }
                try (ResultSet rs = s.executeQuery("SELECT v, typeof(v) FROM t")) {
                    rs.next();
                    String expected = switch (dateClass) {
                        case "TEXT" -> "2026-11-30 06:01:02.345 text";
                        case "INTEGER" -> when.getTime() + " integer";
                        default -> "real";
                    };
                    assertEquals(expected, dateClass.equals("REAL") ? rs.getString(2) : rs.getString(1) + " " + rs.getString(2), dateClass);
                    if (!dateClass.equals("REAL")) { // a Julian day number in a double: sqlite-jdbc's own rounding, ±1 ms
                        assertEquals(when, rs.getTimestamp(1), dateClass);
                    }
                }
            }
        }
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
