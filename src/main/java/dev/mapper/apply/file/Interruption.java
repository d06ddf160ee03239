package dev.mapper.apply.file;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM: the JVM runs its shutdown hooks while the main thread goes on. The
 * hook interrupts the running write transaction's statements (sqlite3_interrupt, again every few
 * milliseconds, since only a running statement is interrupted) until {@link Transaction#write}
 * has rolled back, deleted its backup copy and replayed any journal; then it prints one line and
 * ends the process with 130. The main thread, once its transaction is over, waits for that end
 * instead of printing its own error (the one line is the whole story).
 */
public final class Interruption {
    private static final Object LOCK = new Object();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static Connection connection; // the write transaction's, while it runs
    private static CountDownLatch over;   // counted down when that transaction is over (committed or rolled back)
    private static boolean committed;
    private static boolean requested;
    private static volatile boolean exiting;

    private Interruption() {}

    /** Main.main only: tests run commands in-process and must not be ended by a hook. */
    public static void install(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(err), "mapper-interruption"));
    }

    /** The command ended by itself (System.exit runs the hooks too). */
    public static void exiting() {
        exiting = true;
    }

    private static void onSignal(PrintStream err) {
        if (exiting) {
            return;
        }
        CountDownLatch wait;
        synchronized (LOCK) {
            requested = true;
            wait = over;
        }
        boolean finished = true;
        if (wait != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            try {
                while (!wait.await(10, TimeUnit.MILLISECONDS)) {
                    interruptStatement();
                    if (System.nanoTime() > deadline) {
                        finished = false;
                        break;
                    }
                }
            } catch (InterruptedException e) {
                finished = false;
            }
        }
        boolean done;
        synchronized (LOCK) {
            done = committed;
        }
        err.println(!finished ? "interrupted while writing: SQLite rolls the unfinished transaction back the next time the database is opened"
                : done ? "interrupted: the migration had already been committed" : "interrupted: nothing was changed");
        err.flush();
        Runtime.getRuntime().halt(130);
    }

    private static void interruptStatement() {
        synchronized (LOCK) {
            if (connection != null) {
                try {
                    connection.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().interrupt();
                } catch (java.sql.SQLException | RuntimeException ignored) {
                    // not a SQLite connection, or already closing: the transaction ends anyway
                }
            }
        }
    }

    /** @return true if an interruption was requested: the caller must not start (or commit) a write */
    public static boolean requested() {
        synchronized (LOCK) {
            return requested;
        }
    }

    /** @throws java.sql.SQLException if interrupted already: the hook did not see this transaction and will not wait for it */
    public static void began(Connection c) throws java.sql.SQLException {
        synchronized (LOCK) {
            if (requested) {
                throw new java.sql.SQLException("interrupted");
            }
            connection = c;
            over = new CountDownLatch(1);
            committed = false;
        }
    }

    /** Before the connection closes: sqlite3_interrupt on a closed connection would be a use after free. */
    public static void closing() {
        synchronized (LOCK) {
            connection = null;
        }
    }

    /** The transaction is over and cleaned up. If interrupted, the hook ends the process: this thread waits for it. */
    public static void ended(boolean wasCommitted) {
        CountDownLatch latch;
        boolean interrupted;
        synchronized (LOCK) {
            committed = wasCommitted;
            latch = over;
            over = null;
            interrupted = requested;
        }
        if (latch != null) {
            latch.countDown();
        }
        if (interrupted && !exiting) {
            try {
                NEVER.await(); // the shutdown hook prints the one line and halts the JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
