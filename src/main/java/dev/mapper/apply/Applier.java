package dev.mapper.apply;

import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.apply.history.History;
import dev.mapper.apply.revision.RevisionApplier;
import dev.mapper.apply.revision.RevisionBackup;
import dev.mapper.apply.table.TableMigration;
import dev.mapper.change.Change;
import dev.mapper.change.ChangeLog;
import dev.mapper.change.RowsHash;
import dev.mapper.db.SqlBudget;
import dev.mapper.change.SchemaChanges;
import dev.mapper.change.WholeRow;
import dev.mapper.convert.Json;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.IndexDecl;
import dev.mapper.model.Mapping;
import dev.mapper.model.Source;
import dev.mapper.model.Target;
import dev.mapper.plan.AppendValues;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Evaluator;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Plan;
import dev.mapper.plan.Planner;
import dev.mapper.plan.RetireGuard;
import dev.mapper.plan.RevisionPlanner;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.Step;
import dev.mapper.plan.TargetValues;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a mapping in one transaction: lock, preflight (history, sources, existing targets),
 * backup (file copy, then backup rows), writes, verification, history, commit. Anything that goes
 * wrong rolls back, so the database keeps the bytes it had.
 */
public final class Applier {
    private final Dialect dialect;
    private final boolean pushdown;
    private boolean adopt;

    public Applier(Dialect dialect) {
        this(dialect, true);
    }

    /** {@code pushdown} false: table targets are always computed in Java (to compare both paths). */
    public Applier(Dialect dialect, boolean pushdown) {
        this.dialect = dialect;
        this.pushdown = pushdown;
    }

    /**
     * {@code adopt}: targets an older script migrated, holding other values than the mapping
     * computes, are recorded as the applied state (instead of refused); see {@link #baseline}.
     */
    public Applier adopting(boolean adopt) {
        this.adopt = adopt;
        return this;
    }

    public ApplyResult apply(CompiledMapping compiled, Path db, int waitSeconds, ApplyListener listener) {
        return apply(compiled, new DatabaseAddress.SqliteFile(db), waitSeconds, RevisionPlanner.Options.DEFAULT, listener);
    }

    public ApplyResult apply(CompiledMapping compiled, Path db, int waitSeconds, RevisionPlanner.Options options, ApplyListener listener) {
        return apply(compiled, new DatabaseAddress.SqliteFile(db), waitSeconds, options, listener);
    }

    /** {@code options} say what a new revision of an applied, edited mapping does with values the app changed, and with removed keys. */
    public ApplyResult apply(CompiledMapping compiled, DatabaseAddress db, int waitSeconds, RevisionPlanner.Options options, ApplyListener listener) {
        boolean redeclares = !compiled.mapping().columns().isEmpty(); // a column may be redeclared: its table rebuilt
        return Transaction.write(dialect, db, waitSeconds, redeclares, c -> applyLocked(compiled, db, c, options, listener));
    }

