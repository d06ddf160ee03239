package dev.mapper.cli;

import dev.mapper.apply.history.Version;
import dev.mapper.convert.Json;
import dev.mapper.diag.Diagnostic;
import dev.mapper.diag.DiagnosticPrinter;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level command: {@code mapper FILE} is short for {@code mapper apply FILE}. */
@Command(name = "mapper",
        mixinStandardHelpOptions = true,
        versionProvider = MapperCommand.VersionProvider.class,
        description = {
            "Applies declarative migrations of configuration data, described in a YAML mapping file.",
            "",
            "  mapper mappings/004.yaml         apply it (same as: mapper apply FILE)",
            "  mapper plan mappings/004.yaml    show values and SQL, change nothing",
            "  mapper apply mappings/           apply the folder's pending mappings in order",
            "  mapper status mappings/          a table of every mapping's state",
            "  mapper new ui_config             start the next mapping from a template",
            "  mapper test mappings/            run the mappings' test cases (NAME.test.yaml)",
            ""},
        footer = {"", "Exit codes: 0 success or nothing to do, 1 data or verification failure, 2 usage or mapping error."})
public final class MapperCommand implements Runnable {
    /** The subcommands, in the order help lists them. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();
    /** These need every subcommand registered: help lists them, completion describes them. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a mapping file, e.g. mapper mappings/004.yaml");
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        String[] effective = withDefaultCommand(args);
        CommandLine cli = forRun(effective);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(new UsageErrors());
        // help wraps at spaces to the terminal's width, or 100 columns when not a terminal (picocli's default 80 split paths and options)
        cli.setUsageHelpWidth(100);
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof MapperException m) {
                if (commandLine.getCommand() instanceof JsonCommand command && command.json()) {
                    out.println(Json.write(command.failureJson(commandLine.getCommandName(), m)));
                    out.flush();
                }
                List<Diagnostic> diagnostics = m.diagnostics();
                if (commandLine.getCommand() instanceof DatabaseCommand command) {
                    diagnostics = diagnostics.stream().map(d -> new Diagnostic(d.pos(), command.withOptions(d.message()), command.withOptions(d.hint()))).toList();
                }
                new DiagnosticPrinter().print(diagnostics, err);
                return m.exitCode();
            }
            throw e; // a bug in mapper: picocli prints the stack trace and exits 1
        });
        return cli.execute(effective);
    }

    /**
     * Picocli reads every registered subcommand's annotations up front (~0.1–0.3 s of start-up for all eleven), so a run
     * naming one subcommand registers only that one; help, completion and anything unrecognised get them all.
     */
    private static CommandLine forRun(String[] args) {
        String named = args.length == 0 ? "" : args[0];
        if (!SUBCOMMANDS.containsKey(named) || NEED_ALL.contains(named)) {
            return withAllSubcommands();
        }
        return withVersion(new CommandLine(new MapperCommand()).addSubcommand(named, SUBCOMMANDS.get(named)));
    }

    /** Every subcommand lists -V, --version (mixinStandardHelpOptions): it prints mapper's version there too. */
    private static CommandLine withVersion(CommandLine cli) {
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new VersionProvider()));
        return cli;
    }

    /** mapper's whole command line, every subcommand registered. */
    public static CommandLine withAllSubcommands() {
        CommandLine cli = new CommandLine(new MapperCommand());
        SUBCOMMANDS.forEach(cli::addSubcommand);
        return withVersion(cli);
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> all = new LinkedHashMap<>();
        all.put("apply", ApplyCommand.class);
        all.put("plan", PlanCommand.class);
        all.put("verify", VerifyCommand.class);
        all.put("rollback", RollbackCommand.class);
        all.put("status", StatusCommand.class);
        all.put("validate", ValidateCommand.class);
        all.put("test", TestCommand.class);
        all.put("schema", SchemaCommand.class);
        all.put("new", NewCommand.class);
        all.put("inspect", InspectCommand.class);
        all.put("backups", BackupsCommand.class);
        all.put("completion", CompletionCommand.class);
        all.put("help", CommandLine.HelpCommand.class);
        return all;
    }

    /** {@code mapper FILE …} → {@code mapper apply FILE …}. */
    private static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || SUBCOMMANDS.containsKey(args[0])) {
            return args;
        }
        List<String> rewritten = new ArrayList<>(List.of(args));
        rewritten.add(0, "apply");
        return rewritten.toArray(String[]::new);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mapper " + Version.current()};
        }
    }
}
