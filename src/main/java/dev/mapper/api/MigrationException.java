package dev.mapper.api;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import java.util.List;

/**
 * Thrown by {@link Mapper} when a mapping is wrong or a migration fails. Nothing was changed: the
 * transaction was rolled back and the database file has the bytes it had. {@link #problems()}
 * lists everything found, with positions in the mapping file where there are any.
 */
public final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code MAPPING}: fix the mapping file or the call (e.g. a database file that does not exist); {@code DATA}: fix the data or the database. */
    public enum Kind { MAPPING, DATA }

    /** One problem: {@code file}, {@code line}, {@code column} are null/0 when it has no place in a mapping file. */
    public record Problem(String file, int line, int column, String message, String hint) {
        @Override
        public String toString() {
            return (file == null ? "" : file + ":" + line + ":" + column + ": ") + "error: " + message;
        }
    }

    private final Kind kind;
    private final transient List<Problem> problems;

    MigrationException(MapperException cause) {
        super(cause.getMessage(), cause);
        this.kind = cause.exitCode() == MapperException.MAPPING ? Kind.MAPPING : Kind.DATA;
        this.problems = cause.diagnostics().stream().map(MigrationException::problem).toList();
    }

    private static Problem problem(Diagnostic d) {
        return d.pos() == null ? new Problem(null, 0, 0, d.message(), d.hint())
                : new Problem(d.pos().file(), d.pos().line(), d.pos().column(), d.message(), d.hint());
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem> problems() {
        return problems;
    }
}