    private ApplyResult applyLocked(CompiledMapping compiled, DatabaseAddress db, Connection c, RevisionPlanner.Options options, ApplyListener listener)
            throws SQLException {
        long start = System.nanoTime();
        Mapping mapping = compiled.mapping();
        dialect.lockTables(c, LockedTables.of(mapping));
        History history = new History(dialect, c);
        Optional<History.Entry> applied = history.latest(mapping.migration());
        if (applied.isPresent()) {
            if (RevisionApplier.unchanged(applied.get(), mapping)) {
                return new ApplyResult(ApplyResult.Outcome.ALREADY_APPLIED, null, 0, 0);
            }
            if (!mapping.tables().isEmpty() || mapping.changesSchema() || hasInPlaceTarget(mapping)) {
                throw MapperException.mapping(List.of(Diagnostic.of("migration " + mapping.migration() + " changes a schema, fills table targets or evolves a document in place, and was applied "
                        + "from a different text of " + mapping.file(), "such a migration is not revised in place; undo it with: mapper rollback "
                        + mapping.file() + ", then apply the edited file")));
            }
            RevisionApplier revisions = new RevisionApplier(dialect, c);
            return revisions.apply(revisions.prepare(compiled, applied.get(), options), db, listener, this, start);
        }
        TableMigration tables = new TableMigration(dialect, c, pushdown && dialect.pushdown());
        tables.preflight(compiled);
        SchemaChanges schema = new SchemaChanges(dialect, c);
        List<Change> schemaChanges = schema.plan(compiled);
        Map<String, String> documentsBefore = InPlaceDocuments.read(dialect, c, mapping);
        AppendedRows appends = new AppendedRows(dialect, c);
        appends.check(mapping);
        List<String> fromBackup = new ArrayList<>();
        SourceReader reader = new SourceReader(dialect, c);
        Map<String, SourceData> sources = reader.read(mapping, fromBackup);
        Plan plan = new Planner(dialect).plan(compiled, sources, TableMigration.rowIds(dialect, c, compiled.mapping()), documentsBefore,
                TableMigration.sourceTypes(dialect, c, compiled.mapping()));
        RetireGuard.check(mapping, sources, fromBackup);
        List<AppendValues> appendValues = Evaluator.evaluateAppends(compiled, sources);
        Verifier verifier = new Verifier(dialect, c);
        if (anyTargetHasRows(mapping, c)) {
            return baseline(compiled, sources, verifier, history, start, plan, listener);
        }
        if (!mapping.tables().isEmpty() && listener.wantsPreview()) {
            listener.tablesPreviewed(new dev.mapper.apply.table.TablePreview(dialect).of(compiled, c));
        }
        listener.planned(plan, fromBackup);
        listener.schemaPlanned(schemaChanges, schemaChanges.stream().map(schema::statement).toList());
        listener.appendsPlanned(appendValues);

        Set<String> named = namedTables(mapping);
        Map<String, String> untouchedBefore = SqlBudget.during("taking the fingerprints of the tables migration " + mapping.migration()
                + " does not name", () -> Fingerprints.of(dialect, c, named));
        List<String> created = new ArrayList<>();
        for (String table : createdBy(mapping)) {
            if (!dialect.tableExists(c, table)) {
                created.add(table);
            }
        }
        List<Change> targetIndexes = new ArrayList<>(); // an index on the key of a target table that exists already: rollback drops it
        for (Target target : mapping.targets()) {
            if (target.index() != null && dialect.tableExists(c, target.table()) && dialect.index(c, target.index()).isEmpty()) {
                targetIndexes.add(new Change.IndexCreated(new IndexDecl(target.index(), target.table(), List.of(new IndexDecl.Column("key", false)), false,
                        target.pos())));
            }
        }
        List<Change> retired = new ArrayList<>(); // each row the retirement deletes, whole: what rollback puts back byte for byte
        for (String name : mapping.retire()) {
            Source source = mapping.source(name).orElseThrow();
            String keyColumn = source instanceof Source.Document d ? d.keyColumn() : ((Source.Rows) source).keyColumn();
            for (var row : sources.get(name).rows()) {
                if (!fromBackup.contains(name)) {
                    WholeRow.read(dialect, c, source.table(), keyColumn, row.key())
                            .ifPresent(whole -> retired.add(new Change.RowRetired(source.table(), keyColumn, row.key(), whole)));
                }
            }
        }
        Path backupFile = DatabaseFile.backUp(dialect, db, mapping.migration(), "before-apply");
        listener.backedUp(backupFile, plan.backupRows().size());
        try {
            schemaChanges = schema.execute(schemaChanges);
            schema.fills().forEach(f -> listener.columnsComputed(f.table(), f.columns(), f.how(), f.millis()));
            execute(c, plan.steps(), listener);
            long tableRows = tables.write(compiled, listener);
            List<Change> appended = appends.write(appendValues);
            List<String> schemaProblems = new ArrayList<>(schema.verify(schemaChanges));
            schemaProblems.addAll(appends.verify(appendValues, appended));
            if (!schemaProblems.isEmpty()) {
                throw MapperException.data(schemaProblems.stream().map(p -> Diagnostic.of("verification failed: " + p, null)).toList());
            }
            int schemaCount = schemaChanges.size();
            SqlBudget.during("verifying what migration " + mapping.migration() + " wrote", () -> {
                verify(compiled, sources, verifier, reader, untouchedBefore, named, c, listener, tables, tableRows, schemaCount);
                return null;
            });
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            List<Change> changes = new ArrayList<>(schemaChanges);
            changes.addAll(targetIndexes);
            changes.addAll(written(plan, created, documentsBefore, c));
            changes.addAll(retired);
            changes.addAll(appended);
            new ChangeLog(dialect, c).record(mapping.migration(), 1, changes);
            history.record(mapping.migration(), 1, mapping.name(), "applied", mapping.checksum(), mapping.text(), durationMs,
                    mapping.keyCount(), plan.backupRows().size(), created, backupFile.toString());
            return new ApplyResult(ApplyResult.Outcome.APPLIED, backupFile, durationMs, mapping.keyCount());
        } catch (MapperException e) {
            throw e.withNote(Transaction.ROLLED_BACK);
        } catch (SQLException e) {
            throw Transaction.translateWhileLocked(dialect, e, db).withNote(Transaction.ROLLED_BACK);
        }
    }

