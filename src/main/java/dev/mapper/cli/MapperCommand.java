package dev.mapper.cli;

import dev.mapper.apply.Version;
import dev.mapper.convert.Json;
import dev.mapper.diag.DiagnosticPrinter;
import dev.mapper.diag.MapperException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command: {@code mapper FILE} is short for {@code mapper apply FILE}. */
@Command(name = "mapper",
        mixinStandardHelpOptions = true,
        versionProvider = MapperCommand.VersionProvider.class,
        description = {
            "Applies declarative migrations of configuration data, described in a YAML mapping file.",
            "",
            "  mapper mappings/004.yaml         apply it (same as: mapper apply FILE)",
            "  mapper plan mappings/004.yaml    show values and SQL, change nothing",
            "  mapper apply mappings/           apply every pending mapping of the folder, in order",
            "  mapper status mappings/          a table of every mapping's state",
            "  mapper new ui_config             start the next mapping from a template",
            ""},
        subcommands = {ApplyCommand.class, PlanCommand.class, VerifyCommand.class, RollbackCommand.class,
                StatusCommand.class, ValidateCommand.class, SchemaCommand.class, NewCommand.class, InspectCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success or nothing to do, 1 data or verification failure,", "            2 usage or mapping error."})
public final class MapperCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a mapping file, e.g. mapper mappings/004.yaml");
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new MapperCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof MapperException m) {
                if (commandLine.getCommand() instanceof JsonCommand command && command.json()) {
                    out.println(Json.write(command.failureJson(commandLine.getCommandName(), m)));
                    out.flush();
                }
                new DiagnosticPrinter().print(m.diagnostics(), err);
                return m.exitCode();
            }
            throw e; // a bug in mapper: picocli prints the stack trace and exits 1
        });
        return cli.execute(withDefaultCommand(cli, args));
    }

    /** {@code mapper FILE …} → {@code mapper apply FILE …}. */
    private static String[] withDefaultCommand(CommandLine cli, String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || cli.getSubcommands().containsKey(args[0])) {
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
