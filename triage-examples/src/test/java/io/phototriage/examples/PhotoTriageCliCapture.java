package io.phototriage.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line with standard output (and standard error) captured. */
final class PhotoTriageCliCapture {
    private PhotoTriageCliCapture() {}

    /** Standard output goes to {@code out} (the subcommands print their JSON there). */
    static int run(ByteArrayOutputStream out, String... args) {
        return run(out, null, args);
    }

    /** Standard output goes to {@code out}, standard error to {@code err} unless it is null. */
    static synchronized int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try (PrintStream captureOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream captureErr = new PrintStream(err == null ? new ByteArrayOutputStream() : err, true, StandardCharsets.UTF_8)) {
            System.setOut(captureOut);
            if (err != null) {
                System.setErr(captureErr);
            }
            return PhotoTriageCli.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
