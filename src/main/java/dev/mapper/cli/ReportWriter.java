package dev.mapper.cli;

import dev.mapper.convert.Converter;
import dev.mapper.convert.Json;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.Stored;
import dev.mapper.plan.TargetValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --report FILE}: what an apply did, for people (Markdown) or programs (JSON, when the
 * file name ends in {@code .json}, the same shape as {@code apply --json}).
 */
final class ReportWriter {
    private ReportWriter() {}

    static void write(Path file, List<ApplyRun> runs, int exitCode) {
        String text = file.getFileName().toString().toLowerCase().endsWith(".json")
                ? Json.write(ApplyRun.toJson(runs, exitCode)) + "\n"
                : markdown(runs);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MapperException.data("cannot write the report " + file + ": " + e.getMessage(),
                    "choose a writable path for --report (the migration itself is not affected)");
        }
    }

    static String markdown(List<ApplyRun> runs) {
        StringBuilder md = new StringBuilder();
        for (ApplyRun run : runs) {
            if (md.length() > 0) {
                md.append("\n");
            }
            migration(md, run);
        }
        return md.toString();
    }

    private static void migration(StringBuilder md, ApplyRun run) {
        var mapping = run.mapping();
        md.append("# Migration ").append(mapping.migration()).append(" (").append(mapping.name()).append(")\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "outcome", run.outcome().name().toLowerCase().replace('_', ' '));
        row(md, "mapping", code(mapping.file()) + ", sha256 " + code(mapping.checksum()));
        row(md, "database", code(run.db().display()));
        row(md, "started", run.started().toString());
        row(md, "duration", run.durationMs() + " ms");
        row(md, "backup file", run.backupFile() == null ? "none (nothing was written)" : code(run.backupFile().toString()));
        row(md, "verification", run.verification() == null ? "not run" : run.verification());
        if (run.plan() != null) {
            boolean verified = run.verified();
            for (TargetValues target : run.plan().targets()) {
                md.append("\n## ").append(target.target().table()).append("\n\n");
                md.append("| key | source | old value | new value | default applied | verified |\n|---|---|---|---|---|---|\n");
                for (KeyValue v : target.values()) {
                    md.append("| ").append(v.rule().name())
                            .append(" | ").append(escape(v.origin()))
                            .append(" | ").append(v.sourceValue() == null ? "—" : code(Converter.render(v.sourceValue())))
                            .append(" | ").append(code(Converter.render(v.value())))
                            .append(" | ").append(v.defaulted() ? "yes" : "no")
                            .append(" | ").append(verified ? "ok" : "—")
                            .append(" |\n");
                }
            }
        }
        if (run.revision() != null) {
            revision(md, run.revision(), run.outcome() == ApplyRun.Outcome.REVISED);
        }
        if (!run.tables().isEmpty()) {
            md.append("\n## Table targets\n\n| table | rows written | how | duration |\n|---|---|---|---|\n");
            for (ApplyRun.TableFill t : run.tables()) {
                md.append("| ").append(t.table()).append(" | ").append(t.rows()).append(" | ").append(escape(t.how()))
                        .append(" | ").append(t.millis()).append(" ms |\n");
            }
        }
        if (!run.errors().isEmpty()) {
            md.append("\n## Errors\n\n");
            for (Diagnostic d : run.errors()) {
                md.append("- ").append(escape(d.headline())).append(d.hint() == null ? "" : " — " + escape(d.hint().replace("\n", " "))).append("\n");
            }
        }
    }

    /** An edited mapping applied over its applied revision: per key what changed, what was done, and the values involved. */
    private static void revision(StringBuilder md, RevisionPlan plan, boolean verified) {
        md.append("\n## Revision ").append(plan.revision()).append(" (over revision ").append(plan.appliedRevision()).append(")\n\n");
        md.append("| key | change | action | applied value | value before | new value | verified | why |\n|---|---|---|---|---|---|---|---|\n");
        for (RevisionPlan.KeyDecision d : plan.decisions()) {
            md.append("| ").append(d.table()).append('.').append(d.key())
                    .append(" | ").append(escape(d.change()))
                    .append(" | ").append(d.action().name().toLowerCase())
                    .append(" | ").append(stored(d.written()))
                    .append(" | ").append(stored(d.now()))
                    .append(" | ").append(stored(d.next()))
                    .append(" | ").append(verified ? "ok" : "—")
                    .append(" | ").append(escape(d.why()))
                    .append(" |\n");
        }
    }

    private static String stored(Object value) {
        if (value == null) {
            return "—";
        }
        return code(value instanceof Stored.Row row ? Converter.render(row.text()) : Converter.render(value));
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String code(String text) {
        return "`" + escape(text).replace("`", "'") + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
