package dev.mapper.cli;

import dev.mapper.diag.MapperException;
import dev.mapper.model.DidYouMean;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A command line picocli cannot parse: one error line and one hint, not the whole usage (which
 * buries the one word that was wrong). An unknown option gets the option the person probably meant.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    /** Names people reach for from other tools, which no edit distance connects to mapper's. */
    private static final Map<String, String> SYNONYMS = Map.of("--database", "--db", "--db-file", "--db", "--timeout", "--wait",
            "--dry-run", "(mapper plan FILE shows what apply would do)", "--output", "--report");

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        String help = command + " --help";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                String option = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                String suggestion = command.equals("mapper validate") && option.equals("--db")
                        ? ": validate reads no database; mapper plan FILE --db PATH checks the data too"
                        : suggestion(option, List.copyOf(cli.getCommandSpec().optionsMap().keySet()));
                err.println("error: unknown option '" + option + "'" + (suggestion == null ? ""
                        : suggestion.startsWith("-") ? "; did you mean '" + suggestion + "'?" : suggestion.startsWith(":") ? suggestion : " " + suggestion));
                err.println("  hint: " + help + " lists its options");
            } else {
                err.println("error: unexpected argument '" + first + "'");
                err.println("  hint: " + help + " shows what " + command + " takes");
            }
        } else {
            err.println("error: " + e.getMessage());
            err.println("  hint: " + help + " explains the command with an example");
        }
        err.flush();
        return MapperException.MAPPING;
    }

    private static String suggestion(String option, List<String> known) {
        String synonym = SYNONYMS.get(option);
        if (synonym != null && (!synonym.startsWith("-") || known.contains(synonym))) {
            return synonym;
        }
        return option.startsWith("--") ? DidYouMean.closest(option, known.stream().filter(k -> k.startsWith("--")).toList()) : null;
    }
}
