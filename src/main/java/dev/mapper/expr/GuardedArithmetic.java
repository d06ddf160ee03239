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

    /** Shift counts beyond this are refused: a number of more bits than this is no setting. */
    static final int MAX_SHIFT = 1024;

    /** {@code <<} is exact: Java's long shift wraps ({@code 1H << 64} gave 1); the result widens instead. */
    @Override
    public Object shiftLeft(Object left, Object right) {
        return integral(left) && integral(right) ? shift(left, right, "<<") : super.shiftLeft(left, right);
    }

    /** {@code >>} is exact too: Java's {@code x >> 64} is x. */
    @Override
    public Object shiftRight(Object left, Object right) {
        return integral(left) && integral(right) ? shift(left, right, ">>") : super.shiftRight(left, right);
    }

    /** {@code >>>} depends on a 64-bit width by definition: only counts 0 to 63, which do not wrap. */
    @Override
    public Object shiftRightUnsigned(Object left, Object right) {
        if (integral(right)) {
            shiftCount(right, ">>>", 63);
        }
        return super.shiftRightUnsigned(left, right);
    }

    private static boolean integral(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof java.math.BigInteger;
    }

    private static int shiftCount(Object right, String operator, int max) {
        java.math.BigInteger count = new java.math.BigInteger(right.toString());
        if (count.signum() < 0 || count.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new Refusal("refused: '" + operator + "' by " + count + "; a shift count must be 0 to " + max);
        }
        return count.intValue();
    }

    private static Object shift(Object left, Object right, String operator) {
        int count = shiftCount(right, operator, MAX_SHIFT);
        java.math.BigInteger value = new java.math.BigInteger(left.toString());
        java.math.BigInteger result = operator.equals("<<") ? value.shiftLeft(count) : value.shiftRight(count);
        if (result.bitLength() < 32 && !(left instanceof java.math.BigInteger)) {
            return result.intValue();
        }
        return result.bitLength() < 64 && !(left instanceof java.math.BigInteger) ? (Object) result.longValue() : result;
    }

    @Override
    public Iterable<?> createRange(Object from, Object to) throws ArithmeticException {
        Limits.range(from, to);
        return super.createRange(from, to);
    }
}
