package dev.mapper.diag;

import java.util.List;

/**
 * A failure the user caused or can fix, carrying every diagnostic found and the exit code the
 * command line returns: {@link #MAPPING} for a bad mapping or command line, {@link #DATA} for data
 * that does not convert, a database that refuses, or a failed verification.
 */
public final class MapperException extends RuntimeException {
    public static final int DATA = 1;
    public static final int MAPPING = 2;

    private final transient List<Diagnostic> diagnostics;
    private final int exitCode;

    public MapperException(int exitCode, List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "error" : diagnostics.get(0).headline());
        this.exitCode = exitCode;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public static MapperException mapping(List<Diagnostic> diagnostics) {
        return new MapperException(MAPPING, diagnostics);
    }

    public static MapperException usage(String message, String hint) {
        return new MapperException(MAPPING, List.of(Diagnostic.of(message, hint)));
    }

    public static MapperException data(List<Diagnostic> diagnostics) {
        return new MapperException(DATA, diagnostics);
    }

    public static MapperException data(String message, String hint) {
        return data(List.of(Diagnostic.of(message, hint)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The same failure with a sentence added to the last diagnostic's hint (e.g. where the backup is). */
    public MapperException withNote(String note) {
        var copy = new java.util.ArrayList<>(diagnostics);
        Diagnostic last = copy.remove(copy.size() - 1);
        String hint = last.hint() == null ? note : last.hint() + "\n" + note;
        copy.add(new Diagnostic(last.pos(), last.message(), hint));
        return new MapperException(exitCode, copy);
    }
}
