package io.phototriage.spark;

import io.phototriage.core.AlbumResult;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.ResultSink;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.PhotoOutputs;
import java.util.ArrayList;
import java.util.List;

/**
 * The album pass, run by the executors once the photo pass is done and the driver has picked each album's hero
 * shot (the best hero score of the album, ties to the first photo by path, as the {@code run} command picks): the
 * hero runs through the JVM's pipeline alone, so the pipeline stylizes exactly that photo's cut-out, and the stylized
 * image is written to the output. Returns each album's journal line as JSON.
 */
public final class AlbumPass extends ExecutorPass {
    private static final long serialVersionUID = 1L;

    /**
     * @param config             the run's configuration
     * @param expectedConfigHash the configuration hash of the driver's chain
     */
    public AlbumPass(RunConfig config, String expectedConfigHash) {
        super(config, expectedConfigHash);
    }

    @Override
    List<Line> run(ExecutorPipelines.Held held, List<PhotoTask> tasks) throws Exception {
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
        return lines;
    }
}
