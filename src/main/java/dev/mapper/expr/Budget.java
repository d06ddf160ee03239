package dev.mapper.expr;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time budget of one evaluation. Without loops, JEXL itself takes a bounded number of steps;
 * time can only run away inside one Java call (a regular expression that backtracks for hours, a
 * huge {@code pow}), and no such call looks at interrupts. So every call not known to be cheap
 * runs on a worker thread under the evaluation's remaining budget; a worker that overruns is
 * interrupted and stopped, and the evaluation is refused in time. The cheap calls, nearly all real transforms use, stay on the caller's thread.
 */
final class Budget {
    /** Linear in their input, whose size {@link Limits} bounds; everything else goes through {@link #call}. */
    static final Set<String> CHEAP = Set.of("trim", "strip", "stripLeading", "stripTrailing", "toLowerCase", "toUpperCase",
            "substring", "length", "isEmpty", "isBlank", "startsWith", "endsWith", "contains", "indexOf", "lastIndexOf", "charAt",
            "equals", "equalsIgnoreCase", "compareTo", "compareToIgnoreCase", "concat", "toString", "hashCode", "replace", "repeat",
            "get", "size", "containsKey", "containsValue", "keySet", "values", "intValue", "longValue", "doubleValue", "booleanValue",
            "abs", "negate", "signum");

    /**
     * The running evaluation's deadline on this thread; one mutable object per thread, reused by
     * every evaluation (a ThreadLocal set and removed per call cost more than the cheap transforms).
     * Its clock starts at the evaluation's first slow call, not at the evaluation's start: before
     * that, only JEXL's own steps and cheap calls run, which no loop can repeat and {@link Limits}
     * keeps small, and most evaluations never make a slow call, so they never read the clock.
     */
    static final class Deadline {
        Duration budget;
        boolean running;
        long nanos;
        /** Bytes the values this evaluation built take, as {@link Limits#measured} counts them. */
        long built;
    }

    private static final ThreadLocal<Deadline> DEADLINE = ThreadLocal.withInitial(Deadline::new);
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private Budget() {}

    /** Starts an evaluation on this thread: its slow calls, together, are held to {@code budget} until {@link #end}. */
    static Deadline start(Duration budget) {
        Deadline deadline = DEADLINE.get();
        deadline.budget = budget;
        deadline.running = false;
        deadline.built = 0;
        return deadline;
    }

    /** Adds a built value's bytes to the running evaluation's total; refuses past {@link Limits#MAX_BYTES}. */
    static void built(long bytes) {
        Deadline deadline = DEADLINE.get();
        if (deadline.budget != null) {
            deadline.built += bytes;
            Limits.total(deadline.built);
        }
    }

    /** Ends the evaluation that {@link #start} (it gave {@code started}) began: calls outside one get the default budget. */
    static void end(Deadline started) {
        started.budget = null;
    }

    /** A call that might run long or allocate much: on its own thread, within what is left of the evaluation's budget. */
    static <T> T call(Callable<T> work) throws Exception {
        Deadline deadline = DEADLINE.get();
        Duration budget = deadline.budget == null ? Expressions.BUDGET : deadline.budget;
        if (deadline.budget != null && !deadline.running) {
            deadline.nanos = System.nanoTime() + budget.toNanos();
            deadline.running = true;
        }
        long left = deadline.budget == null ? budget.toNanos() : deadline.nanos - System.nanoTime();
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return work.call();
            } catch (OutOfMemoryError e) {
                // one allocation too big for the heap fails without harming anything else
                throw new Refusal("refused: it needed more memory than the Java heap has (" + e.getMessage()
                        + "); transforms may not build huge values");
            }
        });
        Thread worker = new Thread(task, "mapper-expression-" + WORKERS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            stop(worker);
            throw new Refusal("refused: it ran longer than " + describe(budget)
                    + ", the limit for one evaluation, and was stopped; a transform must be a quick single expression");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * A regular expression or a big-number call does not look at interrupts. The worker runs only
     * this one call on objects no one else sees, so stopping it is safe; Java 20+ no longer can,
     * and then the daemon thread runs on until the process exits.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread worker) {
        try {
            worker.join(50);
            if (worker.isAlive()) {
                worker.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UnsupportedOperationException javaTwentyOrLater) {
            // nothing more can be done; the caller has its answer
        }
    }

    private static String describe(Duration budget) {
        long ms = budget.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
