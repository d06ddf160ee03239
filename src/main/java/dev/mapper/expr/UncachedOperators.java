package dev.mapper.expr;

import java.util.function.Consumer;
import org.apache.commons.jexl3.JexlCache;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;

/**
 * JEXL's operator resolution without its per-node "no overload here" cache for the operators
 * mapper's arithmetic does not overload ({@code / * - <} …): checking that cache builds a method
 * key from the operands on every operation, which costs more than finding out again that there is
 * no overload. Same operators, same null checks, same results; only the caching differs.
 */
final class UncachedOperators implements JexlOperator.Uberspect {
    private final JexlOperator.Uberspect base;

    UncachedOperators(JexlOperator.Uberspect base) {
        this.base = base;
    }

    private JexlCache.Reference cacheOnlyOverloads(JexlCache.Reference node, JexlOperator operator) {
        return base.overloads(operator) ? node : null;
    }

    @Override
    public Object tryOverload(JexlCache.Reference node, JexlOperator operator, Object... args) {
        return base.tryOverload(cacheOnlyOverloads(node, operator), operator, args);
    }

    @Override
    public Object tryAssignOverload(JexlCache.Reference node, JexlOperator operator, Consumer<Object> assign, Object... args) {
        return base.tryAssignOverload(node, operator, assign, args);
    }

    @Override
    public Object size(JexlCache.Reference node, Object object) {
        return base.size(node, object);
    }

    @Override
    public Object empty(JexlCache.Reference node, Object object) {
        return base.empty(node, object);
    }

    @Override
    public boolean contains(JexlCache.Reference node, JexlOperator operator, Object left, Object right) {
        return base.contains(node, operator, left, right);
    }

    @Override
    public boolean startsWith(JexlCache.Reference node, JexlOperator operator, Object left, Object right) {
        return base.startsWith(node, operator, left, right);
    }

    @Override
    public boolean endsWith(JexlCache.Reference node, JexlOperator operator, Object left, Object right) {
        return base.endsWith(node, operator, left, right);
    }

    @Override
    public JexlMethod getOperator(JexlOperator operator, Object... args) {
        return base.getOperator(operator, args);
    }

    @Override
    public boolean overloads(JexlOperator operator) {
        return base.overloads(operator);
    }
}
