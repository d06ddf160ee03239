package dev.mapper.model;

import java.util.List;
import java.util.Optional;

/**
 * A parsed and validated mapping file. {@code sources} and {@code targets} are the key/value kind
 * (documents, rows, columns); {@code tables} are the table targets ({@code shape: table}), each
 * with its table source; {@code columns} and {@code indexes} are added to tables that exist.
 *
 * @param file     the path as the user gave it, for messages
 * @param text     the file's text, recorded in history
 * @param checksum SHA-256 of the {@link CanonicalForm} (hex): edits to comments, whitespace or order keep it
 */
public record Mapping(
        String migration,
        String name,
        String database,
        String backupTable,
        List<Source> sources,
        List<Target> targets,
        List<String> retire,
        List<TableTarget> tables,
        List<AddedColumn> columns,
        List<IndexDecl> indexes,
        List<AppendedRow> appends,
        String file,
        String text,
        String checksum) {
    public Mapping {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
        retire = List.copyOf(retire);
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        appends = List.copyOf(appends);
    }

    /** Whether the mapping changes a schema (adds columns or indexes) rather than only writing values. */
    public boolean changesSchema() {
        return !columns.isEmpty() || !indexes.isEmpty();
    }

    public Optional<Source> source(String sourceName) {
        return sources.stream().filter(s -> s.name().equals(sourceName)).findFirst();
    }

    /**
     * The name a source's rows are saved under in the backup table's {@code source_table}: its table,
     * qualified by its value column ({@code models.ctx_size}) when another source reads a different
     * column of the same table, so their saved rows keep apart. Identifiers hold no dot, so no name collides.
     */
    public String backupName(Source source) {
        String column = valueColumn(source);
        boolean shared = sources.stream().anyMatch(s -> s.table().equalsIgnoreCase(source.table()) && !valueColumn(s).equals(column));
        return shared ? source.table() + "." + column : source.table();
    }

    private static String valueColumn(Source source) {
        return source instanceof Source.Document d ? d.valueColumn() : source instanceof Source.Rows r ? r.valueColumn() : "";
    }

    public int keyCount() {
        return targets.stream().mapToInt(t -> t.rules().size()).sum();
    }
}
