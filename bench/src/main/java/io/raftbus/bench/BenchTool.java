package io.raftbus.bench;

import java.io.PrintStream;

/** Entry point of {@code raftbus bench}: dispatches to the load generators. (Being written.) */
public final class BenchTool {
    private BenchTool() {
    }

    /**
     * Runs a benchmark.
     *
     * @param args the arguments after {@code bench}.
     * @param out standard output.
     * @param err standard error.
     * @return the exit code.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("raftbus bench: not built yet");
        return 2;
    }
}
