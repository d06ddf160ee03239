package dev.mapper.cli;

import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.apply.Applier;
import dev.mapper.convert.Json;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Plan;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.Step;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply a mapping in one transaction: back up the database, write the targets, verify every value, record history. "
            + "Any failure rolls everything back. Running it again after success does nothing.",
        // one string per paragraph: picocli wraps each at the help width (a pre-broken line would be broken again)
        footer = {"", "MAPPING may be a folder of numbered mappings (004.yaml, 005-ui-config.yaml): the pending ones are applied "
            + "in version order, each in its own transaction, stopping at the first failure.",
            "", "After editing an applied mapping, apply it again: keys added are written, changed rules rewrite the values the app "
            + "has not changed since, and a value the app did change stops the apply until you choose --keep-changed or "
            + "--overwrite-changed. Removed keys stay unless --prune. 'mapper rollback' undoes the latest revision.",
            "", "Example:", "  mapper apply mappings/004.yaml --db data/llama-dashboard.db",
            "  mapper apply mappings/ --db data/llama-dashboard.db",
            "  mapper apply mappings/004.yaml --db data/llama-dashboard.db --report migration-004.md"})
final class ApplyCommand extends DatabaseCommand implements JsonCommand {
    @Mixin
    OutputOptions output;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write what happened to FILE: every key with its source, old and new value, default, verification; "
                + "the backup file and duration. Markdown, or JSON if FILE ends in .json")
    Path report;

    @Mixin
    RevisionOptions revisionOptions;

    @Mixin
    BackupRetention retention;

    @Option(names = "--adopt", description = "for a database an older script migrated (the targets exist, mapper has no history of them) whose "
            + "values differ from what the mapping computes: record those values as the applied state instead of refusing (they are listed first; "
            + "nothing is written to the targets)")
    boolean adopt;

    @Option(names = "--no-pushdown", description = "compute table targets in Java even where one INSERT … SELECT could (to compare both paths)")
    boolean noPushdown;

    private final List<ApplyRun> runs = new ArrayList<>();

    @Override
    public boolean json() {
        return output.json();
    }

    @Override
    public Map<String, Object> failureJson(String command, MapperException e) {
        return ApplyRun.toJson(runs, e.exitCode());
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        retention.keep(); // a wrong setting is refused before anything runs
        List<CompiledMapping> mappings = MappingFiles.loadAll(options.mapping);
        boolean folder = Files.isDirectory(options.mapping);
        for (CompiledMapping compiled : mappings) {
            applyOne(out, compiled, folder);
        }
        writeReport(0);
        List<dev.mapper.apply.file.BackupFiles.Backup> pruned = new ArrayList<>();
        runs.stream().filter(r -> r.backupFile() != null).map(ApplyRun::db).distinct().forEach(db -> pruned.addAll(retention.prune(db)));
        if (output.text()) {
            retention.print(out, pruned);
        }
        if (output.json()) {
            Map<String, Object> json = ApplyRun.toJson(runs, 0);
            json.put("prunedBackups", pruned.stream().map(b -> b.file().toString()).toList());
            out.println(Json.write(json));
        } else if (output.text() && folder) {
            long applied = runs.stream().filter(r -> r.outcome() != ApplyRun.Outcome.ALREADY_APPLIED).count();
            out.println();
            out.println(options.mapping + ": " + applied + " migration(s) applied, " + (runs.size() - applied) + " already applied.");
        }
        if (output.text() && report != null) {
            out.println("Report    " + report);
        }
        out.flush();
        return 0;
    }

    /** Applies one mapping; a failure writes the report (runs so far, and this one's errors) and stops the command. */
    private void applyOne(PrintWriter out, CompiledMapping compiled, boolean folder) {
        Mapping mapping = compiled.mapping();
        DatabaseAddress db = database(mapping);
        ApplyListener printing = output.text() ? new TextListener(out, mapping, db, output.verbose(),
                new ProgressLine(spec.commandLine().getErr(), ProgressLine.terminal())) : new ApplyListener() {};
        ApplyRun run = new ApplyRun(mapping, db, printing);
        runs.add(run);
        if (output.text()) {
            if (folder && runs.size() > 1) {
                out.println();
            }
            new Printer(out).header(mapping, db);
        }
        try {
            run.finished(new Applier(db.dialect(), !noPushdown).adopting(adopt).apply(compiled, db, options.waitSeconds, revisionOptions.options(), run));
        } catch (MapperException e) {
            run.failed(e.diagnostics());
            writeReport(e.exitCode());
            throw folder ? e.withNote("stopped at " + mapping.file() + "; the migrations before it stay applied, the ones after it did not run") : e;
        }
        if (output.text()) {
            printOutcome(out, run);
        }
    }

    private void writeReport(int exitCode) {
        if (report != null) {
            ReportWriter.write(report, runs, exitCode);
        }
    }

    private void printOutcome(PrintWriter out, ApplyRun run) {
        Mapping mapping = run.mapping();
        switch (run.outcome()) {
            case ALREADY_APPLIED:
                out.println("Migration " + mapping.migration() + " is already applied with this exact mapping; nothing to do.");
                break;
            case BASELINE:
                out.println("The targets already hold exactly what this mapping computes (migrated before mapper);");
                out.println("recorded migration " + mapping.migration() + " in mapper_history as a baseline. Nothing else was written.");
                break;
            case ADOPTED:
                out.println("Adopted: the targets keep the values listed above (migrated before mapper, with other values than this mapping computes);");
                out.println("recorded migration " + mapping.migration() + " in mapper_history as adopted. Nothing else was written; rollback forgets the record.");
                break;
            case REVISED:
                out.println("Applied revision " + run.revision().revision() + " of migration " + mapping.migration() + " in " + run.durationMs() + " ms: "
                        + run.revision().writes().size() + " key(s) added, written or pruned, recorded in mapper_history;"
                        + withOptions(" undo it with: mapper rollback " + mapping.file()));
                break;
            default:
                out.println("Applied migration " + mapping.migration() + " in " + run.durationMs() + " ms: "
                        + schemaSummary(run.schemaChanges())
                        + (mapping.targets().isEmpty() ? "" : mapping.keyCount() + " keys written, ")
                        + (mapping.appends().isEmpty() ? "" : mapping.appends().size() + " row(s) appended, ")
                        + (mapping.tables().isEmpty() ? "" : mapping.tables().size() + " table(s) filled, ") + "recorded in mapper_history.");
        }
    }

    /** "7 column(s) added, 1 already there, " — what a schema migration did, or nothing for one that writes only values. */
    static String schemaSummary(List<dev.mapper.change.Change> changes) {
        long columns = changes.stream().filter(c -> c instanceof dev.mapper.change.Change.ColumnAdded).count();
        long indexes = changes.stream().filter(c -> c instanceof dev.mapper.change.Change.IndexCreated).count();
        long there = changes.stream().filter(c -> c instanceof dev.mapper.change.Change.Satisfied).count();
        long redeclared = changes.stream().filter(c -> c instanceof dev.mapper.change.Change.ColumnRedeclared).count();
        return (columns > 0 ? columns + " column(s) added, " : "") + (redeclared > 0 ? redeclared + " column(s) redeclared, " : "")
                + (indexes > 0 ? indexes + " index(es) created, " : "")
                + (there > 0 ? there + " already there (left alone), " : "");
    }

    /** The text output: each stage printed as it happens. */
    private static final class TextListener implements ApplyListener {
        private final PrintWriter out;
        private final Mapping mapping;
        private final DatabaseAddress db;
        private final Printer printer;
        private final boolean verbose;
        private int steps;

        private final ProgressLine progress;

        TextListener(PrintWriter out, Mapping mapping, DatabaseAddress db, boolean verbose, ProgressLine progress) {
            this.progress = progress;
            this.db = db;
            this.out = out;
            this.mapping = mapping;
            this.printer = new Printer(out);
            this.verbose = verbose;
        }

        private List<dev.mapper.apply.table.TablePreview.Preview> previews = List.of();

        @Override
        public void tablesPreviewed(List<dev.mapper.apply.table.TablePreview.Preview> previews) {
            this.previews = previews;
        }

        @Override
        public void planned(Plan plan, List<String> fromBackup) {
            printer.plan(plan, fromBackup, false, previews, db.dialect().engineName());
            steps = plan.steps().size();
        }

        @Override
        public void revisionPlanned(RevisionPlan plan, List<String> fromBackup) {
            printer.revision(plan, fromBackup, false);
            steps = plan.backupSteps().size() + plan.writeSteps().size();
        }

        @Override
        public void baselined(Plan plan, String summary) {
            out.println();
            out.println("Existing  " + summary);
            out.flush();
        }

        @Override
        public void appendsPlanned(List<dev.mapper.plan.AppendValues> rows) {
            printer.appends(rows);
        }

        @Override
        public void schemaPlanned(List<dev.mapper.change.Change> changes, List<String> statements) {
            printer.schema(changes, statements, db.dialect());
        }

        @Override
        public void columnsComputed(String table, String columns, String how, long millis) {
            out.println("Computed  " + table + "." + (columns.contains(",") ? "{" + columns + "}" : columns) + " for every row: "
                    + (how.equals("SQL") ? "pushed down, one UPDATE" : how.equals("Java") ? "in Java, row by row (a rule needs Java)" : "in " + how) + ", in " + millis + " ms");
            out.flush();
        }

        @Override
        public void backedUp(Path backupFile, int rows) {
            out.println();
            out.println("Backup    " + backupFile + " (" + BackupNote.of(db, backupFile, "any change") + ")"
                    + (mapping.sources().isEmpty() ? "" : "; " + rows + " source row(s) saved in table " + mapping.backupTable()));
            out.flush();
        }

        @Override
        public void executing(int number, Step step) {
            if (verbose) {
                out.println("Run       " + number + "/" + steps + ": " + step.display() + ";");
                out.flush();
            }
        }

        @Override
        public boolean wantsProgress() {
            return progress.enabled();
        }

        @Override
        public void tableProgress(String table, long rows, long total, long startNanos) {
            progress.update(table, rows, total, startNanos);
        }

        @Override
        public void tableWritten(String table, long rows, String how, long millis) {
            progress.done();
            out.println("Table     " + table + ": " + rows + " row(s) written, " + how + ", in " + millis + " ms");
            out.flush();
        }

        @Override
        public void verified(String summary) {
            out.println("Verify    " + summary);
            out.flush();
        }
    }
}
