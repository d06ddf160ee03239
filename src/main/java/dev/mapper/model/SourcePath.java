package dev.mapper.model;

import dev.mapper.diag.Pos;
import java.util.List;

/** {@code server.llama_server_port}: a source's name, then the path inside it. */
public record SourcePath(String source, List<String> path, Pos pos) {
    public SourcePath {
        path = List.copyOf(path);
    }

    @Override
    public String toString() {
        return source + "." + String.join(".", path);
    }
}
