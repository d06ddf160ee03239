package dev.mapper.inspect;

import dev.mapper.apply.Transaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mapper.convert.Json;
import dev.mapper.db.Dialect;
import dev.mapper.db.DatabaseAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a database holds, for {@code mapper inspect}: every table with its columns and row count,
 * and the JSON documents stored in key/value tables (a {@code key} and a {@code value} column) —
 * the places a mapping's sources point at. Read-only.
 */
public final class DatabaseSummary {
    /** Documents listed per table at most; the rest are counted. */
    public static final int MAX_DOCUMENTS = 50;

    /** {@code values}: the other rows of a key/value table (plain text, numbers), which a rows source or a transform reads too. */
    public record Table(String name, List<String> columns, long rows, List<Document> documents, long moreDocuments, List<Document> values) {
        public Table {
            columns = List.copyOf(columns);
            documents = List.copyOf(documents);
            values = List.copyOf(values);
        }
    }

    /** One row of a key/value table whose value is a JSON object or array. */
    public record Document(String key, Object value) {}

    private final Dialect dialect;

    public DatabaseSummary(Dialect dialect) {
        this.dialect = dialect;
    }

    public List<Table> read(DatabaseAddress db) {
        return Transaction.read(dialect, db, c -> {
            List<Table> tables = new ArrayList<>();
            for (String table : dialect.tables(c)) {
                List<String> columns = dialect.columns(c, table);
                long rows = count(c, table);
                List<Document> documents = new ArrayList<>();
                List<Document> values = new ArrayList<>();
                long more = 0;
                if (columns.contains("key") && columns.contains("value")) {
                    more = documents(c, table, documents, values);
                }
                tables.add(new Table(table, columns, rows, documents, more, values));
            }
            return tables;
        });
    }

    private long count(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + dialect.quote(table)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Adds the JSON documents of a key/value table, and its other rows to {@code values}; returns how many more there were than listed. */
    private long documents(Connection c, String table, List<Document> documents, List<Document> values) throws SQLException {
        long more = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.quote("key") + ", " + dialect.quote("value") + " FROM "
                + dialect.quote(table) + " ORDER BY 1"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object value = parse(rs.getString(2));
                if (value instanceof java.util.Map<?, ?> || value instanceof List<?>) {
                    if (documents.size() < MAX_DOCUMENTS) {
                        documents.add(new Document(rs.getString(1), value));
                    } else {
                        more++;
                    }
                } else if (documents.size() + values.size() < MAX_DOCUMENTS) {
                    values.add(new Document(rs.getString(1), rs.getString(2)));
                } else {
                    more++;
                }
            }
        }
        return more;
    }

    private static Object parse(String text) {
        if (text == null || text.isBlank() || !(text.strip().startsWith("{") || text.strip().startsWith("["))) {
            return null;
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException notJson) {
            return null; // a value that only looks like JSON is shown as a plain row count, not a document
        }
    }
}
