package dev.mapper.cli;

import dev.mapper.diag.MapperException;
import java.util.Map;

/** A command with {@code --json}: on failure it still prints one JSON document on stdout (and the diagnostics on stderr). */
interface JsonCommand {
    boolean json();

    /** The JSON printed when the command fails; commands that know more than the errors add it. */
    default Map<String, Object> failureJson(String command, MapperException e) {
        Map<String, Object> json = JsonShapes.envelope(command, e.exitCode());
        json.put("errors", JsonShapes.errors(e.diagnostics()));
        return json;
    }
}
