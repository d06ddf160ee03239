package dev.mapper.apply;

import dev.mapper.db.Dialect;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
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
    public record PlanResult(Plan plan, List<String> fromBackup, Optional<String> appliedChecksum, Optional<RevisionPlan> revision) {}

    public enum State { PENDING, APPLIED, CHANGED, DRIFTED }

    /** A migration's state; {@code details} lists the differences for CHANGED and DRIFTED. */
    public record Status(State state, String appliedChecksum, long appliedAt, String kind, List<String> details) {}

    public PlanResult plan(CompiledMapping compiled, Path db) {
        return plan(compiled, db, RevisionPlanner.Options.DEFAULT);
    }

    public PlanResult plan(CompiledMapping compiled, Path db, RevisionPlanner.Options options) {
        return Transaction.read(dialect, db, c -> {
            Optional<History.Entry> entry = new History(dialect, c).latest(compiled.mapping().migration());
            List<String> fromBackup = new ArrayList<>();
            Map<String, SourceData> sources = new SourceReader(dialect, c).read(compiled.mapping(), fromBackup);
            Plan plan = new Planner(dialect).plan(compiled, sources);
            Optional<RevisionPlan> revision = Optional.empty();
            if (entry.isPresent() && !RevisionApplier.unchanged(entry.get(), compiled.mapping())) {
                revision = Optional.of(new RevisionApplier(dialect, c).prepare(compiled, entry.get(), options).plan());
            }
            return new PlanResult(plan, fromBackup, entry.map(History.Entry::checksum), revision);
        });
    }

    /**
     * Pending, applied (targets match what the applied mapping computes from the backup rows),
     * changed (the file differs from the applied text) or drifted (target values differ).
     */
    public Status status(CompiledMapping compiled, Path db) {
        return Transaction.read(dialect, db, c -> statusOf(compiled, c));
    }

    private Status statusOf(CompiledMapping compiled, Connection c) throws SQLException {
        Mapping mapping = compiled.mapping();
        Optional<History.Entry> found = new History(dialect, c).latest(mapping.migration());
        if (found.isEmpty()) {
            return new Status(State.PENDING, null, 0, null, List.of());
        }
        History.Entry entry = found.get();
        if (!entry.checksum().equals(mapping.checksum())) {
            return new Status(State.CHANGED, entry.checksum(), entry.appliedAt(), entry.kind(),
                    List.of("applied sha256 " + entry.checksum() + ", file sha256 " + mapping.checksum()));
        }
        Verifier verifier = new Verifier(dialect, c);
        Map<String, SourceData> sources = entry.kind().equals("baseline")
                ? new SourceReader(dialect, c).read(mapping, new ArrayList<>())
                : verifier.sourcesFromBackup(mapping);
        List<String> differences = new ArrayList<>(verifier.check(compiled, sources).differences());
        differences.addAll(new TableMigration(dialect, c, true).verify(compiled));
        State state = differences.isEmpty() ? State.APPLIED : State.DRIFTED;
        return new Status(state, entry.checksum(), entry.appliedAt(), entry.kind(), differences);
    }
}
