package dev.mapper.diag;

/** A place in a mapping file: 1-based line and column, as editors show them. */
public record Pos(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
