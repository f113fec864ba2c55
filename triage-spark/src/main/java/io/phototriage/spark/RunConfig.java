package io.phototriage.spark;

import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.ModelSet;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What every executor needs to build the same chain as the driver and write into the same output: the run's
 * {@link FolderTriage.Options} in serialisable form, with the input and output already checked and resolved on the
 * driver. Equal configurations share one pipeline per executor JVM ({@link ExecutorPipelines}).
 *
 * @param modelSet       the model set's label ({@code lite}, {@code full}, {@code tiny})
 * @param models         the models folder, or null for the set's default; a path every executor can read
 * @param stageOptions   extra stage options ({@code probe=FILE}, ...), sorted
 * @param decodeLongSide 0 for full resolution, else the reduced-scale decode's long side
 * @param workers        photos in flight per pipeline run on an executor
 * @param input          the input folder's real path (as the driver scanned it)
 * @param inputAsGiven   the input folder's absolute path as given (left out of messages, like the real path)
 * @param output         the output folder's real path; every executor writes its files there
 * @serial exclude (shipped to the executors of one run, never stored)
 */
public record RunConfig(String modelSet, String models, TreeMap<String, String> stageOptions, int decodeLongSide,
        int workers, String input, String inputAsGiven, String output) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Checks that nothing required is null and copies the options.
     *
     * @param modelSet       the model set's label
     * @param models         the models folder or null
     * @param stageOptions   extra stage options
     * @param decodeLongSide decode size, 0 = full
     * @param workers        photos in flight per run
     * @param input          input real path
     * @param inputAsGiven   input as given, absolute
     * @param output         output real path
     */
    public RunConfig {
        Objects.requireNonNull(modelSet, "modelSet");
        stageOptions = new TreeMap<>(Objects.requireNonNull(stageOptions, "stageOptions"));
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputAsGiven, "inputAsGiven");
        Objects.requireNonNull(output, "output");
    }

    /**
     * The configuration of a run whose folders were checked on the driver.
     *
     * @param options   the run's options
     * @param realInput {@link FolderTriage#checkInput} of the input
     * @param output    {@link FolderTriage#checkOutput} of the output
     * @return the configuration to ship to the executors
     */
    public static RunConfig of(FolderTriage.Options options, Path realInput, Path output) {
        return new RunConfig(options.modelSet().label(), options.models().map(p -> p.toAbsolutePath().normalize().toString())
                .orElse(null), new TreeMap<>(options.stageOptions()), options.decodeLongSide(), options.workers(),
                realInput.toString(), options.input().toAbsolutePath().normalize().toString(), output.toString());
    }

    /**
     * The configuration of a run whose folders are on a Hadoop file system (checked on the driver).
     *
     * @param options the run's options (their input and output paths are not used)
     * @param input   the qualified input URI
     * @param output  the qualified output URI
     * @return the configuration to ship to the executors
     */
    public static RunConfig hadoop(FolderTriage.Options options, String input, String output) {
        return new RunConfig(options.modelSet().label(), options.models().map(p -> p.toAbsolutePath().normalize().toString())
                .orElse(null), new TreeMap<>(options.stageOptions()), options.decodeLongSide(), options.workers(),
                input, input, output);
    }

    /**
     * Whether the run reads and writes through Hadoop's {@code FileSystem} ({@link #hadoop}: qualified URIs, a
     * local side included as {@code file:}), not through local paths ({@link #of}: plain paths).
     *
     * @return true for a run on Hadoop file systems
     */
    public boolean onHadoop() {
        return HadoopFolders.hasScheme(input);
    }

    /**
     * The {@code run} command's options this configuration stands for (on an executor).
     *
     * @return the options, input and output as resolved on the driver
     */
    public FolderTriage.Options triageOptions() {
        FolderTriage.Options o = FolderTriage.Options.of(Path.of(inputAsGiven), Path.of(output))
                .withModelSet(ModelSet.ofLabel(modelSet)).withDecodeLongSide(decodeLongSide).withWorkers(workers);
        if (models != null) {
            o = o.withModels(Path.of(models));
        }
        for (Map.Entry<String, String> e : stageOptions.entrySet()) {
            o = o.withStageOption(e.getKey(), e.getValue());
        }
        return o;
    }
}
