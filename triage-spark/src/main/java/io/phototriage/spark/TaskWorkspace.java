package io.phototriage.spark;

import io.phototriage.core.Photo;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.OutputLayout;
import io.phototriage.examples.PhotoOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Where one task of an executor reads its photos and writes its files. On local folders (the fast path) the photos
 * are read where they are and the files written straight into the output folder. On a Hadoop file system the task
 * works in a local temporary folder: each photo is copied in before it is decoded, the files are written there and
 * uploaded by {@link #publishFiles}, each under a temporary name renamed over the target ({@link HadoopFolders#upload}),
 * with the same names on a retry, so a retried task leaves no duplicate.
 */
final class TaskWorkspace implements AutoCloseable {
    private final RunConfig config;
    private final Configuration conf;
    private final Path temp;

    private TaskWorkspace(RunConfig config, Configuration conf, Path temp) {
        this.config = config;
        this.conf = conf;
        this.temp = temp;
    }

    /**
     * The workspace of a task of {@code config}'s run.
     *
     * @param config the run's configuration
     * @return the workspace (close it)
     * @throws IOException if the local temporary folder cannot be made
     */
    static TaskWorkspace of(RunConfig config) throws IOException {
        if (!config.onHadoop()) {
            return new TaskWorkspace(config, null, null);
        }
        return new TaskWorkspace(config, HadoopFolders.configuration(), Files.createTempDirectory("phototriage-task-"));
    }

    /**
     * The photo of a task as the pipeline reads it: where it is, or (Hadoop) a local copy; a photo that cannot be
     * copied stays unreadable, and the decoder reports it as that photo's error.
     *
     * @param task the task
     * @return the photo to run
     */
    Photo photo(PhotoTask task) {
        if (temp == null) {
            return task.photo();
        }
        Path local = temp.resolve("in").resolve(task.id());
        try {
            HadoopFolders.download(new org.apache.hadoop.fs.Path(task.path()), local, conf);
        } catch (IOException e) {
            // left missing: the photo's error record says it cannot be read
        }
        return new Photo(local, task.id(), task.album());
    }

    /**
     * The writer of the task's files.
     *
     * @param held the executor's pipeline
     * @return the writer
     * @throws IOException if the output (or the local temporary folder) cannot be made
     */
    PhotoOutputs outputs(ExecutorPipelines.Held held) throws IOException {
        if (temp == null) {
            return PhotoPass.outputs(held);
        }
        return new PhotoOutputs(OutputLayout.create(temp.resolve("out")), held.configHash(),
                List.of(temp.resolve("in")));
    }

    /**
     * Makes the task's files visible in the output: on a Hadoop file system uploads them (each under a temporary name,
     * renamed over the target); on local folders they are there already.
     *
     * @throws IOException if a file cannot be uploaded
     */
    void publishFiles() throws IOException {
        if (temp == null) {
            return;
        }
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(config.output());
        for (String folder : OutputLayout.FOLDERS) {
            HadoopFolders.uploadTree(temp.resolve("out").resolve(folder), HadoopFolders.child(output, folder), conf);
        }
    }

    /**
     * Writes the task's journal part ({@link JournalParts}) into the output, after {@link #publishFiles}.
     *
     * @param kind  {@code photos} or {@code albums}
     * @param keys  what the task covered, names the part
     * @param lines the task's journal lines
     * @throws IOException if the part cannot be written
     */
    void writePart(String kind, List<String> keys, List<Line> lines) throws IOException {
        if (temp == null) {
            JournalParts.write(Path.of(config.output()), kind, keys, lines);
            return;
        }
        Path part = JournalParts.write(temp.resolve("out"), kind, keys, lines);
        HadoopFolders.upload(part, HadoopFolders.child(new org.apache.hadoop.fs.Path(config.output()),
                JournalParts.FOLDER + "/" + part.getFileName()), conf);
    }

    /** Deletes the local temporary folder, if any. */
    @Override
    public void close() {
        HadoopFolders.deleteLocal(temp);
    }
}
