package dev.mapper.plan;

/**
 * One source row as read, and as kept in the backup table: the table, the row's key (null for a
 * columns source) and its original value (for a columns source, the whole row as a JSON object).
 */
public record SourceRow(String table, String key, String value) {}
