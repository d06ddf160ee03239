package dev.mapper.apply;

import dev.mapper.plan.Plan;
import dev.mapper.plan.RevisionPlan;
import dev.mapper.plan.Step;
import java.nio.file.Path;
import java.util.List;

/** What an apply reports as it goes, so the command line can print each stage when it happens. */
public interface ApplyListener {
    /** Whether to compute {@link #tablesPreviewed}: the first rows cost a query and a count per table target. */
    default boolean wantsPreview() {
        return false;
    }

    /** A table migration's first rows before → after and its source row counts, computed before {@link #planned} and before any write. */
    default void tablesPreviewed(List<dev.mapper.apply.table.TablePreview.Preview> previews) {}

    /** The plan is computed. {@code fromBackup} names sources whose live rows were gone and were read from the backup table. */
    default void planned(Plan plan, List<String> fromBackup) {}

    /** An edited mapping's revision is computed over the applied one (instead of {@link #planned}). */
    default void revisionPlanned(RevisionPlan plan, List<String> fromBackup) {}

    /** The targets already held what {@code plan} computes (migrated before mapper): recorded as a baseline, nothing written. */
    default void baselined(Plan plan, String summary) {}

    /** The mapping's schema changes against this database: each change, and its statement (null: already declared the same, nothing to do). */
    /** Columns added with a rule were computed for every row of {@code table}: {@code how} is SQL (one UPDATE) or Java (row by row). */
    default void columnsComputed(String table, String columns, String how, long millis) {}

    default void schemaPlanned(List<dev.mapper.change.Change> changes, List<String> statements) {}

    /** The rows the mapping appends to existing tables ({@code append:}), computed. */
    default void appendsPlanned(List<dev.mapper.plan.AppendValues> rows) {}

    default void backedUp(Path backupFile, int rows) {}

    /** Step {@code number} (1-based) of the plan is about to run. */
    default void executing(int number, Step step) {}

    default void verified(String summary) {}

    /** Whether to report {@link #tableProgress}; counting the source rows for it costs a scan. */
    default boolean wantsProgress() {
        return false;
    }

    /** A table target is being filled: {@code rows} of {@code total} written since {@code startNanos} (System.nanoTime). */
    default void tableProgress(String table, long rows, long total, long startNanos) {}

    /** A table target is filled: how many rows, how ({@code streamed …} or {@code pushed down …}), in how long. */
    default void tableWritten(String table, long rows, String how, long millis) {}
}
