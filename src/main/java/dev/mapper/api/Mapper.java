package dev.mapper.api;

import dev.mapper.apply.ApplyListener;
import dev.mapper.apply.ApplyResult;
import dev.mapper.apply.Applier;
import dev.mapper.inspect.Inspector;
import dev.mapper.db.DatabaseAddress;
import dev.mapper.diag.MapperException;
import dev.mapper.model.Mapping;
import dev.mapper.model.MappingReader;
import dev.mapper.model.MigrationFolder;
import dev.mapper.plan.CompiledMapping;
import dev.mapper.plan.KeyValue;
import dev.mapper.plan.Plan;
import dev.mapper.plan.Step;
import dev.mapper.plan.TargetValues;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * mapper as a library: load a mapping file once, then plan, apply or check it against a database,
 * the way an application runs its migrations at startup.
 *
 * <pre>{@code
 * Mapper mapper = Mapper.load(Path.of("mappings/004.yaml"));
 * Mapper.Applied result = mapper.apply(Database.of("data/llama-dashboard.db"));
 * Mapper.Applied onServer = mapper.apply(Database.of("postgresql://app@db:5432/llama").withBackupDir(Path.of("backups")));
 * }</pre>
 *
 * The database is a {@link Database}: a SQLite file, or a PostgreSQL server named by its URL
 * (password from PGPASSWORD, ~/.pgpass or a password file), not given as a {@code Connection}:
 * mapper takes the locks and the backup itself. The {@code String} overloads take the same text as
 * {@link Database#of}, the {@code Path} ones a SQLite file. Every failure is a
 * {@link MigrationException}, after which the database is unchanged. Instances are immutable and
 * can be shared between threads; calls on the same database serialise on its write lock.
 */
public final class Mapper {

    /** One computed target key: its value, where it came from, and the source value before conversion. */
    public record Key(String table, String key, Object value, String source, Object sourceValue, boolean defaulted) {}

    /** What {@link #apply} would do; changes nothing. {@code sql} shows bound values inline, for reading. */
    public record Planned(String migration, Status.State state, List<Key> keys, List<String> sql) {
        public Planned {
            keys = List.copyOf(keys);
            sql = List.copyOf(sql);
        }
    }

    /**
     * How an apply ended: {@code backupFile} is the copy of the SQLite file, or on PostgreSQL the psql
     * script that restores the migrated tables; null, and {@code keys} empty, when nothing was written.
     */
    public record Applied(String migration, Outcome outcome, Path backupFile, long durationMs, List<Key> keys) {
        public Applied {
            keys = List.copyOf(keys);
        }
    }

    /** REVISED: the mapping was edited after it was applied, and its new revision was applied over the old one. */
    public enum Outcome { APPLIED, ALREADY_APPLIED, REVISED, BASELINE, ADOPTED }

    /** A migration's state in a database; {@code details} lists differences for CHANGED and DRIFTED. */
    public record Status(String migration, State state, Instant appliedAt, List<String> details) {
        public enum State { PENDING, APPLIED, CHANGED, DRIFTED }

        public Status {
            details = List.copyOf(details);
        }
    }

    private final CompiledMapping compiled;

    private Mapper(CompiledMapping compiled) {
        this.compiled = compiled;
    }

    /** Reads, validates and compiles a mapping file. @throws MigrationException listing every mistake in it */
    public static Mapper load(Path mappingFile) {
        return call(() -> new Mapper(CompiledMapping.compile(MappingReader.read(mappingFile))));
    }

    /**
     * The mappings of a migration folder ({@code 004.yaml}, {@code 005-ui_config.yaml}, …) in version order,
     * all read and compiled. @throws MigrationException for a duplicate version or any mistake in any file
     */
    public static List<Mapper> loadFolder(Path folder) {
        return call(() -> CompiledMapping.compileAll(MigrationFolder.readAll(folder)).stream().map(Mapper::new).toList());
    }

    /**
     * Applies every pending mapping of a folder in version order, each in its own transaction, as an
     * application does at startup. Stops at the first failure: the mappings before it stay applied.
     * @return one result per mapping, already applied ones included
     * @throws MigrationException for the first mapping that fails (or a folder that does not load: then nothing ran)
     */
    public static List<Applied> migrate(Path folder, Database database) {
        List<Applied> results = new ArrayList<>();
        for (Mapper mapper : loadFolder(folder)) {
            results.add(mapper.apply(database));
        }
        return results;
    }

    public String migration() {
        return compiled.mapping().migration();
    }

    public String name() {
        return compiled.mapping().name();
    }

    /** {@link #migrate(Path, Database)} on a SQLite file. */
    public static List<Applied> migrate(Path folder, Path database) {
        return migrate(folder, Database.sqlite(database));
    }

    /** {@link #migrate(Path, Database)} on a SQLite file's path or a PostgreSQL URL ({@link Database#of}). */
    public static List<Applied> migrate(Path folder, String database) {
        return migrate(folder, Database.of(database));
    }

    /** What {@link #apply} would write; changes nothing. */
    public Planned plan(Database database) {
        return call(() -> {
            DatabaseAddress db = database.address();
            Inspector.PlanResult result = new Inspector(db.dialect()).plan(compiled, db, dev.mapper.plan.RevisionPlanner.Options.DEFAULT);
            Mapping mapping = compiled.mapping();
            Status.State state = result.appliedChecksum().isEmpty() ? Status.State.PENDING
                    : result.revision().isEmpty() ? Status.State.APPLIED : Status.State.CHANGED;
            return new Planned(mapping.migration(), state, keys(result.plan()), result.plan().steps().stream().map(Step::display).toList());
        });
    }

    public Planned plan(Path database) {
        return plan(Database.sqlite(database));
    }

    /** {@link #plan(Database)} on a SQLite file's path or a PostgreSQL URL ({@link Database#of}). */
    public Planned plan(String database) {
        return plan(Database.of(database));
    }

    /** Applies the mapping in one transaction (backup, writes, verification, history); a second call does nothing. */
    public Applied apply(Database database) {
        return call(() -> {
            List<Plan> planned = new ArrayList<>();
            DatabaseAddress db = database.address();
            ApplyResult result = new Applier(db.dialect()).apply(compiled, db, 10, dev.mapper.plan.RevisionPlanner.Options.DEFAULT, new ApplyListener() {
                @Override
                public void planned(Plan plan, List<String> fromBackup) {
                    planned.add(plan);
                }
            });
            return new Applied(migration(), outcome(result.outcome()), result.backupFile(), result.durationMs(),
                    planned.isEmpty() ? List.of() : keys(planned.get(0)));
        });
    }

    public Applied apply(Path database) {
        return apply(Database.sqlite(database));
    }

    /** {@link #apply(Database)} on a SQLite file's path or a PostgreSQL URL ({@link Database#of}). */
    public Applied apply(String database) {
        return apply(Database.of(database));
    }

    /** The migration's state in the database: pending, applied, changed (the file was edited since) or drifted. */
    public Status status(Database database) {
        return call(() -> {
            DatabaseAddress db = database.address();
            Inspector.Status status = new Inspector(db.dialect()).status(compiled, db);
            return new Status(migration(), state(status.state()),
                    status.appliedChecksum() == null ? null : Instant.ofEpochSecond(status.appliedAt()), status.details());
        });
    }

    public Status status(Path database) {
        return status(Database.sqlite(database));
    }

    /** {@link #status(Database)} on a SQLite file's path or a PostgreSQL URL ({@link Database#of}). */
    public Status status(String database) {
        return status(Database.of(database));
    }

    /** Exhaustive on purpose: a state added to the engine does not compile until the API says what it is. */
    private static Status.State state(Inspector.State state) {
        return switch (state) {
            case PENDING -> Status.State.PENDING;
            case APPLIED -> Status.State.APPLIED;
            case CHANGED -> Status.State.CHANGED;
            case DRIFTED -> Status.State.DRIFTED;
        };
    }

    private static Outcome outcome(ApplyResult.Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> Outcome.APPLIED;
            case ALREADY_APPLIED -> Outcome.ALREADY_APPLIED;
            case REVISED -> Outcome.REVISED;
            case BASELINE -> Outcome.BASELINE;
            case ADOPTED -> Outcome.ADOPTED;
        };
    }

    private static List<Key> keys(Plan plan) {
        List<Key> keys = new ArrayList<>();
        for (TargetValues target : plan.targets()) {
            for (KeyValue v : target.values()) {
                keys.add(new Key(target.target().table(), v.rule().name(), v.value(), v.origin(), v.sourceValue(), v.defaulted()));
            }
        }
        return keys;
    }

    private static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (MapperException e) {
            throw new MigrationException(e);
        }
    }
}
