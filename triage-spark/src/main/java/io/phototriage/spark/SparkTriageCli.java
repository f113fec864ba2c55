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
                + " Local folders must be readable (the output writable) at the same path on the driver and every executor;"
                + " hdfs://, s3a:// and other Hadoop file system URIs are read and written through Hadoop.",
                "Exit codes: 0 batch completed (photos that failed are listed), 1 output could not be written or a Spark"
                        + " job failed, 2 bad folders or options, 3 models or stage providers missing."})
public final class SparkTriageCli implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR",
            description = "Folder of photos (read only): a path or file: URI the same on every executor, or a Hadoop"
                    + " file system URI (hdfs://, s3a://, ...).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Where results go; not inside --input. A path or file: URI the same on every executor, or a"
                    + " Hadoop file system URI.")
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
     * A local folder given on the command line: a path, or a {@code file:} URI. Other schemes ({@code hdfs:},
     * {@code s3a:}, ...) are Hadoop file systems ({@link HadoopFolders#isHadoop}) and do not come here.
     *
     * @param option the option's name, for the message
     * @param value  what was given
     * @return the path
     * @throws IllegalArgumentException for a malformed {@code file:} URI or a Hadoop URI
     */
    static Path folder(String option, String value) {
        if (HadoopFolders.isHadoop(value)) {
            throw new IllegalArgumentException(option + " " + value + " is a Hadoop file system URI, not a local folder");
        }
        if (!value.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(value);
        }
        try {
            return Path.of(java.net.URI.create(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + value + " is not a valid file: URI (" + e.getMessage()
                    + "); write file:///absolute/path or a plain path");
        }
    }

    @Override
    public Integer call() {
        boolean hadoop = HadoopFolders.isHadoop(this.input) || HadoopFolders.isHadoop(this.output);
        Path input;
        Path output;
        try {
            // on Hadoop file systems, a local side is given as a file: URI (qualified by Hadoop)
            input = hadoop ? Path.of(".") : folder("--input", this.input);
            output = hadoop ? Path.of(".") : folder("--output", this.output);
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
        if (hadoop) {
            try {
                // the same checks through Hadoop (spark-submit's --conf spark.hadoop.* included), before Spark starts
                org.apache.hadoop.conf.Configuration conf = org.apache.spark.deploy.SparkHadoopUtil.get()
                        .newConfiguration(new org.apache.spark.SparkConf());
                HadoopFolders.checkOutput(HadoopFolders.checkInput(this.input, conf), this.output, conf);
            } catch (FolderTriage.UsageException e) {
                err.println("error: " + e.getMessage());
                return FolderTriage.EXIT_USAGE;
            }
        } else {
            try {
                // the command's folder checks, before Spark starts: a typo costs no cluster time
                FolderTriage.checkOutput(FolderTriage.checkInput(input), output);
            } catch (FolderTriage.UsageException e) {
                err.println("error: " + e.getMessage());
                return FolderTriage.EXIT_USAGE;
            }
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
            SparkTriage.Options options = hadoop
                    ? new SparkTriage.Options(triage, partitions, retryErrors, this.input, this.output)
                    : new SparkTriage.Options(triage, partitions, retryErrors);
            return SparkTriage.run(options, spark, err).exitCode();
        } finally {
            spark.stop();
        }
    }
}
