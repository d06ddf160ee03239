package dev.mapper.cli;

import dev.mapper.db.DatabaseAddress;
import dev.mapper.model.Mapping;
import dev.mapper.plan.CompiledMapping;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs a mapping file against a database: the shared options and their loading. */
abstract class DatabaseCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions options;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The mapping file, read, validated and compiled. */
    CompiledMapping compiled() {
        return MappingFiles.load(options.mapping, spec.name());
    }

    DatabaseAddress database(Mapping mapping) {
        return MappingFiles.database(mapping, options.db, options.serverOptions());
    }

    private static final Pattern NEXT_COMMAND = Pattern.compile("mapper (apply|rollback|plan|verify|status) ([^-\\s;,][^\\s;,]*?(?:\\.ya?ml|/))(?=[\\s;,)]|$)(?! --db)");

    /**
     * {@code text} with every next command it suggests ({@code mapper rollback FILE}) completed with
     * the options the person gave this one (--db, --wait; for apply and plan also --keep-changed,
     * --overwrite-changed, --prune): a suggestion without --db would run against another database.
     */
    String withOptions(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NEXT_COMMAND.matcher(text);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            StringBuilder command = new StringBuilder("mapper " + m.group(1) + " " + m.group(2));
            given().forEach((option, value) -> {
                boolean revisionOption = option.equals("--keep-changed") || option.equals("--overwrite-changed") || option.equals("--prune");
                if (!revisionOption || m.group(1).equals("apply") || m.group(1).equals("plan")) {
                    command.append(' ').append(option).append(value == null ? "" : " " + quoted(value));
                }
            });
            m.appendReplacement(result, Matcher.quoteReplacement(command.toString()));
        }
        m.appendTail(result);
        return result.toString();
    }

    /** The options given on this command line that a next command needs too, with their values (null for a flag). */
    private Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (options.db != null) {
            given.put("--db", options.db.toString());
        }
        // a server's next command needs the same password file to log in and the same folder for its backup
        if (options.passwordFile != null) {
            given.put("--db-password-file", options.passwordFile.toString());
        }
        if (options.backupDir != null) {
            given.put("--backup-dir", options.backupDir.toString());
        }
        if (parsed != null && parsed.hasMatchedOption("--wait")) {
            given.put("--wait", Integer.toString(options.waitSeconds));
        }
        for (String flag : new String[] {"--keep-changed", "--overwrite-changed", "--prune"}) {
            if (parsed != null && parsed.hasMatchedOption(flag)) {
                given.put(flag, null);
            }
        }
        return given;
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_./:@%+=-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
