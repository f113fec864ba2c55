package io.phototriage.spark;

import io.phototriage.examples.Journal;
import io.phototriage.examples.Journal.Line;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * What the photo pass and the album pass do alike on an executor: take the partition's tasks, get the JVM's pipeline
 * ({@link ExecutorPipelines}), refuse to run when its models differ from the driver's, and return the journal lines
 * the pass wrote as JSON.
 */
abstract class ExecutorPass implements FlatMapFunction<Iterator<PhotoTask>, String> {
    private static final long serialVersionUID = 1L;

    /** The configuration of the run, from the driver. */
    final RunConfig config;
    /** The configuration hash of the driver, which the chain of this executor must have. */
    private final String expectedConfigHash;

    /**
     * @param config             the run's configuration
     * @param expectedConfigHash the configuration hash of the driver's chain: an executor whose models differ
     *                           (another weights file found on that machine) fails the task instead of mixing results
     */
    ExecutorPass(RunConfig config, String expectedConfigHash) {
        this.config = config;
        this.expectedConfigHash = expectedConfigHash;
    }

    @Override
    public final Iterator<String> call(Iterator<PhotoTask> partition) throws Exception {
        List<PhotoTask> tasks = new ArrayList<>();
        partition.forEachRemaining(tasks::add);
        if (tasks.isEmpty()) {
            return Collections.emptyIterator();
        }
        ExecutorPipelines.Held held = ExecutorPipelines.acquire(config);
        checkSameModels(held, expectedConfigHash);
        List<Line> lines = run(held, tasks);
        List<String> json = new ArrayList<>(lines.size());
        for (Line line : lines) {
            json.add(Journal.JSON.writeValueAsString(line));
        }
        return json.iterator();
    }

    /**
     * Runs the pass on a non-empty partition and writes its files and journal part.
     *
     * @param held  this JVM's pipeline, with the driver's models
     * @param tasks the partition's photos
     * @return the journal lines written
     * @throws Exception when the output cannot be written: the task fails and Spark retries it
     */
    abstract List<Line> run(ExecutorPipelines.Held held, List<PhotoTask> tasks) throws Exception;

    private static void checkSameModels(ExecutorPipelines.Held held, String expected) {
        if (!held.configHash().equals(expected)) {
            throw new IllegalStateException("this executor's models differ from the driver's (configuration "
                    + held.configHash() + " here, " + expected + " on the driver): " + held.stageModels()
                    + ". Give every machine the same models: --models on a shared file system, or the same model pack"
                    + " (see docs/distributed.md)");
        }
    }
}
