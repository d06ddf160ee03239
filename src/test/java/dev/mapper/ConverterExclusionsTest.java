package dev.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapper.cli.MapperCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@link Main#run} tells picocli not to register its converters for java.time and java.sql types (start-up time): no
 * option or parameter of any command may have such a type, or picocli could not convert it.
 */
class ConverterExclusionsTest {
    @Test
    void noOptionHasAnExcludedType() {
        List<Pattern> excluded = Pattern.compile(",").splitAsStream(Main.UNUSED_CONVERTERS).map(Pattern::compile).toList();
        List<String> checked = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        collect(MapperCommand.withAllSubcommands().getCommandSpec(), checked, offending, excluded);
        assertTrue(checked.size() > 40, "every command's options were looked at: " + checked);
        assertTrue(checked.contains("mapper apply --db java.lang.String"), checked.toString());
        assertEquals(List.of(), offending, "picocli.converters.excludes in Main.UNUSED_CONVERTERS leaves out these types' converters");
    }

    @Test
    void theExclusionMatchesWhatItShould() {
        Pattern p = Pattern.compile(Main.UNUSED_CONVERTERS);
        assertTrue(p.matcher("java.time.Duration").matches() && p.matcher("java.sql.Timestamp").matches());
        assertTrue(!p.matcher("java.nio.file.Path").matches() && !p.matcher("java.math.BigInteger").matches());
    }

    private static void collect(CommandSpec spec, List<String> checked, List<String> offending, List<Pattern> excluded) {
        for (ArgSpec arg : spec.args()) {
            List<Class<?>> types = new ArrayList<>(List.of(arg.type()));
            types.addAll(List.of(arg.auxiliaryTypes()));
            for (Class<?> type : types) {
                String name = spec.qualifiedName() + " " + label(arg) + " " + type.getName();
                checked.add(name);
                if (excluded.stream().anyMatch(p -> p.matcher(type.getName()).matches())) {
                    offending.add(name);
                }
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), checked, offending, excluded);
        }
    }

    private static String label(ArgSpec arg) {
        return arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
    }
}
