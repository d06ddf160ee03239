package org.sqlite;

import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.sqlite.date.FastDateFormat;

/**
 * Stands in for sqlite-jdbc 3.54.1.0's class of the same name (same members, same behaviour), with one difference:
 * the date formatter of the default pattern is created when first asked for, not by every constructor.
 *
 * <p>Why: sqlite-jdbc builds one per connection configuration, and the first one in a JVM costs 50–100 ms of a
 * 004 run's start-up (docs/performance.md): {@code FastDateFormat} → {@code Calendar.getInstance} → the JDK turning
 * every CLDR locale tag into a {@code Locale} to find the default locale's week data. mapper never stores or reads a
 * date through JDBC, so the formatter is never used. A non-default pattern is still checked at once, as before (a
 * bad one fails when the connection opens). The class is compiled before sqlite-jdbc's jar on every class path and
 * into the shaded jar in its place; {@code SqliteConnectionConfigTest} fails if sqlite-jdbc's own class changes shape
 * (an upgrade), so this copy is looked at again.
 */
public class SQLiteConnectionConfig implements Cloneable {
    private static final Map<SQLiteConfig.TransactionMode, String> beginCommandMap = new EnumMap<>(SQLiteConfig.TransactionMode.class);

    static {
        beginCommandMap.put(SQLiteConfig.TransactionMode.DEFERRED, "begin;");
        beginCommandMap.put(SQLiteConfig.TransactionMode.IMMEDIATE, "begin immediate;");
        beginCommandMap.put(SQLiteConfig.TransactionMode.EXCLUSIVE, "begin exclusive;");
    }

    private SQLiteConfig.DateClass dateClass = SQLiteConfig.DateClass.INTEGER;
    private SQLiteConfig.DatePrecision datePrecision = SQLiteConfig.DatePrecision.MILLISECONDS;
    private String dateStringFormat = SQLiteConfig.DEFAULT_DATE_STRING_FORMAT;
    /** null until asked for while the pattern is the default one. */
    private FastDateFormat dateFormat;
    private int transactionIsolation = java.sql.Connection.TRANSACTION_SERIALIZABLE;
    private SQLiteConfig.TransactionMode transactionMode = SQLiteConfig.TransactionMode.DEFERRED;
    private boolean autoCommit = true;
    private boolean getGeneratedKeys = true;

    public static SQLiteConnectionConfig fromPragmaTable(Properties pragmaTable) {
        return new SQLiteConnectionConfig(
                SQLiteConfig.DateClass.getDateClass(pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_CLASS.pragmaName, SQLiteConfig.DateClass.INTEGER.name())),
                SQLiteConfig.DatePrecision.getPrecision(pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_PRECISION.pragmaName, SQLiteConfig.DatePrecision.MILLISECONDS.name())),
                pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_STRING_FORMAT.pragmaName, SQLiteConfig.DEFAULT_DATE_STRING_FORMAT),
                java.sql.Connection.TRANSACTION_SERIALIZABLE,
                SQLiteConfig.TransactionMode.getMode(pragmaTable.getProperty(SQLiteConfig.Pragma.TRANSACTION_MODE.pragmaName, SQLiteConfig.TransactionMode.DEFERRED.name())),
                true,
                Boolean.parseBoolean(pragmaTable.getProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "true")));
    }

    public SQLiteConnectionConfig(SQLiteConfig.DateClass dateClass, SQLiteConfig.DatePrecision datePrecision, String dateStringFormat,
            int transactionIsolation, SQLiteConfig.TransactionMode transactionMode, boolean autoCommit, boolean getGeneratedKeys) {
        setDateClass(dateClass);
        setDatePrecision(datePrecision);
        setDateStringFormat(dateStringFormat);
        setTransactionIsolation(transactionIsolation);
        setTransactionMode(transactionMode);
        setAutoCommit(autoCommit);
        setGetGeneratedKeys(getGeneratedKeys);
    }

    public SQLiteConnectionConfig copyConfig() {
        return new SQLiteConnectionConfig(dateClass, datePrecision, dateStringFormat, transactionIsolation, transactionMode, autoCommit, getGeneratedKeys);
    }

    public long getDateMultiplier() {
        return datePrecision == SQLiteConfig.DatePrecision.MILLISECONDS ? 1L : 1000L;
    }

    public SQLiteConfig.DateClass getDateClass() {
        return dateClass;
    }

    public void setDateClass(SQLiteConfig.DateClass dateClass) {
        this.dateClass = dateClass;
    }

    public SQLiteConfig.DatePrecision getDatePrecision() {
        return datePrecision;
    }

    public void setDatePrecision(SQLiteConfig.DatePrecision datePrecision) {
        this.datePrecision = datePrecision;
    }

    public String getDateStringFormat() {
        return dateStringFormat;
    }

    public void setDateStringFormat(String dateStringFormat) {
        this.dateStringFormat = dateStringFormat;
        // the default pattern is known to be valid: its formatter waits until a date is read or written
        this.dateFormat = SQLiteConfig.DEFAULT_DATE_STRING_FORMAT.equals(dateStringFormat) ? null : FastDateFormat.getInstance(dateStringFormat);
    }

    public FastDateFormat getDateFormat() {
        FastDateFormat format = dateFormat;
        // FastDateFormat keeps one instance per pattern, time zone and locale, so a race returns the same one. Unlike
        // sqlite-jdbc's, the default time zone and locale are those of the first use, not of the opening (mapper never changes them).
        if (format == null) {
            format = FastDateFormat.getInstance(dateStringFormat);
            dateFormat = format;
        }
        return format;
    }

    public boolean isAutoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    public int getTransactionIsolation() {
        return transactionIsolation;
    }

    public void setTransactionIsolation(int transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
    }

    public SQLiteConfig.TransactionMode getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(SQLiteConfig.TransactionMode transactionMode) {
        this.transactionMode = transactionMode;
    }

    public boolean isGetGeneratedKeys() {
        return getGeneratedKeys;
    }

    public void setGetGeneratedKeys(boolean getGeneratedKeys) {
        this.getGeneratedKeys = getGeneratedKeys;
    }

    String transactionPrefix() {
        return beginCommandMap.get(transactionMode);
    }
}
