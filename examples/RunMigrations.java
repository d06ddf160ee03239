import dev.mapper.api.Database;
import dev.mapper.api.Mapper;
import dev.mapper.api.MigrationException;
import java.nio.file.Path;

/** Embedding mapper: apply a mapping at startup. Run: java -cp target/mapper.jar examples/RunMigrations.java MAPPING DB (a SQLite file or a postgresql:// URL) */
public class RunMigrations {
    public static void main(String[] args) {
        Database database = Database.of(args[1]);
        try {
            Mapper mapper = Mapper.load(Path.of(args[0]));
            System.out.println(mapper.migration() + " is " + mapper.status(database).state());
            Mapper.Applied result = mapper.apply(database);
            // no backup when nothing was written (already applied, or a baseline)
            System.out.println(result.outcome() + " in " + result.durationMs() + " ms" + (result.backupFile() == null ? "" : ", backup " + result.backupFile()));
            for (Mapper.Key key : result.keys()) {
                System.out.println(key.table() + "." + key.key() + " = " + key.value() + " (" + key.source() + ")");
            }
        } catch (MigrationException e) {
            e.problems().forEach(System.err::println); // nothing was changed
            System.exit(e.kind() == MigrationException.Kind.MAPPING ? 2 : 1);
        }
    }
}
