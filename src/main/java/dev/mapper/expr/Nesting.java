package dev.mapper.expr;

/**
 * How deep an expression nests, measured on its text before JEXL sees it: JEXL's parser and
 * interpreter recurse once per bracket level, unary operator and binary operator of a chain, so a
 * few thousand of them (a hostile or generated transform) end in a StackOverflowError. Limits far
 * above any hand-written transform keep both on a small, fixed stack depth.
 */
final class Nesting {
    static final int MAX_LENGTH = 10_000;
    static final int MAX_DEPTH = 64;
    static final int MAX_OPERATORS = 256;
    private static final String OPERATORS = "+-*/%!&|^<>=?:~";

    private Nesting() {}

    /**
     * Whether a {@code `…`} template interpolates ({@code ${…}} or {@code #{…}}): JEXL joins its pieces
     * in a StringBuilder of its own, where no size limit can look, so such templates are refused.
     */
    static boolean interpolates(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                } else if (quote == '`' && (c == '$' || c == '#') && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    return true;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            }
        }
        return false;
    }

    /** @return why the expression is refused, or null if it is within the limits */
    static String problem(String text) {
        if (text.length() > MAX_LENGTH) {
            return "it is " + text.length() + " characters long, over the limit of " + MAX_LENGTH;
        }
        int depth = 0;
        int deepest = 0;
        int operators = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) { // inside a string literal nothing nests
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (OPERATORS.indexOf(c) >= 0) {
                operators++;
            }
        }
        if (deepest > MAX_DEPTH) {
            return "its brackets nest " + deepest + " levels deep, over the limit of " + MAX_DEPTH;
        }
        if (operators > MAX_OPERATORS) {
            return "it has " + operators + " operator characters, over the limit of " + MAX_OPERATORS;
        }
        return null;
    }
}
