package dev.mapper.expr;

import java.math.MathContext;
import org.apache.commons.jexl3.JexlArithmetic;

/** JEXL's strict arithmetic with size limits on string concatenation and ranges. */
final class GuardedArithmetic extends JexlArithmetic {
    GuardedArithmetic(boolean strict) {
        super(strict);
    }

    GuardedArithmetic(boolean strict, MathContext context, int scale) {
        super(strict, context, scale);
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
        return new GuardedArithmetic(strict, context, scale);
    }

    @Override
    public Object add(Object left, Object right) {
        // concatenation only adds lengths, so measuring the result is enough
        return Limits.measured("'+'", super.add(left, right));
    }

    /** {@code text =~ 'regex'}: a pattern can backtrack for hours, so it runs under the time budget. */
    @Override
    public Boolean contains(Object container, Object value) {
        try {
            return Budget.call(() -> super.contains(container, value));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Iterable<?> createRange(Object from, Object to) throws ArithmeticException {
        Limits.range(from, to);
        return super.createRange(from, to);
    }
}
