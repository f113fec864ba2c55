package io.phototriage.spark;

import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.ModelSet;
import io.phototriage.examples.ModelSetOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage-spark}: the {@code run} command on a Spark cluster ({@link SparkTriage}). Runs as
 * {@code java -jar triage-spark/target/phototriage-spark.jar ...} (Spark from {@code spark-lib/}, {@code --master}
 * picks local threads or a cluster) or through {@code spark-submit --class io.phototriage.spark.SparkTriageCli}
 * (the cluster's Spark; {@code --master} is then spark-submit's). See {@code docs/distributed.md}.
 */
@Command(name = "phototriage-spark", mixinStandardHelpOptions = true,
        description = {"Triage every photo under --input on a Spark cluster and write results.json, results.parquet,"
                + " cut-outs, thumbnails, stylized hero shots and index.html into --output, as `phototriage run` does."
                + " Both folders must be readable (the output writable) at the same path on the driver and every executor.",
                "Exit codes: 0 batch completed (photos that failed are listed), 1 output could not be written or a Spark"
                        + " job failed, 2 bad folders or options, 3 models or stage providers missing."})
public final class SparkTriageCli implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR",
            description = "Folder of photos (read only): a path or a file: URI, the same on every executor.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Where results go; not inside --input. A path or a file: URI, the same on every executor.")
    String output;

    @Option(names = "--master", paramLabel = "URL",
            description = "local[N], spark://HOST:PORT, yarn, k8s://... Default: spark-submit's --master, else local[*].")
    String master;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of the photo pass (0, the default: four per core of the cluster, at most one per photo)."
                    + " A partition is the unit Spark retries and a rerun resumes.")
    int partitions;

    @Option(names = "--decode-long-side", paramLabel = "PX", defaultValue = "0",
            description = "Decode JPEGs much larger than this at 1/2, 1/4 or 1/8 scale; 0 = full resolution (default).")
    int decodeLongSide;

    @Option(names = "--retry-errors", description = "Process again the photos that failed in an earlier run.")
    boolean retryErrors;

    private final PrintStream err;

    /**
     * @param err where progress and errors go
     */
    public SparkTriageCli(PrintStream err) {
        this.err = err;
    }

    /**
     * Parses the arguments and runs; {@code main} and the smoke test both call it.
     *
     * @param args the command line
     * @param err  where progress and errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream err) {
        CommandLine cli = new CommandLine(new SparkTriageCli(err));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    /**
     * The command line entry point.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /**
     * A folder given on the command line: a path, or a {@code file:} URI. Other Hadoop file systems ({@code hdfs:},
     * {@code s3a:}, ...) are refused with what to do instead: the decoders and the atomic writes need files.
     *
     * @param option the option's name, for the message
     * @param value  what was given
     * @return the path
     * @throws IllegalArgumentException for another scheme or a malformed URI
     */
    static Path folder(String option, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):").matcher(value);
        if (!m.find()) {
            return Path.of(value);
        }
        if (m.group(1).equalsIgnoreCase("file")) {
            try {
                return Path.of(java.net.URI.create(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " " + value + " is not a valid file: URI (" + e.getMessage()
                        + "); write file:///absolute/path or a plain path");
            }
        }
        throw new IllegalArgumentException(option + " " + value + ": " + m.group(1) + ": file systems are not supported yet;"
                + " mount the folder at the same path on the driver and every executor (NFS, a FUSE mount, a Kubernetes"
                + " volume) and pass that path (see docs/distributed.md)");
    }

    @Override
    public Integer call() {
        Path input;
        Path output;
        try {
            input = folder("--input", this.input);
            output = folder("--output", this.output);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        ModelSet set;
        try {
            set = modelOptions.set();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        if (partitions < 0) {
            err.println("error: --partitions must be 0 (automatic) or positive: " + partitions);
            return FolderTriage.EXIT_USAGE;
        }
        FolderTriage.Options triage;
        try {
            triage = FolderTriage.Options.of(input, output).withModelSet(set).withDecodeLongSide(decodeLongSide);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        if (modelOptions.models().isPresent()) {
            triage = triage.withModels(modelOptions.models().get());
        }
        try {
            // the command's folder checks, before Spark starts: a typo costs no cluster time
            FolderTriage.checkOutput(FolderTriage.checkInput(input), output);
        } catch (FolderTriage.UsageException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("phototriage");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            return SparkTriage.run(new SparkTriage.Options(triage, partitions, retryErrors), spark, err).exitCode();
        } finally {
            spark.stop();
        }
    }
}
