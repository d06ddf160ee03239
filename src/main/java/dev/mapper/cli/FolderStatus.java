package dev.mapper.cli;

import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.change.Dependencies;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.DiagnosticPrinter;
import dev.mapper.diag.MapperException;
import dev.mapper.inspect.Inspector;
import dev.mapper.model.MigrationFolder;
import dev.mapper.plan.CompiledMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mapper status FOLDER}: one row per numbered mapping — version, name, state, applied at,
 * checksum. {@code failed} means the file cannot be checked (it does not load or compile, or its
 * source data does not convert); the reasons go to stderr and set the exit code.
 */
final class FolderStatus {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** One row; {@code status} is null when the state is "failed", and {@code exitCode} says why (1 data, 2 mapping). */
    record Row(MigrationFolder.Entry entry, Inspector.Status status, List<Diagnostic> errors, int exitCode) {
        String state() {
            return status == null ? "failed" : status.state().name().toLowerCase();
        }
    }

    private FolderStatus() {}

    static List<Row> rows(Path folder, String dbOverride, dev.mapper.db.DatabaseAddress.Options options) {
        List<Row> rows = new ArrayList<>();
        for (MigrationFolder.Entry entry : MigrationFolder.scan(folder)) {
            if (!entry.loaded()) {
                rows.add(new Row(entry, null, entry.errors(), MapperException.MAPPING));
                continue;
            }
            dev.mapper.db.DatabaseAddress db = MappingFiles.database(entry.mapping(), dbOverride, options);
            if (db instanceof dev.mapper.db.DatabaseAddress.SqliteFile file) {
                DatabaseFile.check(file.path()); // a missing database is the command's error, not one row's
            }
            try {
                rows.add(new Row(entry, new Inspector(db.dialect()).status(CompiledMapping.compile(entry.mapping()), db), List.of(), 0));
            } catch (MapperException e) {
                rows.add(new Row(entry, null, e.diagnostics(), e.exitCode()));
            }
        }
        return rows;
    }

    static void print(List<Row> rows, PrintWriter out) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"VERSION", "NAME", "STATE", "APPLIED AT", "CHECKSUM", "FILE"});
        for (Row row : rows) {
            var mapping = row.entry().mapping();
            var status = row.status();
            cells.add(new String[] {
                mapping == null ? row.entry().version().toString() : mapping.migration(),
                mapping == null ? "?" : mapping.name(),
                row.state(),
                status == null || status.appliedChecksum() == null ? "-" : TIME.format(Instant.ofEpochSecond(status.appliedAt())),
                mapping == null ? "-" : mapping.checksum().substring(0, 12),
                row.entry().file().toString()});
        }
        int[] width = new int[cells.get(0).length];
        cells.forEach(c -> {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        });
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                line.append(i == c.length - 1 ? c[i] : String.format("%-" + width[i] + "s  ", c[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        for (Row row : rows) {
            List<String> buildsOn = buildsOn(row, rows);
            if (!buildsOn.isEmpty()) {
                out.println();
                out.println(row.entry().mapping().migration() + " builds on " + String.join(", ", buildsOn) + ": it reads or changes what "
                        + (buildsOn.size() == 1 ? "that migration" : "those migrations") + " wrote, so roll it back first");
            }
        }
        for (Row row : rows) {
            if (row.status() != null && !row.status().details().isEmpty()) {
                out.println();
                out.println(row.entry().mapping().migration() + " " + row.state() + ":");
                row.status().details().forEach(d -> out.println("  " + d));
            }
        }
        out.flush();
    }

    /** The applied migrations before this applied one that it reads or changes the output of (empty when it is not applied). */
    static List<String> buildsOn(Row row, List<Row> rows) {
        List<String> earlier = new ArrayList<>();
        if (!applied(row)) {
            return earlier;
        }
        for (Row other : rows) {
            if (other == row) {
                break;
            }
            if (applied(other) && Dependencies.dependsOn(row.entry().mapping(), other.entry().mapping())) {
                earlier.add(other.entry().mapping().migration());
            }
        }
        return earlier;
    }

    private static boolean applied(Row row) {
        return row.status() != null && row.status().state() != Inspector.State.PENDING;
    }

    /** The reasons of the failed rows, as diagnostics on stderr; returns the exit code (0 when none failed and none drifted). */
    static int printFailures(List<Row> rows, PrintWriter err) {
        int exitCode = 0;
        DiagnosticPrinter printer = new DiagnosticPrinter();
        for (Row row : rows) {
            if (row.status() != null && !row.status().drift().isEmpty()) {
                exitCode = Math.max(exitCode, MapperException.DATA);
            } else if (row.status() == null) {
                printer.print(row.errors(), err);
                exitCode = Math.max(exitCode, row.exitCode());
            }
        }
        return exitCode;
    }

    static Map<String, Object> json(List<Row> rows, int exitCode) {
        Map<String, Object> json = JsonShapes.envelope("status", exitCode);
        List<Object> migrations = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> m = row.entry().mapping() == null ? new LinkedHashMap<>() : StatusCommand.json(row.entry().mapping(), row.status());
            m.put("version", row.entry().version());
            m.put("file", row.entry().file().toString());
            m.put("state", row.state());
            m.put("buildsOn", buildsOn(row, rows));
            m.put("errors", JsonShapes.errors(row.errors()));
            migrations.add(m);
        }
        json.put("migrations", migrations);
        return json;
    }
}
