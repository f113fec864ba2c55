package io.phototriage.spark;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.ResultSink;
import io.phototriage.examples.Journal;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import io.phototriage.examples.OutputLayout;
import io.phototriage.examples.PhotoOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The photo pass, run by the executors on one partition of photos: the JVM's pipeline ({@link ExecutorPipelines})
 * runs the partition's photos, each photo's cut-out and thumbnail are written to the output folder, and its journal
 * line (the {@code run} command's record, hero score included) is returned to the driver as JSON and written to the
 * task's journal part ({@link JournalParts}). No album is stylized here: a task sees only part of an album.
 *
 * <p>A photo that cannot be decoded or on which a stage fails is a per-photo error in its line, as in the
 * {@code run} command; only a failure to write the output fails the task, and Spark retries it: the retry writes
 * the same files and the same part again, atomically.
 */
public final class PhotoPass implements FlatMapFunction<Iterator<PhotoTask>, String> {
    private static final long serialVersionUID = 1L;

    /**
     * Spark setting, for fault-injection tests only: when {@code true}, the first attempt of every task fails after
     * its photos' files are written and before its journal part is, so the retry must redo the partition.
     */
    public static final String FAIL_FIRST_ATTEMPT = "spark.phototriage.test.failFirstAttempt";

    /** The configuration of the run, from the driver. */
    private final RunConfig config;
    /** The configuration hash of the driver, which the chain of this executor must have. */
    private final String expectedConfigHash;

    /**
     * @param config             the run's configuration
     * @param expectedConfigHash the configuration hash of the driver's chain: an executor whose models differ
     *                           (another weights file found on that machine) fails the task instead of mixing results
     */
    public PhotoPass(RunConfig config, String expectedConfigHash) {
        this.config = config;
        this.expectedConfigHash = expectedConfigHash;
    }

    @Override
    public Iterator<String> call(Iterator<PhotoTask> tasksIn) throws Exception {
        List<PhotoTask> tasks = new ArrayList<>();
        tasksIn.forEachRemaining(tasks::add);
        if (tasks.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        ExecutorPipelines.Held held = ExecutorPipelines.acquire(config);
        checkSameModels(held, expectedConfigHash);
        List<Line> lines = new ArrayList<>(tasks.size());
        try (TaskWorkspace workspace = TaskWorkspace.of(config)) {
            List<Photo> photos = new ArrayList<>();
            Map<String, SourceFingerprint> fingerprints = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (PhotoTask t : tasks) {
                photos.add(workspace.photo(t));
                fingerprints.put(t.id(), t.fingerprint());
                ids.add(t.id());
            }
            PhotoOutputs outputs = workspace.outputs(held);
            held.lock().lock();
            try {
                held.heroPicker().start(ExecutorPipelines.SwitchableHeroPicker.Mode.SCORE_ONLY);
                held.pipeline().run(photos, new ResultSink() {
                    @Override
                    public void photo(PhotoResult result) {
                        String id = result.photo().id();
                        PhotoEntry entry = outputs.photo(result, fingerprints.get(id), held.heroPicker().scoreOf(id));
                        lines.add(new Line(entry, null));
                    }

                    @Override
                    public void album(AlbumResult result) {
                        // stylize runs in the album pass, once the whole album is known
                    }
                });
            } finally {
                held.lock().unlock();
            }
            workspace.publishFiles();
            failFirstAttemptIfAsked();
            workspace.writePart("photos", ids, lines);
        }
        List<String> json = new ArrayList<>(lines.size());
        for (Line line : lines) {
            json.add(Journal.JSON.writeValueAsString(line));
        }
        return json.iterator();
    }

    /**
     * The writer of this executor's results; refuses to run where the input or output folder is not mounted (the
     * driver made the output: a missing one here would scatter results over the executors' local disks).
     */
    static PhotoOutputs outputs(ExecutorPipelines.Held held) throws java.io.IOException {
        RunConfig c = held.config();
        for (String folder : List.of(c.input(), c.output())) {
            if (!java.nio.file.Files.isDirectory(Path.of(folder))) {
                throw new IllegalStateException("folder " + folder + " is not there on this executor ("
                        + java.net.InetAddress.getLocalHost().getHostName() + "): mount the input and output at the same"
                        + " path on the driver and every executor (see docs/distributed.md)");
            }
        }
        return new PhotoOutputs(OutputLayout.create(Path.of(c.output())), held.configHash(),
                List.of(Path.of(c.input()), Path.of(c.inputAsGiven())));
    }

    static void checkSameModels(ExecutorPipelines.Held held, String expected) {
        if (!held.configHash().equals(expected)) {
            throw new IllegalStateException("this executor's models differ from the driver's (configuration "
                    + held.configHash() + " here, " + expected + " on the driver): " + held.stageModels()
                    + ". Give every machine the same models: --models on a shared file system, or the same model pack"
                    + " (see docs/distributed.md)");
        }
    }

    private static void failFirstAttemptIfAsked() {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0
                && Boolean.parseBoolean(org.apache.spark.SparkEnv.get().conf().get(FAIL_FIRST_ATTEMPT, "false"))) {
            throw new IllegalStateException("injected failure of the first attempt of task " + task.partitionId()
                    + " (" + FAIL_FIRST_ATTEMPT + ")");
        }
    }
}
