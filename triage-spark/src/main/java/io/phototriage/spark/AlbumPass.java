package io.phototriage.spark;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.ResultSink;
import io.phototriage.examples.Journal;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.PhotoOutputs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The album pass, run by the executors once the photo pass is done and the driver has picked each album's hero
 * shot (the best hero score of the album, ties to the first photo by path, as the {@code run} command picks): the
 * hero runs through the JVM's pipeline alone, so the pipeline stylizes exactly that photo's cut-out, and the stylized
 * image is written to the output. Returns each album's journal line as JSON.
 */
public final class AlbumPass implements FlatMapFunction<Iterator<PhotoTask>, String> {
    private static final long serialVersionUID = 1L;

    /** The configuration of the run, from the driver. */
    private final RunConfig config;
    /** The configuration hash of the driver, which the chain of this executor must have. */
    private final String expectedConfigHash;

    /**
     * @param config             the run's configuration
     * @param expectedConfigHash the configuration hash of the driver's chain
     */
    public AlbumPass(RunConfig config, String expectedConfigHash) {
        this.config = config;
        this.expectedConfigHash = expectedConfigHash;
    }

    @Override
    public Iterator<String> call(Iterator<PhotoTask> heroes) throws Exception {
        List<PhotoTask> tasks = new ArrayList<>();
        heroes.forEachRemaining(tasks::add);
        if (tasks.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        ExecutorPipelines.Held held = ExecutorPipelines.acquire(config);
        PhotoPass.checkSameModels(held, expectedConfigHash);
        List<Line> lines = new ArrayList<>();
        List<String> albums = new ArrayList<>();
        try (TaskWorkspace workspace = TaskWorkspace.of(config)) {
            PhotoOutputs outputs = workspace.outputs(held);
            held.lock().lock();
            try {
                for (PhotoTask hero : tasks) {
                    albums.add(hero.album());
                    held.heroPicker().start(ExecutorPipelines.SwitchableHeroPicker.Mode.PICK);
                    held.pipeline().run(List.of(workspace.photo(hero)), new ResultSink() {
                        @Override
                        public void photo(PhotoResult result) {
                            // its files and line come from the photo pass
                        }

                        @Override
                        public void album(AlbumResult result) {
                            AlbumEntry entry = outputs.album(result, result.hero().isPresent() ? hero.fingerprint() : null);
                            lines.add(new Line(null, entry));
                        }
                    });
                }
            } finally {
                held.lock().unlock();
            }
            workspace.publishFiles();
            workspace.writePart("albums", albums, lines);
        }
        List<String> json = new ArrayList<>(lines.size());
        for (Line line : lines) {
            json.add(Journal.JSON.writeValueAsString(line));
        }
        return json.iterator();
    }
}
