package io.phototriage.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code phototriage} command: {@code java -jar triage-examples/target/phototriage.jar <subcommand> ...}.
 * Each subcommand is its own class listed in {@link Command#subcommands()}.
 */
@Command(name = "phototriage", mixinStandardHelpOptions = true, version = "phototriage 0.1.0",
        description = "Triage a photo backup drive with vision models: classify, detect, segment, stylize.",
        subcommands = {RunCommand.class, EvalCommand.class, MapCommand.class, TrainClassifierCommand.class, TrainDetectorCommand.class,
            CalibrateCommand.class, ModelsCommand.class, VideoCommand.class, EvalVideoCommand.class, CtCommand.class, CtEvalCommand.class,
            CommandLine.HelpCommand.class})
public final class PhotoTriageCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The eval report draws its charts off screen.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(execute(args));
    }

    /**
     * {@code --verbose} (any subcommand): DJL's info lines and phototriage's debug lines. The logging configuration
     * is read when each logger is made, so this is applied before the command line is parsed.
     */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also log DJL's engine and cache messages (quiet by default).")
    boolean verbose;

    /** Runs the command line and returns its exit code (what {@link #main} exits with). */
    public static int execute(String... args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "info");
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "info");
            System.setProperty("org.slf4j.simpleLogger.log.io.phototriage", "debug");
        }
        return new CommandLine(new PhotoTriageCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(e -> FolderTriage.EXIT_USAGE)
                .execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'run --help'");
    }
}
