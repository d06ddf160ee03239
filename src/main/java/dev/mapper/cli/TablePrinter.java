package dev.mapper.cli;

import dev.mapper.model.TableColumn;
import dev.mapper.model.TableTarget;
import dev.mapper.plan.TablePlan;
import dev.mapper.apply.table.TablePreview;
import dev.mapper.convert.Converter;
import java.io.PrintWriter;
import java.util.Map;
import java.util.List;

/** How a table target's plan reads: each column as the created table declares it, in SQL or Java (and why), and the statement that fills the table. */
final class TablePrinter {
    private final PrintWriter out;

    private final boolean listSql;
    private final List<TablePreview.Preview> previews;
    private final String engine;

    /**
     * @param previews the first rows before → after, by table target (plan shows them; apply has none)
     * @param engine the engine that assigns an autoincrement column's ids ("SQLite", "PostgreSQL")
     */
    TablePrinter(PrintWriter out, boolean listSql, List<TablePreview.Preview> previews, String engine) {
        this.engine = engine;
        this.out = out;
        this.listSql = listSql;
        this.previews = previews;
    }

    void print(List<TablePlan> plans) {
        plans.forEach(this::table);
    }

    private void preview(TableTarget t) {
        for (TablePreview.Preview p : previews) {
            if (p.target().table().equals(t.table())) {
                out.println("  " + (p.rows().size() < p.sourceRows() ? "first " + p.rows().size() + " of " : "")
                        + p.sourceRows() + " source row(s), before -> after:");
                for (TablePreview.Row row : p.rows()) {
                    out.println("    " + t.source().table() + " " + render(row.before()));
                    out.println("      -> " + (row.after() == null ? "error: " + row.error() : t.table() + " " + render(row.after())));
                }
            }
        }
    }

    private static String render(Map<String, Object> values) {
        StringBuilder text = new StringBuilder("{");
        values.forEach((k, v) -> text.append(text.length() > 1 ? ", " : "").append(k).append(": ").append(Converter.render(v)));
        return text.append("}").toString();
    }

    private void table(TablePlan plan) {
        TableTarget t = plan.target();
        out.println();
        out.println("Table " + t.table() + " (one row per row of " + t.source().describe() + "; key " + String.join(", ", t.key()) + ")");
        int width = t.declared().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        int declWidth = plan.declarations().stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < t.declared().size(); i++) {
            TableColumn column = t.declared().get(i);
            TablePlan.ColumnPlan c = plan.columns().stream().filter(p -> p.rule().name().equals(column.name())).findFirst().orElse(null);
            String how = c == null ? "assigned by " + engine + " (the app's INSERTs continue the sequence)"
                    : (c.pushed() ? "SQL" : "Java: " + c.notPushedBecause()) + (t.writesNull(c.rule()) ? "; NULL stays NULL" : "");
            out.printf("  %-" + width + "s  %-8s %-" + declWidth + "s  %s%n", column.name(), column.type().name(), plan.declarations().get(i), how);
        }
        preview(t);
        if (listSql) {
            out.println("  " + plan.createTable().display() + ";");
        }
        if (plan.pushedDown()) {
            out.println("Pushed down: every column translates to SQL, so one statement fills the table inside the database;");
            out.println("a row SQL cannot convert exactly as Java does stops it, and Java computes the table instead.");
            if (listSql) {
                out.println("  " + plan.insertSelect().display() + ";");
            }
        } else {
            out.println("Streamed: " + plan.columns().stream().filter(c -> !c.pushed()).count() + " column(s) need Java, so the rows are read in one pass,");
            out.println("computed in Java and written in batches of prepared INSERTs.");
        }
    }
}
