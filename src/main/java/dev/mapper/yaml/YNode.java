package dev.mapper.yaml;

import dev.mapper.diag.Pos;
import java.util.List;

/**
 * A YAML document as plain immutable values, each with its position in the file. The rest of
 * mapper never sees snakeyaml-engine's (mutable, library-owned) nodes.
 */
public sealed interface YNode {
    Pos pos();

    /** What a user would call this node in an error message: "a map", "a list", "the text \"x\"" … */
    String describe();

    record YMap(List<Entry> entries, Pos pos) implements YNode {
        public YMap {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Entry(String key, Pos keyPos, YNode value) {}

    record YList(List<YNode> items, Pos pos) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar, resolved with the YAML 1.2 core schema: {@code value} is a String, Boolean, Long,
     * BigInteger, BigDecimal, Double (only for .inf/.nan) or null.
     */
    record YScalar(Object value, Pos pos) implements YNode {
        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String s) {
                return "the text \"" + s + "\"";
            }
            if (value instanceof Boolean) {
                return "the boolean " + value;
            }
            return "the number " + value;
        }
    }
}
