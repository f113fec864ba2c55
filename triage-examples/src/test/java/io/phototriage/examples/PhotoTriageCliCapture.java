package io.phototriage.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line with standard output captured (the subcommands print their JSON there). */
final class PhotoTriageCliCapture {
    private PhotoTriageCliCapture() {}

    static synchronized int run(ByteArrayOutputStream out, String... args) {
        PrintStream original = System.out;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            return PhotoTriageCli.execute(args);
        } finally {
            System.setOut(original);
        }
    }
}
