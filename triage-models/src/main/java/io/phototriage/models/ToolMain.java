package io.phototriage.models;

import java.io.PrintStream;

/**
 * The {@code main} of this module's command-line tools ({@code train-resnet}, {@code train-lite-probe}): the tool runs
 * on the process's arguments and standard output; a usage error ({@link IllegalArgumentException}) prints
 * {@code "<tool>: <message>"} to standard error and exits with status 2. Any other failure propagates.
 */
public final class ToolMain {
    private ToolMain() {}

    /** What a tool does with its arguments. */
    @FunctionalInterface
    public interface Tool {
        /**
         * Runs the tool.
         *
         * @param args the command-line arguments
         * @param out  where progress and the result are printed
         * @throws Exception when the tool fails; {@link IllegalArgumentException} for bad arguments
         */
        void run(String[] args, PrintStream out) throws Exception;
    }

    /**
     * Runs {@code tool} on {@code args} with {@link System#out}; exits with status 2 after printing the message of a
     * usage error.
     *
     * @param name the tool's name, prefixed to the usage error
     * @param args the command-line arguments
     * @param tool the tool
     * @throws Exception when the tool fails for another reason than bad arguments
     */
    public static void run(String name, String[] args, Tool tool) throws Exception {
        try {
            tool.run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
