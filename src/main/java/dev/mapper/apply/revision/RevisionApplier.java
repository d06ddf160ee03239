package dev.mapper.apply.revision;

import dev.mapper.apply.Applier;
import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.apply.Fingerprints;
import dev.mapper.apply.SourceReader;
import dev.mapper.apply.Transaction;
import dev.mapper.apply.Verifier;
import dev.mapper.apply.file.DatabaseFile;
import dev.mapper.apply.history.History;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.model.CanonicalForm;
import dev.mapper.model.KeyRule;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.model.Target;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Evaluator;
import dev.mapper.plan.MappingDiff;
import dev.mapper.plan.RevisionPlan.Action;
import dev.mapper.plan.RevisionPlan.KeyDecision;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.RevisionPlanner;
import dev.mapper.plan.SourceData;
import dev.mapper.plan.Step;
import dev.mapper.plan.Stored;
import dev.mapper.plan.TargetValues;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an edited mapping over its applied revision, in the caller's transaction: computes the
 * {@link RevisionPlan} (the applied revision re-parsed from its text in history, evaluated on the
 * rows it backed up, against what the targets hold now), stops on any conflict before writing,
 * then backs up (file copy, the touched rows in {@link RevisionBackup}), writes, verifies, and
 * records the new revision in history.
 */
public final class RevisionApplier {
    private final Dialect dialect;
    private final Connection connection;

    public RevisionApplier(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /** The revision's plan, and the sources that were read from the backup table. */
    public record Prepared(RevisionPlan plan, List<String> fromBackup) {}

    /** The mapping a history row recorded, parsed again from its text. */
    public static Mapping applied(History.Entry entry, String file) {
        return MappingReader.parse(file + " (revision " + entry.revision() + ", from mapper_history)", entry.mapping());
    }

    /** Whether the file means the same as the applied revision (comments, whitespace and order aside). */
    public static boolean unchanged(History.Entry entry, Mapping file) {
        return entry.checksum().equals(file.checksum()) || CanonicalForm.checksum(applied(entry, file.file())).equals(file.checksum());
    }

    /** Read-only: what applying {@code file} over {@code entry} would do. */
    public Prepared prepare(CompiledMapping file, History.Entry entry, RevisionPlanner.Options options) throws SQLException {
        Mapping mapping = file.mapping();
        CompiledMapping applied = CompiledMapping.compile(applied(entry, mapping.file()));
        MappingDiff diff = MappingDiff.of(applied.mapping(), mapping);
        if (!diff.unsupported().isEmpty()) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            diff.unsupported().forEach(u -> diagnostics.add(Diagnostic.of("migration " + mapping.migration() + " is applied (revision "
                    + entry.revision() + ") and " + mapping.file() + " changes what a new revision cannot: " + u, null)));
            throw MapperException.mapping(diagnostics).withNote("a new revision adds, changes and removes keys of the applied targets;"
                    + " for anything else roll back first (mapper rollback " + mapping.file() + "), then apply the edited file");
        }
        SourceReader reader = new SourceReader(dialect, connection);
        List<String> fromBackup = new ArrayList<>();
        Map<String, SourceData> sources = reader.read(mapping, fromBackup);
        Map<String, SourceData> appliedSources = entry.kind().equals("baseline")
                ? reader.read(applied.mapping(), new ArrayList<>())
                : new Verifier(dialect, connection).sourcesFromBackup(applied.mapping());
        List<TargetValues> written = Evaluator.evaluate(applied, appliedSources);
        Map<String, Map<String, Object>> stored = new LinkedHashMap<>();
        for (MappingDiff.TargetDiff td : diff.targets()) {
            stored.put(td.after().table(), TargetState.read(dialect, connection, td.after(), mapping.migration()));
        }
        RevisionPlan plan = new RevisionPlanner(dialect).plan(entry.revision(), diff, file, sources, written, stored, options,
                Instant.now().getEpochSecond());
        return new Prepared(plan, fromBackup);
    }

    public ApplyResult apply(Prepared prepared, Path db, ApplyListener listener, Applier applier, long start) throws SQLException {
        RevisionPlan plan = prepared.plan();
        Mapping mapping = plan.compiled().mapping();
        listener.revisionPlanned(plan, prepared.fromBackup());
        if (!plan.problems().isEmpty()) {
            throw MapperException.data(plan.problems());
        }
        Set<String> named = Applier.namedTables(mapping);
        Map<String, String> untouchedBefore = Fingerprints.of(dialect, connection, named);
        Path backupFile = DatabaseFile.backUp(dialect, db, mapping.migration(), "before-revision-" + plan.revision());
        listener.backedUp(backupFile, plan.sources().values().stream().mapToInt(s -> s.rows().size()).sum());
        try {
            RevisionBackup saved = new RevisionBackup(dialect, connection);
            saveTouchedRows(plan, saved);
            long lastBackupId = lastId(mapping.backupTable());
            List<Step> steps = new ArrayList<>(plan.backupSteps());
            steps.addAll(plan.writeSteps());
            applier.execute(connection, steps, listener);
            int newBackupRows = 0;
            for (long id : idsAfter(mapping.backupTable(), lastBackupId)) {
                saved.saveCreated(mapping.migration(), plan.revision(), mapping.backupTable(), "id", Long.toString(id));
                newBackupRows++;
            }
            saved.saveAfter(mapping.migration(), plan.revision());
            verify(plan, named, untouchedBefore, listener);
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            new History(dialect, connection).record(mapping.migration(), plan.revision(), mapping.name(), "applied", mapping.checksum(),
                    mapping.text(), durationMs, plan.writes().size(), newBackupRows, List.of(), backupFile.toString());
            new dev.mapper.change.ChangeLog(dialect, connection).record(mapping.migration(), plan.revision(), kept(plan));
            return new ApplyResult(ApplyResult.Outcome.REVISED, backupFile, durationMs, plan.writes().size());
        } catch (MapperException e) {
            throw e.withNote(Transaction.ROLLED_BACK);
        } catch (SQLException e) {
            throw Transaction.translateWhileLocked(dialect, e, db).withNote(Transaction.ROLLED_BACK);
        }
    }

