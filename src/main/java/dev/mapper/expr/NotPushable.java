package dev.mapper.expr;

/** Why an expression (or a column rule) stays in Java: the reason {@code mapper plan} prints. */
public final class NotPushable extends Exception {
    public NotPushable(String reason) {
        super(reason, null, false, false);
    }
}
