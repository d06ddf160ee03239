package dev.mapper.diag;

/**
 * One error a user can act on: where it is (if it has a place in the mapping file), what is wrong,
 * and how to fix it.
 */
public record Diagnostic(Pos pos, String message, String hint) {

    public static Diagnostic at(Pos pos, String message, String hint) {
        return new Diagnostic(pos, message, hint);
    }

    public static Diagnostic at(Pos pos, String message) {
        return new Diagnostic(pos, message, null);
    }

    public static Diagnostic of(String message, String hint) {
        return new Diagnostic(null, message, hint);
    }

    /** The first line as printed: {@code file:line:col: error: message}. */
    public String headline() {
        return (pos == null ? "" : pos + ": ") + "error: " + message;
    }
}
