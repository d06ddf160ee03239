package dev.mapper.cli;

import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.diag.Diagnostic;
import dev.mapper.model.Mapping;
import dev.mapper.plan.Plan;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.Step;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one apply reported as it went (plan, backup, verification) and how it ended: what
 * reports and {@code --json} are built from, and what the text output prints as it happens.
 */
final class ApplyRun implements ApplyListener {
    enum Outcome { APPLIED, ALREADY_APPLIED, REVISED, BASELINE, ADOPTED, FAILED }

    private final Mapping mapping;
    private final dev.mapper.db.DatabaseAddress db;
    private final Instant started = Instant.now();
    private final ApplyListener printing;
    private Plan plan;
    private RevisionPlan revision;
    private List<String> fromBackup = List.of();
    private List<dev.mapper.change.Change> schemaChanges = List.of();
    private Path backupFile;
    private String verification;
    private Outcome outcome;
    private long durationMs;
    private List<Diagnostic> errors = List.of();
    private final List<TableFill> tables = new ArrayList<>();
    private List<dev.mapper.apply.table.TablePreview.Preview> previews = List.of();

    /** A table target filled during the apply. */
    record TableFill(String table, long rows, String how, long millis) {}

    /** {@code printing} receives every event too (the text output), or is a no-op. */
    ApplyRun(Mapping mapping, dev.mapper.db.DatabaseAddress db, ApplyListener printing) {
        this.mapping = mapping;
        this.db = db;
        this.printing = printing;
    }

    @Override
    public boolean wantsPreview() {
        return true;
    }

    @Override
    public void tablesPreviewed(List<dev.mapper.apply.table.TablePreview.Preview> previews) {
        this.previews = List.copyOf(previews);
        printing.tablesPreviewed(previews);
    }

    @Override
    public void planned(Plan plan, List<String> fromBackup) {
        this.plan = plan;
        this.fromBackup = List.copyOf(fromBackup);
        printing.planned(plan, fromBackup);
    }

    @Override
    public void revisionPlanned(RevisionPlan revision, List<String> fromBackup) {
        this.revision = revision;
        this.fromBackup = List.copyOf(fromBackup);
        printing.revisionPlanned(revision, fromBackup);
    }

    @Override
    public void baselined(Plan plan, String summary) {
        this.plan = plan;
        this.verification = summary;
        printing.baselined(plan, summary);
    }

    @Override
    public void schemaPlanned(List<dev.mapper.change.Change> changes, List<String> statements) {
        this.schemaChanges = List.copyOf(changes);
        printing.schemaPlanned(changes, statements);
    }

    @Override
    public void columnsComputed(String table, String columns, String how, long millis) {
        printing.columnsComputed(table, columns, how, millis);
    }

    /** The schema changes planned (empty for a migration that only writes values). */
    List<dev.mapper.change.Change> schemaChanges() {
        return schemaChanges;
    }

    @Override
    public void appendsPlanned(List<dev.mapper.plan.AppendValues> rows) {
        printing.appendsPlanned(rows);
    }

    @Override
    public void backedUp(Path backupFile, int rows) {
        this.backupFile = backupFile;
        printing.backedUp(backupFile, rows);
    }

    @Override
    public void executing(int number, Step step) {
        printing.executing(number, step);
    }

    @Override
    public boolean wantsProgress() {
        return printing.wantsProgress();
    }

    @Override
    public void tableProgress(String table, long rows, long total, long startNanos) {
        printing.tableProgress(table, rows, total, startNanos);
    }

    @Override
    public void tableWritten(String table, long rows, String how, long millis) {
        tables.add(new TableFill(table, rows, how, millis));
        printing.tableWritten(table, rows, how, millis);
    }

    @Override
    public void verified(String summary) {
        this.verification = summary;
        printing.verified(summary);
    }

    void finished(ApplyResult result) {
        outcome = switch (result.outcome()) { // exhaustive: a new engine outcome must be named here
            case APPLIED -> Outcome.APPLIED;
            case ALREADY_APPLIED -> Outcome.ALREADY_APPLIED;
            case REVISED -> Outcome.REVISED;
            case BASELINE -> Outcome.BASELINE;
            case ADOPTED -> Outcome.ADOPTED;
        };
        durationMs = result.durationMs();
        if (result.backupFile() != null) {
            backupFile = result.backupFile();
        }
    }

    void failed(List<Diagnostic> diagnostics) {
        outcome = Outcome.FAILED;
        durationMs = java.time.Duration.between(started, Instant.now()).toMillis();
        errors = List.copyOf(diagnostics);
    }

    Mapping mapping() {
        return mapping;
    }

    dev.mapper.db.DatabaseAddress db() {
        return db;
    }

    Instant started() {
        return started;
    }

    /** Null for an already applied mapping or a run that failed before computing values. */
    Plan plan() {
        return plan;
    }

    /** The revision computed for an applied mapping that was edited, or null. */
    RevisionPlan revision() {
        return revision;
    }

    Path backupFile() {
        return backupFile;
    }

    String verification() {
        return verification;
    }

    Outcome outcome() {
        return outcome;
    }

    long durationMs() {
        return durationMs;
    }

    List<Diagnostic> errors() {
        return errors;
    }

    /** Whether every target key was verified: applied (before commit), or a baseline whose targets matched. */
    boolean verified() {
        return outcome == Outcome.APPLIED || outcome == Outcome.BASELINE;
    }

    List<TableFill> tables() {
        return List.copyOf(tables);
    }

    /** This run as one element of the {@code migrations} list of apply's JSON output and JSON reports. */
    Map<String, Object> toJson() {
        Map<String, Object> json = JsonShapes.mapping(mapping);
        json.put("database", db.display());
        json.put("outcome", outcome == null ? null : outcome.name().toLowerCase());
        json.put("startedAt", started.toString());
        json.put("durationMs", durationMs);
        json.put("backupFile", backupFile == null ? null : backupFile.toString());
        json.put("verification", verification);
        json.put("sources", plan == null ? List.of() : JsonShapes.sources(plan, fromBackup));
        json.put("targets", plan == null ? List.of() : JsonShapes.targets(plan.targets(), verified() ? Boolean.TRUE : null));
        json.put("steps", plan == null ? List.of() : JsonShapes.steps(plan.steps()));
        json.put("warnings", plan == null ? List.of() : dev.mapper.plan.NearMisses.find(mapping, plan.targets(), plan.sources()));
        json.put("revision", revision == null ? null : JsonShapes.revision(revision));
        List<Object> filled = new ArrayList<>();
        for (TableFill t : tables) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("table", t.table());
            table.put("rows", t.rows());
            table.put("how", t.how());
            table.put("durationMs", t.millis());
            previews.stream().filter(p -> p.target().table().equals(t.table())).findFirst().ifPresent(p -> {
                table.put("sourceRows", p.sourceRows());
                table.put("preview", JsonShapes.preview(p));
            });
            filled.add(table);
        }
        json.put("tables", filled);
        json.put("errors", JsonShapes.errors(errors));
        return json;
    }

    static Map<String, Object> toJson(List<ApplyRun> runs, int exitCode) {
        Map<String, Object> json = JsonShapes.envelope("apply", exitCode);
        List<Object> migrations = new ArrayList<>();
        runs.forEach(r -> migrations.add(r.toJson()));
        json.put("migrations", migrations);
        return new LinkedHashMap<>(json);
    }
}
