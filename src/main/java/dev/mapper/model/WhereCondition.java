package dev.mapper.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code where:} of a table source is pasted into mapper's SELECTs, so it is held to a small
 * expression grammar mapper checks itself before any SQL runs: column names, literals (numbers,
 * 'text', NULL, TRUE, FALSE), comparison and arithmetic operators, AND/OR/NOT, IS [NOT] NULL,
 * [NOT] BETWEEN, [NOT] IN (literals), [NOT] LIKE/GLOB, parentheses and a few scalar functions.
 * No subquery, no other table, no second statement, no comment can get through a grammar that
 * has none of them; raw SQL (a recursive CTE, {@code 0) UNION ALL SELECT … FROM other WHERE (1})
 * could hang apply under the write lock or read any table. A tokenizer and a recursive descent
 * parser, not a regular expression: a pattern cannot tell a quoted 'SELECT' from a subquery.
 */
public final class WhereCondition {
    /** Scalar functions a condition may call: cheap, deterministic in their inputs, no side effects, no huge results. */
    public static final List<String> FUNCTIONS = List.of("abs", "coalesce", "ifnull", "nullif", "length", "lower", "upper", "trim",
            "ltrim", "rtrim", "substr", "instr", "round", "typeof", "strftime", "date", "datetime", "julianday", "unixepoch");
    /** Words that start or join statements: named in the message, since they are what an injection looks like. */
    private static final Set<String> STATEMENT_WORDS = Set.of("select", "with", "union", "except", "intersect", "from", "join", "values",
            "insert", "update", "delete", "drop", "create", "alter", "attach", "detach", "pragma", "vacuum", "replace", "exists", "recursive");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "in", "between", "like", "glob", "escape",
            "true", "false", "isnull", "notnull", "case", "when", "then", "else", "end", "cast", "as", "collate", "match", "regexp");
    static final int MAX_LENGTH = 4000;
    static final int MAX_DEPTH = 32;

    /** A condition that passed: its text (what goes into the SQL) and the column names it reads. */
    public record Checked(String text, List<String> columns) {}

    /** A refusal: what is wrong, at which character of the condition (1-based), and how to fix it. */
    public static final class Refused extends Exception {
        private final String hint;

        Refused(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    private record Token(String text, char kind, int at) {
        // kind: 'n' name, 'q' "quoted name", 's' 'string', '#' number, 'o' operator or punctuation, '$' end
        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }

        boolean is(String word) {
            return (kind == 'n' || kind == 'o') && text.equalsIgnoreCase(word);
        }
    }

    private static final String GRAMMAR = "a where: is one condition on the source table's columns: names, numbers, 'text', comparisons, + - * / %, "
            + "AND/OR/NOT, IS [NOT] NULL, BETWEEN, IN (…), LIKE, parentheses and the functions " + String.join(", ", FUNCTIONS);

    private final String text;
    private final List<Token> tokens;
    private final Set<String> columns = new LinkedHashSet<>();
    private int next;
    private int depth;

    private WhereCondition(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    public static Checked check(String text) throws Refused {
        if (text.isBlank()) {
            throw new Refused("it is empty", "leave 'where' out to read every row, or write a condition, e.g. where: \"timestamp >= 1700000000\"");
        }
        if (text.length() > MAX_LENGTH) {
            throw new Refused("it is " + text.length() + " characters long, over the limit of " + MAX_LENGTH, GRAMMAR);
        }
        WhereCondition parser = new WhereCondition(text, tokenize(text));
        for (Token t : parser.tokens) {
            if (t.kind() == 'n' && STATEMENT_WORDS.contains(t.lower())) {
                throw new Refused(t.text().toUpperCase(Locale.ROOT) + " at character " + t.at() + ": a where: may not hold a query or a statement, only a condition on "
                        + "the source table's own columns", GRAMMAR);
            }
        }
        parser.or();
        Token end = parser.peek();
        if (end.kind() != '$') {
            throw parser.unexpected(end, end.is(")") ? "a ')' without its '('" : null);
        }
        return new Checked(text, List.copyOf(parser.columns));
    }

    private static List<Token> tokenize(String s) throws Refused {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int at = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && s.startsWith("--", i) || c == '/' && s.startsWith("/*", i)) {
                throw new Refused("a comment at character " + at + ": a where: may not hold comments", GRAMMAR);
            } else if (c == ';') {
                throw new Refused("';' at character " + at + ": a where: is one condition, not several statements", GRAMMAR);
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (j >= s.length()) {
                        throw new Refused("the " + (c == '\'' ? "text" : "quoted name") + " that starts at character " + at + " is not closed",
                                "close it with " + c + " (write " + c + c + " for a " + c + " inside it)");
                    }
                    if (s.charAt(j) == c) {
                        if (j + 1 < s.length() && s.charAt(j + 1) == c) {
                            b.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(s.charAt(j++));
                }
                out.add(new Token(c == '"' ? b.toString() : s.substring(i, j + 1), c == '\'' ? 's' : 'q', at));
                i = j + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                        || (s.charAt(j) == '+' || s.charAt(j) == '-') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E'))) {
                    j++;
                }
                String number = s.substring(i, j);
                if (!number.matches("\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|0[xX][0-9a-fA-F]+")) {
                    throw new Refused("'" + number + "' at character " + at + " is not a number", GRAMMAR);
                }
                out.add(new Token(number, '#', at));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(s.substring(i, j), 'n', at));
                i = j;
            } else {
                String op = operator(s, i);
                if (op == null) {
                    throw new Refused("'" + c + "' at character " + at + " is not part of a condition", GRAMMAR);
                }
                out.add(new Token(op, 'o', at));
                i += op.length();
            }
        }
        out.add(new Token("", '$', s.length() + 1));
        return out;
    }

    private static String operator(String s, int i) {
        for (String op : new String[] {"<=", ">=", "<>", "!=", "==", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ","}) {
            if (s.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean accept(String word) {
        if (peek().is(word)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String word) throws Refused {
        if (!accept(word)) {
            throw unexpected(peek(), "expected " + word.toUpperCase(Locale.ROOT));
        }
    }

    private Refused unexpected(Token t, String why) {
        String what = t.kind() == '$' ? "the condition ends too early" : "'" + t.text() + "' at character " + t.at() + " is not expected here";
        return new Refused(what + (why == null ? "" : " (" + why + ")"), GRAMMAR);
    }

    private void or() throws Refused {
        if (++depth > MAX_DEPTH) {
            throw new Refused("its parentheses nest deeper than " + MAX_DEPTH + " levels", "write a flatter condition");
        }
        and();
        while (accept("or")) {
            and();
        }
        depth--;
    }

    private void and() throws Refused {
        not();
        while (accept("and")) {
            not();
        }
    }

    private void not() throws Refused {
        int nots = 0;
        while (accept("not")) {
            if (++nots > MAX_DEPTH) {
                throw new Refused("it has more than " + MAX_DEPTH + " NOTs in a row", "write a flatter condition");
            }
        }
        comparison();
    }

    private void comparison() throws Refused {
        additive();
        while (true) {
            Token t = peek();
            if (t.kind() == 'o' && List.of("=", "==", "!=", "<>", "<", "<=", ">", ">=").contains(t.text())) {
                next++;
                additive();
            } else if (accept("isnull") || accept("notnull")) {
                continue;
            } else if (accept("is")) {
                accept("not");
                additive();
            } else if (t.is("not") || t.is("between") || t.is("in") || t.is("like") || t.is("glob")) {
                accept("not");
                if (accept("between")) {
                    additive();
                    expect("and");
                    additive();
                } else if (accept("in")) {
                    literalList();
                } else if (accept("like") || accept("glob")) {
                    additive();
                    if (accept("escape")) {
                        additive();
                    }
                } else if (accept("null")) {
                    continue; // NOT NULL
                } else {
                    throw unexpected(peek(), "expected BETWEEN, IN, LIKE or GLOB after NOT");
                }
            } else {
                return;
            }
        }
    }

    /** {@code IN ('a', 'b', 3)}: literals only, so IN cannot hide a subquery or read a column of another table. */
    private void literalList() throws Refused {
        expect("(");
        do {
            accept("-");
            Token t = peek();
            if (t.kind() == 's' || t.kind() == '#' || t.is("null")) {
                next++;
            } else {
                throw unexpected(t, "IN takes a list of numbers and 'texts'");
            }
        } while (accept(","));
        expect(")");
    }

    private void additive() throws Refused {
        multiplicative();
        while (peek().kind() == 'o' && List.of("+", "-", "||").contains(peek().text())) {
            next++;
            multiplicative();
        }
    }

    private void multiplicative() throws Refused {
        unary();
        while (peek().kind() == 'o' && List.of("*", "/", "%").contains(peek().text())) {
            next++;
            unary();
        }
    }

    private void unary() throws Refused {
        int signs = 0;
        while (accept("-") || accept("+")) {
            if (++signs > MAX_DEPTH) {
                throw new Refused("it has more than " + MAX_DEPTH + " signs in a row", "write a flatter condition");
            }
        }
        primary();
    }

    private void primary() throws Refused {
        Token t = peek();
        if (t.kind() == 's' || t.kind() == '#' || t.is("null") || t.is("true") || t.is("false")) {
            next++;
        } else if (accept("(")) {
            or();
            if (!accept(")")) {
                throw unexpected(peek(), "a '(' without its ')'");
            }
        } else if (t.kind() == 'q' || t.kind() == 'n' && !KEYWORDS.contains(t.lower())) {
            next++;
            if (t.kind() == 'n' && accept("(")) {
                call(t);
            } else {
                columns.add(t.text());
            }
        } else {
            throw unexpected(t, t.kind() == 'n' ? t.text().toUpperCase(Locale.ROOT) + " is not part of the where: grammar" : null);
        }
    }

    private void call(Token name) throws Refused {
        if (!FUNCTIONS.contains(name.lower())) {
            String near = DidYouMean.closest(name.lower(), FUNCTIONS);
            throw new Refused("'" + name.text() + "' at character " + name.at() + " is not a function a where: may call",
                    (near == null ? "" : "did you mean '" + near + "'? ") + "a where: may call " + String.join(", ", FUNCTIONS));
        }
        if (!accept(")")) {
            do {
                or();
            } while (accept(","));
            if (!accept(")")) {
                throw unexpected(peek(), "a '(' without its ')'");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
