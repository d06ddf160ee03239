package dev.mapper.inspect;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.apply.InPlaceDocuments;
import dev.mapper.apply.SourceReader;
import dev.mapper.apply.TargetRows;
import dev.mapper.apply.Transaction;
import dev.mapper.apply.Verifier;
import dev.mapper.apply.history.History;
import dev.mapper.apply.revision.RevisionApplier;
import dev.mapper.apply.table.TableMigration;
import dev.mapper.db.Dialect;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.MappingDiff;
import dev.mapper.plan.Plan;
import dev.mapper.plan.Planner;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.RevisionPlanner;
import dev.mapper.plan.SourceData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-only commands: plan, status and verify. They never write to the database. */
public final class Inspector {
    private final Dialect dialect;

    public Inspector(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The plan a first apply would run, whether history already has this migration, and for an
     * applied mapping that was edited since, the revision apply would write over it.
     */
    /**
     * {@code schema}: the mapping's column and index changes against this database and their
     * statements ({@code null}: declared the same already); empty once the migration is applied.
     */
    public record PlanResult(Plan plan, List<String> fromBackup, Optional<String> appliedChecksum, Optional<RevisionPlan> revision,
            List<dev.mapper.change.Change> schema, List<String> schemaStatements) {
        public PlanResult {
            schema = List.copyOf(schema);
            schemaStatements = java.util.Collections.unmodifiableList(new ArrayList<>(schemaStatements)); // null statements allowed
        }
    }

    public enum State { PENDING, APPLIED, CHANGED, DRIFTED }

    /**
     * A migration's state. {@code details} lists the differences for DRIFTED, and for CHANGED says
     * how the file differs. {@code revision} is the latest applied revision (0 when pending);
     * {@code fileChange} is null when the file means the same as it, else {@code +1 key, ~1 rule, -0 keys};
     * {@code drift} lists the target values that match no applied revision's output (for any state).
     */
    public record Status(State state, String appliedChecksum, long appliedAt, String kind, List<String> details, int revision,
            String fileChange, List<String> drift) {}

    public PlanResult plan(CompiledMapping compiled, Path db) {
        return plan(compiled, new DatabaseAddress.SqliteFile(db), RevisionPlanner.Options.DEFAULT);
    }

    public PlanResult plan(CompiledMapping compiled, Path db, RevisionPlanner.Options options) {
        return plan(compiled, new DatabaseAddress.SqliteFile(db), options);
    }

    public PlanResult plan(CompiledMapping compiled, DatabaseAddress db, RevisionPlanner.Options options) {
        return Transaction.read(dialect, db, c -> {
            Optional<History.Entry> entry = new History(dialect, c).latest(compiled.mapping().migration());
            List<String> fromBackup = new ArrayList<>();
            Map<String, SourceData> sources = new SourceReader(dialect, c).read(compiled.mapping(), fromBackup);
            Map<String, String> documents = entry.isEmpty() ? InPlaceDocuments.read(dialect, c, compiled.mapping()) : Map.of();
            Plan plan = new Planner(dialect).plan(compiled, sources, TableMigration.rowIds(dialect, c, compiled.mapping()), documents,
                TableMigration.sourceTypes(dialect, c, compiled.mapping()));
            if (entry.isEmpty()) {
                dev.mapper.plan.RetireGuard.check(compiled.mapping(), sources, fromBackup);
            }
            Optional<RevisionPlan> revision = Optional.empty();
            if (entry.isPresent() && !RevisionApplier.unchanged(entry.get(), compiled.mapping())) {
                revision = Optional.of(new RevisionApplier(dialect, c).prepare(compiled, entry.get(), options).plan());
            }
            List<dev.mapper.change.Change> schema = List.of();
            List<String> statements = List.of();
            if (entry.isEmpty()) {
                dev.mapper.change.SchemaChanges changes = new dev.mapper.change.SchemaChanges(dialect, c);
                schema = changes.plan(compiled);
                statements = schema.stream().map(changes::statement).toList();
            }
            return new PlanResult(plan, fromBackup, entry.map(History.Entry::checksum), revision, schema, statements);
        });
    }

    /**
     * Pending; applied (every target value is what an applied revision computes from the backup
     * rows); changed (the file differs from the latest applied revision, comments, whitespace and
     * order aside); or drifted (target values that match no applied revision's output).
     */
    public Status status(CompiledMapping compiled, Path db) {
        return status(compiled, new DatabaseAddress.SqliteFile(db));
    }

    public Status status(CompiledMapping compiled, DatabaseAddress db) {
        return Transaction.read(dialect, db, c -> dev.mapper.db.SqlBudget.during("checking the database against migration "
                + compiled.mapping().migration(), () -> statusOf(compiled, c)));
    }

    private Status statusOf(CompiledMapping compiled, Connection c) throws SQLException {
        Mapping mapping = compiled.mapping();
        List<History.Entry> revisions = new History(dialect, c).revisions(mapping.migration());
        if (revisions.isEmpty()) {
            return new Status(State.PENDING, null, 0, null, List.of(), 0, null, List.of());
        }
        History.Entry entry = revisions.get(revisions.size() - 1);
        List<String> drift = entry.kind().equals("adopted") ? adoptedDrift(entry, c) : drift(revisions, mapping.file(), c);
        if (!RevisionApplier.unchanged(entry, mapping)) {
            MappingDiff diff = MappingDiff.of(RevisionApplier.applied(entry, mapping.file()), mapping);
            String change = diff.summary() + (diff.unsupported().isEmpty() ? "" : "; and what a revision cannot change: " + String.join("; ", diff.unsupported()));
            return new Status(State.CHANGED, entry.checksum(), entry.appliedAt(), entry.kind(),
                    List.of(change + " (applied sha256 " + entry.checksum() + ", file sha256 " + mapping.checksum() + ")"), entry.revision(), change, drift);
        }
        return new Status(drift.isEmpty() ? State.APPLIED : State.DRIFTED, entry.checksum(), entry.appliedAt(), entry.kind(), drift,
                entry.revision(), null, drift);
    }

    /** Whether {@code about} (table.key) holds exactly the value the person kept with --keep-changed. */
    private boolean keptAsItIs(Map<String, String> kept, String about, CompiledMapping compiled, Connection c) throws SQLException {
        String value = kept.get(about.toLowerCase());
        int dot = about.indexOf('.');
        if (value == null || dot < 0) {
            return false;
        }
        String table = about.substring(0, dot);
        String key = about.substring(dot + 1);
        for (dev.mapper.model.Target target : compiled.mapping().targets()) {
            if (target.table().equalsIgnoreCase(table)) {
                Map<String, Object> now = dev.mapper.apply.revision.TargetState.read(dialect, c, target, compiled.mapping().migration());
                return now.containsKey(key) && value.equals(String.valueOf(now.get(key)));
            }
        }
        return false;
    }

    /**
     * {@code table.key} of every key another applied migration writes into a document in place
     * ({@code in_place: true}): that migration's, whether it was applied before or after this
     * migration's latest revision (a revision of 004 applied after 009 keeps 009's keys).
     */
    private java.util.Set<String> evolvedByOthers(History.Entry entry, Connection c) throws SQLException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (History.Entry other : new History(dialect, c).all()) {
            if (other.migration().equals(entry.migration())) {
                continue;
            }
            Mapping mapping = dev.mapper.model.MappingReader.parse("migration " + other.migration() + " (from mapper_history)", other.mapping());
            for (dev.mapper.model.Target target : mapping.targets()) {
                if (target instanceof dev.mapper.model.Target.Document d && d.inPlace()) {
                    target.rules().forEach(r -> keys.add((target.table() + "." + r.name()).toLowerCase()));
                }
            }
        }
        return keys;
    }

