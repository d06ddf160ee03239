package dev.mapper.expr;

/** Thrown inside an evaluation when the sandbox or a size limit refuses something; its message is the user's. */
class Refusal extends RuntimeException {
    Refusal(String message) {
        super(message, null, false, false);
    }

    /** A refusal by a memory limit ({@link Limits}): the same whatever the time, so validate can report it for a part that needs no data. */
    static Refusal memory(String message) {
        return new Memory(message);
    }

    static final class Memory extends Refusal {
        private Memory(String message) {
            super(message);
        }
    }
}