    /** The targets exist already with rows (an older script ran): equal values are recorded, different ones refused. */
    private ApplyResult baseline(CompiledMapping compiled, Map<String, SourceData> sources, Verifier verifier, History history, long start,
            Plan plan, ApplyListener listener) throws SQLException {
        Mapping mapping = compiled.mapping();
        Verifier.Result result = verifier.check(compiled, sources);
        boolean everyTargetThere = true;
        for (Target target : mapping.targets()) {
            everyTargetThere &= dialect.tableExists(history.connection(), target.table());
        }
        if (!result.ok() && adopt && everyTargetThere) { // only values that exist can be adopted
            listener.baselined(plan, "adopting the values the targets hold now, which differ from what this mapping computes:\n          "
                    + String.join("\n          ", result.differences()));
            List<Change> kept = new ArrayList<>();
            for (Target target : mapping.targets()) {
                for (var row : TargetRows.read(dialect, history.connection(), target.table())) {
                    kept.add(new Change.RowWritten(target.table(), row.getKey(), row.getValue(), row.getValue(), null));
                }
            }
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            new ChangeLog(dialect, history.connection()).record(mapping.migration(), 1, kept);
            history.record(mapping.migration(), 1, mapping.name(), "adopted", mapping.checksum(), mapping.text(), durationMs, 0, 0, List.of(), null);
            return new ApplyResult(ApplyResult.Outcome.ADOPTED, null, durationMs, 0);
        }
        if (!result.ok()) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (String difference : result.differences()) {
                diagnostics.add(Diagnostic.of("target already holds a different value: " + difference, null));
            }
            diagnostics.add(Diagnostic.of("the targets of migration " + mapping.migration() + " already exist with other values and mapper has no history of them",
                    "mapper never overwrites data silently: compare them with the mapping (mapper plan). To keep the values they hold as the\n"
                            + "applied state, apply again with --adopt; if the targets are wrong, back up the database and remove the target rows first"));
            throw MapperException.data(diagnostics);
        }
        listener.baselined(plan, "ok: the existing targets hold exactly the " + result.keysChecked() + " values this mapping computes");
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        history.record(mapping.migration(), 1, mapping.name(), "baseline", mapping.checksum(), mapping.text(), durationMs, 0, 0, List.of(), null);
        return new ApplyResult(ApplyResult.Outcome.BASELINE, null, durationMs, 0);
    }

    /**
     * What the writes did, as change records: each table created (with a hash of the rows it holds
     * now, so rollback sees any write since), then each key/value row written with what it held before.
     */
    private List<Change> written(Plan plan, List<String> created, Map<String, String> documentsBefore, Connection c) throws SQLException {
        List<Change> changes = new ArrayList<>();
        for (String table : created) {
            changes.add(new Change.TableCreated(table, SqlBudget.during("recording what migration " + plan.compiled().mapping().migration() + " wrote",
                    () -> RowsHash.of(dialect, c, table))));
        }
        for (TargetValues values : plan.targets()) {
            Target target = values.target();
            if (target instanceof Target.Document doc) {
                String before = documentsBefore.get(doc.table());
                String after = doc.inPlace() ? Planner.evolved(before, values) : Json.write(values.asObject());
                changes.add(new Change.RowWritten(doc.table(), doc.key(), before, after, null));
            } else {
                for (KeyValue kv : values.values()) {
                    changes.add(new Change.RowWritten(target.table(), kv.rule().name(), null, Planner.asText(kv.value()), kv.rule().type().name()));
                }
            }
        }
        return changes;
    }

    static boolean hasInPlaceTarget(Mapping mapping) {
        return mapping.targets().stream().anyMatch(t -> t instanceof Target.Document d && d.inPlace());
    }

    private boolean anyTargetHasRows(Mapping mapping, Connection c) throws SQLException {
        for (Target target : mapping.targets()) {
            if (target instanceof Target.Document d && d.inPlace()) {
                continue; // its row is there by design: the keys are added to it
            }
            if (dialect.tableExists(c, target.table())) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + dialect.quote(target.table()) + " LIMIT 1");
                        var rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public void execute(Connection c, List<Step> steps, ApplyListener listener) throws SQLException {
        int n = 0;
        for (Step step : steps) {
            listener.executing(++n, step);
            try (PreparedStatement ps = c.prepareStatement(step.sql())) {
                for (int i = 0; i < step.params().size(); i++) {
                    Object param = step.params().get(i);
                    if (param instanceof String text) {
                        dialect.bindText(ps, i + 1, text); // a document into a json/jsonb column: the server reads it as that type
                    } else {
                        ps.setObject(i + 1, param);
                    }
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isBusy(e) || dialect.isFull(e) || dialect.endsTheTransaction(e)) {
                    throw e;
                }
                throw MapperException.data("step " + n + " failed: " + e.getMessage() + "\n    " + step.display(),
                        "the database refused this statement; check the target tables' existing schema");
            }
        }
    }

    private void verify(CompiledMapping compiled, Map<String, SourceData> read, Verifier verifier, SourceReader reader,
            Map<String, String> untouchedBefore, Set<String> named, Connection c, ApplyListener listener, TableMigration tables, long tableRows,
            int schemaChanges) throws SQLException {
        Mapping mapping = compiled.mapping();
        Map<String, SourceData> backedUp = verifier.sourcesFromBackup(mapping);
        List<String> problems = new ArrayList<>(Verifier.backupDifferences(read, backedUp));
        Verifier.Result result = verifier.check(compiled, backedUp);
        problems.addAll(result.differences());
        int retiredRows = 0;
        for (String name : mapping.retire()) {
            Source source = mapping.source(name).orElseThrow();
            retiredRows += read.get(name).rows().size();
            if (!reader.liveRows(source).isEmpty()) {
                problems.add("source '" + name + "' (" + source.describe() + ") still has rows after retiring");
            }
        }
        problems.addAll(tables.verify(compiled));
        Map<String, String> untouchedAfter = Fingerprints.of(dialect, c, named);
        for (String table : Fingerprints.changed(untouchedBefore, untouchedAfter)) {
            problems.add("table " + table + " changed, but the mapping does not name it");
        }
        if (!problems.isEmpty()) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            problems.forEach(p -> diagnostics.add(Diagnostic.of("verification failed: " + p, null)));
            throw MapperException.data(diagnostics);
        }
        listener.verified("ok: " + (schemaChanges == 0 ? "" : schemaChanges + " column(s) and index(es) declared exactly as the mapping says; ")
                + (mapping.appends().isEmpty() ? "" : mapping.appends().size() + " appended row(s) hold exactly the values computed; ")
                + (mapping.targets().isEmpty() ? "" : result.keysChecked() + " keys in " + result.targets()
                + " target(s) have their declared JSON types and exactly the values computed from the backup rows; " + retiredRows
                + " retired source row(s) gone; ")
                + (mapping.tables().isEmpty() ? "" : tableRows + " row(s) in " + mapping.tables().size()
                        + " table target(s) equal, value and type, to what the mapping computes from their source rows; ")
                + untouchedBefore.size() + " other table(s) unchanged");
    }

    public static Set<String> namedTables(Mapping mapping) {
        Set<String> named = new HashSet<>();
        mapping.sources().forEach(s -> named.add(s.table().toLowerCase()));
        mapping.targets().forEach(t -> named.add(t.table().toLowerCase()));
        mapping.tables().forEach(t -> {
            named.add(t.table().toLowerCase());
            named.add(t.source().table().toLowerCase());
        });
        named.add(mapping.backupTable().toLowerCase());
        mapping.columns().forEach(col -> named.add(col.table().toLowerCase()));
        mapping.indexes().forEach(i -> named.add(i.table().toLowerCase()));
        mapping.appends().forEach(a -> named.add(a.table().toLowerCase()));
        named.add(History.TABLE);
        named.add(RevisionBackup.TABLE);
        named.add(ChangeLog.TABLE);
        return named;
    }

    private static List<String> createdBy(Mapping mapping) {
        List<String> tables = new ArrayList<>();
        if (!mapping.sources().isEmpty()) {
            tables.add(mapping.backupTable());
        }
        mapping.targets().stream().filter(t -> !(t instanceof Target.Document d && d.inPlace())).forEach(t -> tables.add(t.table()));
        mapping.tables().forEach(t -> tables.add(t.table()));
        return tables;
    }
}
