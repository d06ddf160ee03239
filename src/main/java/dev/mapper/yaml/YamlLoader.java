package dev.mapper.yaml;

import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.MapperException;
import dev.mapper.diag.Pos;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML text into {@link YNode}s with positions. Rejects what the compose API lets through:
 * duplicate keys, non-text keys, more than one document, documents nested too deeply.
 */
public final class YamlLoader {
    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 20;
    static final int MAX_CODE_POINTS = 1 << 20;
    /** 1e999999999 is a few bytes in the file and a gigabyte written out; every later stage may write numbers out. */
    static final int MAX_DIGITS = 1000;

    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();

    private YamlLoader(String file) {
        this.file = file;
    }

    /**
     * SnakeYAML applies its code point limit to what it has scanned, and it scans a long comment
     * (or scalar) slowly: a 20 MB comment took minutes. The whole text is measured first, in
     * milliseconds, and refused at the line where it crosses the limit.
     */
    private void checkSize(String text) {
        if (text.length() <= MAX_CODE_POINTS || text.codePointCount(0, text.length()) <= MAX_CODE_POINTS) {
            return;
        }
        int end = text.offsetByCodePoints(0, MAX_CODE_POINTS);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        throw MapperException.mapping(List.of(Diagnostic.at(new Pos(file, line, text.codePointCount(lineStart, end) + 1),
                "the mapping file is longer than " + MAX_CODE_POINTS + " characters (it has " + text.codePointCount(0, text.length()) + ")",
                "a mapping is a short text; remove the long comment or value that starts on this line or before")));
    }

    /** @throws MapperException with every structural error found in the text */
    public static YNode load(String file, String text) {
        return new YamlLoader(file).loadText(text);
    }