    /**
     * Each value the person chose to keep over an edited rule (--keep-changed), as it is now: the accepted state status compares
     * with. A value the app changed under an unchanged rule is kept without a choice and stays drift.
     */
    private static List<dev.mapper.change.Change> kept(RevisionPlan plan) {
        return plan.decisions().stream().filter(d -> d.action() == RevisionPlan.Action.KEEP && !d.change().equals("unchanged"))
                .map(d -> (dev.mapper.change.Change) new dev.mapper.change.Change.Satisfied(KEPT + d.table() + "." + d.key(), String.valueOf(d.now())))
                .toList();
    }

    /** How a kept value's record names its key: {@code kept router_config.port}. */
    public static final String KEPT = "kept ";

    private void saveTouchedRows(RevisionPlan plan, RevisionBackup saved) throws SQLException {
        String migration = plan.compiled().mapping().migration();
        Set<String> documents = new HashSet<>();
        for (KeyDecision d : plan.writes()) {
            Target target = plan.compiled().mapping().targets().stream().filter(t -> t.table().equals(d.table())).findFirst().orElseThrow();
            if (target instanceof Target.Document doc) {
                if (documents.add(doc.table())) {
                    saved.saveBefore(migration, plan.revision(), doc.table(), "key", doc.key());
                }
            } else {
                saved.saveBefore(migration, plan.revision(), target.table(), "key", d.key());
            }
        }
    }

    /** Verification, before commit: the targets hold exactly the planned state, the written values are what the backup rows give. */
    private void verify(RevisionPlan plan, Set<String> named, Map<String, String> untouchedBefore, ApplyListener listener) throws SQLException {
        Mapping mapping = plan.compiled().mapping();
        Verifier verifier = new Verifier(dialect, connection);
        Map<String, SourceData> backedUp = verifier.sourcesFromBackup(mapping);
        List<String> problems = new ArrayList<>(Verifier.backupDifferences(plan.sources(), backedUp));
        Map<String, Object> recomputed = new HashMap<>();
        for (TargetValues values : Evaluator.evaluate(plan.compiled(), backedUp)) {
            values.values().forEach(kv -> recomputed.put(values.target().table() + "." + kv.rule().name(),
                    Stored.of(values.target(), kv.rule(), kv.value())));
        }
        Map<String, KeyDecision> decided = new HashMap<>();
        plan.decisions().forEach(d -> decided.put(d.table() + "." + d.key(), d));
        int keys = 0;
        for (MappingDiff.TargetDiff td : plan.diff().targets()) {
            Target target = td.after();
            Map<String, Object> actual = TargetState.read(dialect, connection, target, mapping.migration());
            Map<String, Object> expected = plan.expected().get(target.table());
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                String where = target.table() + "." + e.getKey();
                Object found = actual.remove(e.getKey());
                if (found == null) {
                    problems.add(where + " is missing (expected " + Stored.render(e.getValue()) + ")");
                } else if (!Stored.same(found, e.getValue())) {
                    problems.add(where + " is " + Stored.render(found) + ", expected " + Stored.render(e.getValue()));
                }
            }
            actual.keySet().forEach(extra -> problems.add(target.table() + "." + extra + " should not be there"));
            for (KeyRule rule : target.rules()) {
                String where = target.table() + "." + rule.name();
                KeyDecision d = decided.get(where);
                keys++;
                if (d.action() == Action.ADD || d.action() == Action.WRITE) {
                    if (!Stored.same(d.next(), recomputed.get(where))) {
                        problems.add(where + " was written as " + Stored.render(d.next()) + ", but the backup rows give "
                                + Stored.render(recomputed.get(where)));
                    }
                }
                Object value = expected.get(rule.name());
                String typeProblem = value == null ? null : value instanceof Stored.Row row
                        ? (row.type().equals(rule.type().name()) ? null : "type '" + row.type() + "', declared '" + rule.type().name() + "'")
                        : Stored.typeProblem(rule.type(), value);
                if (typeProblem != null && d.action() != Action.KEEP && d.action() != Action.NONE) {
                    problems.add(where + " is " + Stored.render(value) + " (" + typeProblem + ")");
                }
            }
        }
        for (String table : Fingerprints.changed(untouchedBefore, Fingerprints.of(dialect, connection, named))) {
            problems.add("table " + table + " changed, but the mapping does not name it");
        }
        if (!problems.isEmpty()) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            problems.forEach(p -> diagnostics.add(Diagnostic.of("verification failed: " + p, null)));
            throw MapperException.data(diagnostics);
        }
        listener.verified("ok: revision " + plan.revision() + ": " + plan.writes().size() + " key(s) added, written or pruned hold exactly the values "
                + "computed from the backup rows; the other " + (keys - plan.writes().size()) + " key(s) of the targets are as they were; "
                + untouchedBefore.size() + " other table(s) unchanged");
    }

    private long lastId(String table) throws SQLException {
        if (!dialect.tableExists(connection, table)) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + dialect.quote(table));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> idsAfter(String table, long last) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + dialect.quote(table) + " WHERE id > ? ORDER BY id")) {
            ps.setLong(1, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
