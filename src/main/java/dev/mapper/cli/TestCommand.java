package dev.mapper.cli;

import dev.mapper.convert.Json;
import dev.mapper.diag.MapperException;
import dev.mapper.testing.CaseResult;
import dev.mapper.testing.TestReport;
import dev.mapper.testing.TestSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run a mapping's test cases (NAME.test.yaml beside NAME.yaml). Each case gets a fresh temporary SQLite database "
            + "holding its given rows; the mapping is applied as apply does, the result compared with what the case expects, then "
            + "the round trip is checked: a second apply changes nothing, and rollback gives back the given database exactly.",
        footer = {"", "Example:", "  mapper test mappings/004.test.yaml", "  mapper test mappings/              every *.test.yaml in the folder",
            "  mapper test mappings/ --junit target/mapper-tests.xml", "",
            "Exit codes: 0 every case passed, 1 a case failed, 2 a test file or mapping has a mistake."})
final class TestCommand implements Callable<Integer>, JsonCommand {
    @Parameters(index = "0", paramLabel = "FILE|FOLDER", description = "a test file, a mapping with a test file beside it, or a folder")
    Path path;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write the results as JUnit XML, for CI servers")
    Path junit;

    @Option(names = OutputOptions.JSON, description = "print one JSON document on stdout instead of text (shape: docs/json-output.md)")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print only the cases that fail, and the summary when one did")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TestSuite suite = TestSuite.load(path);
        List<CaseResult> results = suite.run(result -> {
            if (!json && (!quiet || !result.passed())) {
                TestReport.lines(result).forEach(out::println);
                out.flush();
            }
        });
        int exit = TestReport.exitCode(results);
        if (junit != null) {
            try {
                TestReport.writeJunit(junit, results);
            } catch (IOException e) {
                throw MapperException.usage("cannot write " + junit + ": " + e.getMessage(), "check that its folder exists and is writable");
            }
        }
        if (json) {
            Map<String, Object> document = JsonShapes.envelope("test", exit);
            document.put("cases", TestReport.json(results));
            document.put("passed", results.stream().filter(CaseResult::passed).count());
            document.put("failed", results.stream().filter(r -> !r.passed()).count());
            document.put("untested", suite.untested().stream().map(Path::toString).toList());
            out.println(Json.write(document));
        } else if (!quiet || exit != 0) {
            if (!quiet) {
                suite.untested().forEach(f -> out.println("no test file for " + f));
            }
            out.println(TestReport.summary(results));
        }
        out.flush();
        return exit;
    }
}
