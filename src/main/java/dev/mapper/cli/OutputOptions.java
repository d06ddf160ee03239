package dev.mapper.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How much a command prints, and in which form: the options plan, apply, verify, status and validate share. */
final class OutputOptions {
    static final String JSON = "--json";

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = JSON, description = "print one JSON document on stdout instead of text (shape: docs/json-output.md)")
        boolean json;

        @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "also print each SQL statement as it runs")
        boolean verbose;
    }

    boolean json() {
        return mode != null && mode.json;
    }

    boolean quiet() {
        return mode != null && mode.quiet;
    }

    boolean verbose() {
        return mode != null && mode.verbose;
    }

    /** Text for people is printed unless --json or --quiet asked otherwise. */
    boolean text() {
        return !json() && !quiet();
    }
}
