package dev.mapper.cli;

import dev.mapper.inspect.DatabaseSummary;
import dev.mapper.convert.Json;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what a database holds: every table with its columns and row count, and the JSON documents stored in "
            + "key/value tables (the sources a mapping reads). Changes nothing.",
        footer = {"", "Example:", "  mapper inspect --db data/llama-dashboard.db"})
final class InspectCommand implements Callable<Integer>, JsonCommand {
    @Option(names = "--db", paramLabel = "PATH|URL", required = true, description = "the SQLite database file to look at, or a PostgreSQL "
            + "database as postgresql://USER@HOST:PORT/DBNAME?schema=NAME")
    String db;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "PostgreSQL: a file whose first line is the password "
            + "(else PGPASSWORD, else ~/.pgpass or PGPASSFILE)")
    Path passwordFile;

    @Option(names = OutputOptions.JSON, description = "print one JSON document on stdout instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DatabaseAddress address;
        try {
            address = DatabaseAddress.parse(db, System.getenv(), new DatabaseAddress.Options(passwordFile, null));
        } catch (DatabaseAddress.Refused e) {
            throw MapperException.usage("--db: " + e.getMessage(), e.hint());
        }
        List<DatabaseSummary.Table> tables = new DatabaseSummary(address.dialect()).read(address);
        if (json) {
            out.println(Json.write(json(address, tables)));
        } else {
            print(out, address, tables);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, DatabaseAddress address, List<DatabaseSummary.Table> tables) {
        out.println("Database  " + address.display());
        out.println();
        int width = tables.stream().mapToInt(t -> t.name().length()).max().orElse(5);
        out.printf("%-" + width + "s  %6s  %s%n", "TABLE", "ROWS", "COLUMNS");
        for (DatabaseSummary.Table t : tables) {
            out.printf("%-" + width + "s  %6d  %s%n", t.name(), t.rows(), String.join(", ", t.columns()));
        }
        for (DatabaseSummary.Table t : tables) {
            for (DatabaseSummary.Document d : t.documents()) {
                out.println();
                out.println(t.name() + " row '" + d.key() + "':");
                out.println(Json.pretty(d.value()).indent(2).stripTrailing());
            }
            if (!t.values().isEmpty()) {
                out.println();
                out.println(t.name() + " rows (not JSON documents):");
                int keyWidth = t.values().stream().mapToInt(v -> v.key().length()).max().orElse(0);
                for (DatabaseSummary.Document v : t.values()) {
                    String text = String.valueOf(v.value());
                    text = text.length() > 80 ? text.substring(0, 77) + "..." : text;
                    out.printf("  %-" + keyWidth + "s = %s%n", v.key(), text.replace("\n", "\\n"));
                }
            }
            if (t.moreDocuments() > 0) {
                out.println();
                out.println(t.name() + ": " + t.moreDocuments() + " more row(s) not shown");
            }
        }
    }

    private Map<String, Object> json(DatabaseAddress address, List<DatabaseSummary.Table> tables) {
        Map<String, Object> json = JsonShapes.envelope("inspect", 0);
        json.put("database", address.display());
        List<Object> list = new ArrayList<>();
        for (DatabaseSummary.Table t : tables) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("name", t.name());
            table.put("rows", t.rows());
            table.put("columns", t.columns());
            List<Object> documents = new ArrayList<>();
            for (DatabaseSummary.Document d : t.documents()) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("key", d.key());
                document.put("value", d.value());
                documents.add(document);
            }
            table.put("documents", documents);
            List<Object> values = new ArrayList<>();
            for (DatabaseSummary.Document v : t.values()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("key", v.key());
                value.put("value", v.value());
                values.add(value);
            }
            table.put("values", values);
            table.put("moreDocuments", t.moreDocuments());
            list.add(table);
        }
        json.put("tables", list);
        return json;
    }
}
