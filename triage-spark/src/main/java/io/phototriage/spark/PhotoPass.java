package io.phototriage.spark;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.ResultSink;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SourceFingerprint;
import io.phototriage.examples.OutputLayout;
import io.phototriage.examples.PhotoOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;

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
public final class PhotoPass extends ExecutorPass {
    private static final long serialVersionUID = 1L;

    /**
     * Spark setting, for fault-injection tests only: when {@code true}, the first attempt of every task fails after
     * its photos' files are written and before its journal part is, so the retry must redo the partition.
     */
    public static final String FAIL_FIRST_ATTEMPT = "spark.phototriage.test.failFirstAttempt";

    /**
     * @param config             the run's configuration
     * @param expectedConfigHash the configuration hash of the driver's chain: an executor whose models differ
     *                           (another weights file found on that machine) fails the task instead of mixing results
     */
    public PhotoPass(RunConfig config, String expectedConfigHash) {
        super(config, expectedConfigHash);
    }

    @Override
    List<Line> run(ExecutorPipelines.Held held, List<PhotoTask> tasks) throws Exception {
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
        return lines;
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

    private static void failFirstAttemptIfAsked() {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0
                && Boolean.parseBoolean(org.apache.spark.SparkEnv.get().conf().get(FAIL_FIRST_ATTEMPT, "false"))) {
            throw new IllegalStateException("injected failure of the first attempt of task " + task.partitionId()
                    + " (" + FAIL_FIRST_ATTEMPT + ")");
        }
    }
}
