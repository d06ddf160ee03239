package dev.mapper.cli;

import dev.mapper.convert.Converter;
import dev.mapper.model.Mapping;
import dev.mapper.model.Target;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Plan;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.Step;
import dev.mapper.plan.TargetValues;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** How plans and results read on a terminal. */
final class Printer {
    private final PrintWriter out;

    Printer(PrintWriter out) {
        this.out = out;
    }

    void header(Mapping mapping, Path db) {
        out.println("Migration " + mapping.migration() + " (" + mapping.name() + ") from " + mapping.file()
                + ", sha256 " + mapping.checksum().substring(0, 12));
        out.println("Database  " + db.toAbsolutePath().normalize());
    }

    void plan(Plan plan, List<String> fromBackup) {
        Mapping mapping = plan.compiled().mapping();
        out.println();
        out.println("Sources");
        int width = mapping.sources().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (var source : mapping.sources()) {
            SourceData data = plan.sources().get(source.name());
            String state = !data.present() ? "missing: its keys take their defaults"
                    : (fromBackup.contains(source.name()) ? "gone from the table; read from backup table " + mapping.backupTable()
                            : "found (" + data.values().size() + (source instanceof dev.mapper.model.Source.Rows ? " rows)" : " fields)"));
            out.printf("  %-" + width + "s  %s: %s%n", source.name(), source.describe(), state);
        }
        out.println();
        out.println("Values");
        for (TargetValues target : plan.targets()) {
            Target t = target.target();
            out.println("  " + t.table() + (t instanceof Target.Document d ? " (one JSON document, row '" + d.key() + "')" : " (one row per key)"));
            int keyWidth = target.values().stream().mapToInt(v -> v.rule().name().length()).max().orElse(0);
            int valueWidth = Math.min(40, target.values().stream().mapToInt(v -> Converter.render(v.value()).length()).max().orElse(0));
            for (KeyValue v : target.values()) {
                out.printf("    %-" + keyWidth + "s  %-" + valueWidth + "s  %s%n", v.rule().name(), Converter.render(v.value()), v.origin());
            }
        }
        out.println();
        out.println("Plan: " + plan.steps().size() + " SQL steps in one transaction (values are bound as parameters; shown inline here)");
        int n = 0;
        int digits = String.valueOf(plan.steps().size()).length();
        for (Step step : plan.steps()) {
            out.printf("  %" + digits + "d. %s;%n", ++n, step.display());
        }
        out.flush();
    }
}
