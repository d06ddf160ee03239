package dev.mapper.testing;

import dev.mapper.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML nodes as the plain values mapper computes with: String, Long, BigInteger, BigDecimal, Boolean, null, Map, List. */
final class YamlValues {
    private YamlValues() {}

    static Object plain(YNode node) {
        if (node instanceof YNode.YMap map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.entries().forEach(e -> object.put(e.key(), plain(e.value())));
            return object;
        }
        if (node instanceof YNode.YList list) {
            List<Object> items = new ArrayList<>();
            list.items().forEach(i -> items.add(plain(i)));
            return items;
        }
        return ((YNode.YScalar) node).value();
    }
}