    /** An adopted migration's applied state is the rows it recorded as they were: any row that differs now has drifted. */
    private List<String> adoptedDrift(History.Entry entry, Connection c) throws SQLException {
        List<String> drift = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, String>> now = new java.util.HashMap<>();
        for (dev.mapper.change.Change change : new dev.mapper.change.ChangeLog(dialect, c).read(entry.migration(), 1)) {
            if (change instanceof dev.mapper.change.Change.RowWritten r) {
                java.util.Map<String, String> rows = now.computeIfAbsent(r.table(), t -> new java.util.HashMap<>());
                if (rows.isEmpty()) {
                    TargetRows.read(dialect, c, r.table()).forEach(e -> rows.put(e.getKey(), e.getValue()));
                }
                String value = rows.get(r.key());
                if (!java.util.Objects.equals(value, r.after())) {
                    drift.add(r.object() + (value == null ? " is gone" : " is " + value) + ", adopted as " + r.after());
                }
            }
        }
        return drift;
    }

    /**
     * The latest revision's differences between the targets and what it computes from the backup
     * rows, less those an earlier revision explains (a key it declares whose value is its output:
     * a key the app kept, or one removed without --prune).
     */
    private List<String> drift(List<History.Entry> revisions, String file, Connection c) throws SQLException {
        Verifier verifier = new Verifier(dialect, c);
        List<Verifier.Result> results = new ArrayList<>();
        List<Mapping> mappings = new ArrayList<>();
        CompiledMapping compiled = null;
        for (History.Entry entry : revisions) {
            compiled = CompiledMapping.compile(RevisionApplier.applied(entry, file));
            Mapping mapping = compiled.mapping();
            Map<String, SourceData> sources = entry.kind().equals("baseline")
                    ? new SourceReader(dialect, c).read(mapping, new ArrayList<>())
                    : verifier.sourcesFromBackup(mapping);
            try {
                results.add(verifier.check(compiled, sources));
                mappings.add(mapping);
            } catch (MapperException e) {
                if (entry == revisions.get(revisions.size() - 1)) {
                    throw e; // the latest revision must still compute
                }
            }
        }
        Verifier.Result latest = results.get(results.size() - 1);
        java.util.Set<String> ownedByOthers = evolvedByOthers(revisions.get(revisions.size() - 1), c);
        Map<String, String> kept = new java.util.HashMap<>(); // table.key → the value kept with --keep-changed, as it was then
        for (History.Entry entry : revisions) {
            for (dev.mapper.change.Change change : new dev.mapper.change.ChangeLog(dialect, c).read(entry.migration(), entry.revision())) {
                if (change instanceof dev.mapper.change.Change.Satisfied s && s.what().startsWith(RevisionApplier.KEPT)) {
                    kept.put(s.what().substring(RevisionApplier.KEPT.length()).toLowerCase(), s.declaration());
                }
            }
        }
        List<String> drift = new ArrayList<>();
        for (int i = 0; i < latest.differences().size(); i++) {
            String about = latest.about().get(i);
            boolean explained = ownedByOthers.contains(about.toLowerCase()) // another migration's in_place keys are its own, not drift
                    || keptAsItIs(kept, about, compiled, c); // a value the person chose to keep, unchanged since
            for (int r = 0; r < results.size() - 1 && !explained; r++) {
                explained = declares(mappings.get(r), about) && !results.get(r).about().contains(about);
            }
            if (!explained) {
                drift.add(latest.differences().get(i));
            }
        }
        drift.addAll(new TableMigration(dialect, c, true).verify(compiled));
        drift.addAll(new dev.mapper.change.SchemaChanges(dialect, c).verify(dev.mapper.change.SchemaChanges.declared(compiled.mapping())));
        return drift;
    }

    private static boolean declares(Mapping mapping, String tableKey) {
        return mapping.targets().stream().anyMatch(t -> t.rules().stream().anyMatch(r -> (t.table() + "." + r.name()).equals(tableKey)));
    }
}
