package dev.mapper.cli;

import dev.mapper.model.TableTarget;
import dev.mapper.plan.TablePlan;
import java.io.PrintWriter;
import java.util.List;

/** How a table target's plan reads: each column in SQL or Java (and why), and the statement that fills the table. */
final class TablePrinter {
    private final PrintWriter out;

    private final boolean listSql;

    TablePrinter(PrintWriter out, boolean listSql) {
        this.out = out;
        this.listSql = listSql;
    }

    void print(List<TablePlan> plans) {
        plans.forEach(this::table);
    }

    private void table(TablePlan plan) {
        TableTarget t = plan.target();
        out.println();
        out.println("Table " + t.table() + " (one row per row of " + t.source().describe() + "; key " + String.join(", ", t.key()) + ")");
        int width = t.columns().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (TablePlan.ColumnPlan c : plan.columns()) {
            out.printf("  %-" + width + "s  %-8s %s%n", c.rule().name(), c.rule().type().name(), c.pushed() ? "SQL" : "Java: " + c.notPushedBecause());
        }
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
