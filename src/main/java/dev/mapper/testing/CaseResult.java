package dev.mapper.testing;

import dev.mapper.diag.Pos;
import java.util.List;

/**
 * How one case ended. FAILED: the mapping did not do what the case expects ({@code problems}: one
 * line per differing key or row, with expected, actual and where the value came from). BROKEN: the
 * case could not be run as written (its given SQL failed, an {@code after} migration failed).
 */
public record CaseResult(String file, String name, Pos pos, Status status, List<String> problems, String roundTripSkip) {
    public enum Status { PASSED, FAILED, BROKEN }

    public CaseResult {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
