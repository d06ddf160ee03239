package dev.mapper.expr;

/** Thrown inside an evaluation when the sandbox or a size limit refuses something; its message is the user's. */
final class Refusal extends RuntimeException {
    Refusal(String message) {
        super(message, null, false, false);
    }
}
