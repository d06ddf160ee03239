package dev.mapper.model;

import java.math.BigDecimal;

/**
 * How a column is declared: its SQL type as written ({@code INTEGER}, {@code REAL}, {@code TEXT},
 * {@code VARCHAR(20)}), its default as a SQL literal ({@code 0}, {@code 'llama'}) or null for none,
 * and whether it is NOT NULL. Two declarations are the same when the types match ignoring case,
 * the defaults are the same value (so {@code 0} and {@code 0.0} agree), and NOT NULL agrees.
 */
public record ColumnDecl(String type, String defaultSql, boolean notNull) {

    /** The declaration as it follows the column name in {@code CREATE TABLE} or {@code ADD COLUMN}. */
    public String render() {
        return type + (notNull ? " NOT NULL" : "") + (defaultSql == null ? "" : " DEFAULT " + defaultSql);
    }

    public boolean sameAs(ColumnDecl other) {
        return type.trim().equalsIgnoreCase(other.type.trim()) && notNull == other.notNull && sameDefault(defaultSql, other.defaultSql);
    }

    private static boolean sameDefault(String a, String b) {
        a = unwrap(a);
        b = unwrap(b);
        if (a == null || b == null) {
            return a == null && b == null;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    /** {@code DEFAULT (0)} and {@code DEFAULT 0} are one default; {@code DEFAULT NULL} is none. */
    private static String unwrap(String sql) {
        if (sql == null) {
            return null;
        }
        String s = sql.trim();
        while (s.length() > 1 && s.startsWith("(") && s.endsWith(")") && s.indexOf('(', 1) < 0) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s.equalsIgnoreCase("NULL") ? null : s;
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The strict conversion a value computed for this column goes through, from the declared type's
     * SQLite affinity: INT → integer, CHAR/CLOB/TEXT → string, REAL/FLOA/DOUB → number, BOOLEAN →
     * boolean (stored 1/0); null for the others (BLOB, NUMERIC, DECIMAL), whose stored form SQLite
     * chooses per value, so a written value could not be verified as computed.
     */
    public ValueType valueType() {
        String t = type.toUpperCase(java.util.Locale.ROOT);
        if (t.contains("INT")) {
            return ValueType.INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return ValueType.STRING;
        }
        if (t.contains("BLOB") || t.isBlank()) {
            return null;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return ValueType.NUMBER;
        }
        return t.equals("BOOLEAN") || t.equals("BOOL") ? ValueType.BOOLEAN : null;
    }

    /** The inverse of {@link #render()}: {@code INTEGER NOT NULL DEFAULT 0} → its parts. */
    public static ColumnDecl parse(String rendered) {
        int d = rendered.indexOf(" DEFAULT ");
        String head = d < 0 ? rendered : rendered.substring(0, d);
        boolean notNull = head.endsWith(" NOT NULL");
        return new ColumnDecl(notNull ? head.substring(0, head.length() - 9) : head, d < 0 ? null : rendered.substring(d + 9), notNull);
    }

    /** A default value from the mapping (a number or text) as a SQL literal; null stays null. */
    public static String literal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString(); // Long, BigInteger
    }
}
