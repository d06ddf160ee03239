package dev.mapper;

import dev.mapper.cli.MapperCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * mapper applies a declarative settings migration. The pipeline: {@code yaml} reads the mapping
 * file with positions; {@code model} turns it into immutable, validated records; {@code plan}
 * compiles transforms, reads nothing, and turns source rows into computed values and SQL steps;
 * {@code apply} runs those steps in one locked transaction with a backup first and verification
 * before commit, recording history; {@code cli} is one class per command. Errors a user can cause
 * are {@link dev.mapper.diag.MapperException}s, printed as {@code file:line:col: error: …}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 data or verification failure, 2 usage or mapping error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return MapperCommand.execute(args, out, err);
    }
}
