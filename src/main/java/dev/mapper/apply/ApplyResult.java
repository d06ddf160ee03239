package dev.mapper.apply;

import java.nio.file.Path;

/** How an apply ended (failures are exceptions). */
public record ApplyResult(Outcome outcome, Path backupFile, long durationMs, int keysWritten) {
    public enum Outcome {
        /** The migration was applied and verified. */
        APPLIED,
        /** History says this exact mapping is applied: nothing was written. */
        ALREADY_APPLIED,
        /** A new revision of an applied, edited mapping was applied and verified ({@code keysWritten}: keys added, written or pruned). */
        REVISED,
        /** The targets already held exactly what the mapping computes (an earlier script migrated them): recorded as applied. */
        BASELINE,
        /** The targets held other values (an earlier script migrated them), and the person chose --adopt: those values are recorded as the applied state. */
        ADOPTED
    }
}
