package dev.mapper.testing;

import dev.mapper.apply.Applier;
import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.apply.rollback.Rollback;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.db.Dialect;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one case in a fresh temporary SQLite database, through the same classes as {@code mapper
 * apply} and {@code mapper rollback}: build the given state, apply, compare with what the case
 * expects; then the round trip: rollback must give back the given state exactly (schema and every
 * row), applying again must compute the same values, and a second apply must change nothing.
 */
public final class CaseRunner {
    private static final int WAIT_SECONDS = 10;
    private final CompiledMapping compiled;
    private final List<CompiledMapping> after;

    /** {@code after}: every mapping a case of this file may name in {@code after:}, compiled once. */
    public CaseRunner(CompiledMapping compiled, List<CompiledMapping> after) {
        this.compiled = compiled;
        this.after = List.copyOf(after);
    }

    public CaseResult run(TestFile file, TestFile.Case c) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mapper-test-");
            return run(file, c, dir.resolve("case.db"));
        } catch (IOException e) {
            return result(file, c, CaseResult.Status.BROKEN, List.of("cannot create a temporary database: " + e.getMessage()));
        } finally {
            delete(dir);
        }
    }

    private CaseResult run(TestFile file, TestFile.Case c, Path db) {
        Dialect dialect = new DatabaseAddress.SqliteFile(db).dialect();
        DatabaseState given;
        String givenSha;
        try {
            GivenDatabase.build(db, file.setupSql(), c.given());
            for (Path earlier : c.given().after()) {
                CompiledMapping mapping = after.stream().filter(m -> Path.of(m.mapping().file()).equals(earlier)).findFirst().orElseThrow();
                try {
                    new Applier(dialect).apply(mapping, db, WAIT_SECONDS, new ApplyListener() {});
                } catch (MapperException e) {
                    return result(file, c, CaseResult.Status.BROKEN, List.of("after: applying " + earlier + " failed: " + e.diagnostics().get(0).headline()));
                }
            }
            given = DatabaseState.read(db);
            givenSha = sha256(db);
        } catch (IllegalArgumentException | SQLException e) {
            return result(file, c, CaseResult.Status.BROKEN, List.of("given: " + e.getMessage()));
        }
        List<Plan> planned = new ArrayList<>();
        ApplyListener listener = capture(planned);
        List<String> problems = new ArrayList<>();
        try {
            ApplyResult result = new Applier(dialect).apply(compiled, db, WAIT_SECONDS, listener);
            if (c.expect().failure() != null) {
                problems.add("expected apply to fail (exit " + c.expect().failure().exitCode() + ", \"" + c.expect().failure().message()
                        + "\"), but it succeeded: " + result.outcome().name().toLowerCase().replace('_', ' '));
                return result(file, c, CaseResult.Status.FAILED, problems);
            }
            Expectations expectations = new Expectations(c.expect());
            Plan plan = planned.isEmpty() ? null : planned.get(planned.size() - 1);
            problems.addAll(expectations.compareValues(plan));
            problems.addAll(expectations.compareRows(db, dialect, compiled.mapping()));
            problems.addAll(new StateExpectations(c.expect().state(), dialect).compare(db));
            if (c.expect().nothingToDo()) {
                problems.addAll(unchangedData(given, DatabaseState.read(db)));
            }
            if (c.roundTripSkip() == null) {
                problems.addAll(roundTrip(dialect, db, given, plan));
            }
        } catch (MapperException e) {
            if (c.expect().failure() == null) {
                problems.add("apply failed (exit " + e.exitCode() + "):");
                e.diagnostics().forEach(d -> problems.add("  " + d.headline()));
            } else {
                problems.addAll(Expectations.compareFailure(c.expect().failure(), e));
                if (!givenSha.equals(sha256(db))) {
                    problems.add("the failed apply changed the database file (its SHA-256 differs from the given state's)");
                }
            }
        } catch (SQLException e) {
            problems.add("reading the database after apply: " + e.getMessage());
        } catch (StateExpectations.Unusable e) {
            return result(file, c, CaseResult.Status.BROKEN, List.of("expect: " + e.getMessage()));
        }
        return result(file, c, problems.isEmpty() ? CaseResult.Status.PASSED : CaseResult.Status.FAILED, problems);
    }

    /**
     * Applied once already: rollback must give back {@code given} exactly; applying again must compute what the
     * first apply computed; and once more must find nothing to do and change nothing.
     */
    private List<String> roundTrip(Dialect dialect, Path db, DatabaseState given, Plan first) throws SQLException {
        List<String> problems = new ArrayList<>();
        try {
            new Rollback(dialect).rollback(compiled.mapping(), db, WAIT_SECONDS);
            given.differences(DatabaseState.read(db), "after rollback").forEach(d -> problems.add("round trip: " + d));
            List<Plan> again = new ArrayList<>();
            new Applier(dialect).apply(compiled, db, WAIT_SECONDS, capture(again));
            if (first != null && !again.isEmpty() && !values(first).equals(values(again.get(0)))) {
                problems.add("round trip: applied again after rollback, it computes " + values(again.get(0)) + " instead of " + values(first));
            }
            DatabaseState applied = DatabaseState.read(db);
            ApplyResult twice = new Applier(dialect).apply(compiled, db, WAIT_SECONDS, new ApplyListener() {});
            if (twice.outcome() != ApplyResult.Outcome.ALREADY_APPLIED) {
                problems.add("round trip: a second apply should find nothing to do, but it " + twice.outcome().name().toLowerCase().replace('_', ' '));
            }
            applied.differences(DatabaseState.read(db), "after the second apply").forEach(d -> problems.add("round trip: " + d));
        } catch (MapperException e) {
            problems.add("round trip: " + e.diagnostics().stream().map(Diagnostic::headline).reduce((a, b) -> a + "; " + b).orElse("failed"));
        }
        return problems;
    }

    /** Every target's computed values, as JSON text: typed, and comparable between two applies. */
    private static String values(Plan plan) {
        return dev.mapper.convert.Json.write(plan.targets().stream().map(t -> java.util.Map.of(t.target().table(), t.asObject())).toList());
    }

    /** Keeps the plan an apply computed, whether it writes or records a baseline. */
    private static ApplyListener capture(List<Plan> planned) {
        return new ApplyListener() {
            @Override
            public void planned(Plan plan, List<String> fromBackup) {
                planned.add(plan);
            }

            @Override
            public void baselined(Plan plan, String summary) {
                planned.add(plan);
            }
        };
    }

    /** nothing_to_do: the given tables hold what they held, and no table of the mapping's was created. */
    private List<String> unchangedData(DatabaseState given, DatabaseState now) {
        String backup = compiled.mapping().backupTable();
        DatabaseState data = now.without(t -> t.startsWith("mapper_") || t.equals(backup));
        return given.without(t -> t.startsWith("mapper_") || t.equals(backup)).differences(data, "after apply").stream()
                .map(d -> "expected nothing to do, but " + d).toList();
    }

    private static CaseResult result(TestFile file, TestFile.Case c, CaseResult.Status status, List<String> problems) {
        return new CaseResult(file.file().toString(), c.name(), c.pos(), status, problems, c.roundTripSkip());
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless; the result of the case is what counts
        }
    }
}
