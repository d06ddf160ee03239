import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Builds a SQLite database from a SQL script (no sqlite3 binary needed):
 * java -cp target/mapper.jar examples/CreateDatabase.java SCRIPT.sql OUT.db
 * Refuses to overwrite an existing file.
 */
public class CreateDatabase {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp target/mapper.jar examples/CreateDatabase.java SCRIPT.sql OUT.db");
            System.exit(2);
        }
        Path script = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (Files.exists(out)) {
            System.err.println("error: " + out + " exists already; remove it or choose another name");
            System.exit(2);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            // sqlite-jdbc runs a multi-statement string with sqlite3_exec, as the sqlite3 shell would
            c.createStatement().executeUpdate(Files.readString(script));
        }
        System.out.println("created " + out + " from " + script);
    }
}