    private YNode loadText(String text) {
        checkSize(text);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            new Composer(settings, new EventReplay(checkedEvents(settings, text))).forEachRemaining(documents::add);
        } catch (MarkedYamlEngineException e) {
            Pos pos = e.getProblemMark().map(this::pos).orElse(null);
            throw MapperException.mapping(List.of(Diagnostic.at(pos,
                    "YAML syntax: " + oneLine(e.getProblem()) + contextOf(e),
                    "fix the YAML at this place; mapping files are plain YAML maps, lists and scalars")));
        } catch (YamlEngineException e) {
            throw MapperException.mapping(List.of(Diagnostic.at(new Pos(file, 1, 1),
                    "YAML: " + oneLine(e.getMessage()), "fix the file so it is plain YAML")));
        }
        if (documents.isEmpty()) {
            throw MapperException.mapping(List.of(Diagnostic.at(new Pos(file, 1, 1),
                    "the mapping file is empty", "start from the annotated example in README.md")));
        }
        if (documents.size() > 1) {
            throw MapperException.mapping(List.of(Diagnostic.at(pos(documents.get(1)),
                    "the file holds more than one YAML document", "keep one mapping per file; remove the '---'")));
        }
        YNode root = convert(documents.get(0), 0);
        if (!errors.isEmpty()) {
            throw MapperException.mapping(errors);
        }
        return root;
    }

    /**
     * Compose recurses once per level and overflows the stack on a document nested thousands deep,
     * before {@link #convert} could refuse it; parse events come flat, so count the depth there first.
     * Returns the events, for the composer.
     */
    private List<Event> checkedEvents(LoadSettings settings, String text) {
        int open = 0;
        int aliases = 0;
        List<Event> events = new ArrayList<>();
        for (Event event : new Parse(settings).parseString(text)) {
            events.add(event);
            if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                // the composer would refuse too, but without a position; aliases are how a "billion laughs" file explodes
                Pos pos = event.getStartMark().map(this::pos).orElse(new Pos(file, 1, 1));
                throw MapperException.mapping(List.of(Diagnostic.at(pos, "more than " + MAX_ALIASES + " YAML aliases (*name)",
                        "a mapping needs no aliases; write the values out (many aliases can expand a small file into billions of nodes)")));
            }
            if (event instanceof CollectionStartEvent) {
                if (open > MAX_DEPTH) { // the same collection convert would refuse first
                    Pos pos = event.getStartMark().map(this::pos).orElse(new Pos(file, 1, 1));
                    throw MapperException.mapping(List.of(tooDeep(pos)));
                }
                open++;
            } else if (event instanceof CollectionEndEvent) {
                open--;
            }
        }
        return events;
    }

    private static Diagnostic tooDeep(Pos pos) {
        return Diagnostic.at(pos, "nested more than " + MAX_DEPTH + " levels deep",
                "a mapping needs only a few levels; flatten this value");
    }

    private YNode convert(Node node, int depth) {
        Pos pos = pos(node);
        if (depth > MAX_DEPTH) {
            errors.add(tooDeep(pos));
            return new YNode.YScalar(null, pos);
        }
        if (node instanceof ScalarNode scalar) {
            Object value = resolve(scalar);
            if (isHuge(value)) {
                errors.add(Diagnostic.at(pos, "the number " + scalar.getValue() + " has more than " + MAX_DIGITS + " digits written out",
                        "a mapping's numbers are ports, sizes and limits; write a smaller one"));
                return new YNode.YScalar(null, pos);
            }
            return new YNode.YScalar(value, pos);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YNode.YList(items, pos);
        }
        MappingNode map = (MappingNode) node;
        List<YNode.Entry> entries = new ArrayList<>();
        Map<String, Pos> seen = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Pos keyPos = pos(keyNode);
            if (!(keyNode instanceof ScalarNode keyScalar) || !(resolve(keyScalar) instanceof String
                    || resolve(keyScalar) instanceof Number || resolve(keyScalar) instanceof Boolean)) {
                errors.add(Diagnostic.at(keyPos, "a map key must be plain text", "write the key as a name, e.g. port:"));
                continue;
            }
            String key = keyScalar.getValue();
            Pos first = seen.putIfAbsent(key, keyPos);
            if (first != null) {
                errors.add(Diagnostic.at(keyPos, "duplicate key '" + key + "' (first defined at line " + first.line() + ")",
                        "remove one of the two, or rename it; YAML would silently keep only the last"));
                continue;
            }
            entries.add(new YNode.Entry(key, keyPos, convert(tuple.getValueNode(), depth + 1)));
        }
        return new YNode.YMap(entries, pos);
    }

    private static boolean isHuge(Object value) {
        return value instanceof BigDecimal d && (d.precision() > MAX_DIGITS || Math.abs((long) d.scale()) > MAX_DIGITS)
                || value instanceof BigInteger b && b.bitLength() > MAX_DIGITS * 4;
    }

    private static Object resolve(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(text.toLowerCase());
        }
        if (Tag.INT.equals(tag)) {
            return parseInteger(text);
        }
        if (Tag.FLOAT.equals(tag)) {
            String t = text.toLowerCase();
            if (t.endsWith(".inf")) {
                return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (t.equals(".nan")) {
                return Double.NaN;
            }
            return new BigDecimal(text);
        }
        return text;
    }

    private static Object parseInteger(String text) {
        BigInteger value;
        if (text.startsWith("0x")) {
            value = new BigInteger(text.substring(2), 16);
        } else if (text.startsWith("0o")) {
            value = new BigInteger(text.substring(2), 8);
        } else {
            value = new BigInteger(text);
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private Pos pos(Node node) {
        return node.getStartMark().map(this::pos).orElse(new Pos(file, 1, 1));
    }

    private Pos pos(Mark mark) {
        return new Pos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** SnakeYAML's context, with where it started: an unclosed '{' is usually found lines later. */
    private static String contextOf(MarkedYamlEngineException e) {
        String context = e.getContext();
        if (context == null || context.isBlank()) {
            return "";
        }
        String where = e.getContextMark().map(m -> " that starts at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
        return " (" + oneLine(context) + where + ")";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

}
