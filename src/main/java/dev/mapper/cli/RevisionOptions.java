package dev.mapper.cli;

import dev.mapper.plan.RevisionPlanner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What a new revision of an applied, edited mapping does with values the app changed, and with removed keys (apply and plan). */
final class RevisionOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Changed changed = new Changed();

    @Option(names = "--prune", description = "delete the keys removed from an applied mapping from its targets (by default they stay)")
    boolean prune;

    static final class Changed {
        @Option(names = "--keep-changed", description = "keep values the app changed since the applied revision, where the edited rule computes another one")
        boolean keep;

        @Option(names = "--overwrite-changed", description = "overwrite values the app changed since the applied revision with the edited rule's")
        boolean overwrite;
    }

    RevisionPlanner.Options options() {
        RevisionPlanner.Resolution resolution = changed != null && changed.keep ? RevisionPlanner.Resolution.KEEP_CHANGED
                : changed != null && changed.overwrite ? RevisionPlanner.Resolution.OVERWRITE_CHANGED
                : RevisionPlanner.Resolution.ASK;
        return new RevisionPlanner.Options(resolution, prune);
    }
}
