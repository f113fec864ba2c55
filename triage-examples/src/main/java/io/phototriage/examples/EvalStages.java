package io.phototriage.examples;

import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Stage setup of {@code eval}: the four stages of a model set, created from the registry and closed together (in
 * reverse order of creation).
 *
 * @param classifier      the classify stage
 * @param detector        the detect stage
 * @param segmenter       the segment stage
 * @param stylizer        the stylize stage, null when no photo is stylized
 * @param segmentProvider the segment provider's name (the set's, or {@code --segmenter})
 */
record EvalStages(Classifier classifier, Detector detector, Segmenter segmenter, Stylizer stylizer, String segmentProvider)
        implements AutoCloseable {

    /**
     * Creates the stages; if one cannot be made, closes the ones already made.
     *
     * @throws EvalRun.EvalException with {@link FolderTriage#EXIT_MODELS} and how to get the models
     */
    static EvalStages create(StageRegistry registry, ModelSet set, StageSettings settings, EvalCommand.Options options)
            throws EvalRun.EvalException {
        List<Stage<?, ?>> opened = new ArrayList<>();
        String segmentProvider = options.segmenter().orElse(set.segmentProvider());
        try {
            // settings are pipeline-wide (STAGE.OPTION): each provider gets its own stage's options
            Classifier c = open(opened, registry, Classifier.class, set.classifyProvider(settings), settings.forStage("classify"));
            Detector d = open(opened, registry, Detector.class, set.detectProvider(), settings.forStage("detect"));
            Segmenter s = open(opened, registry, Segmenter.class, segmentProvider, settings.forStage("segment"));
            Stylizer st = options.stylizePhotos() == 0 ? null
                    : open(opened, registry, Stylizer.class, set.stylizeProvider(), settings.forStage("stylize"));
            return new EvalStages(c, d, s, st, segmentProvider);
        } catch (StageException | RuntimeException e) {
            Collections.reverse(opened);
            Closeables.closeAfterFailure(e, opened);
            String hint = e instanceof IllegalArgumentException
                    ? "  The stage implementations come from triage-models: run the packaged jar or put triage-models on the class path"
                    : "  To get the models: " + set.howToGetModels(options.models());
            throw new EvalRun.EvalException(FolderTriage.EXIT_MODELS, "cannot set up the '" + set.label() + "' model set: "
                    + e.getMessage() + System.lineSeparator() + hint, e);
        }
    }

    private static <S extends Stage<?, ?>> S open(List<Stage<?, ?>> opened, StageRegistry registry, Class<S> kind, String name,
            StageSettings settings) throws StageException {
        S stage = registry.create(kind, name, settings);
        opened.add(stage);
        return stage;
    }

    /** Closes every stage in reverse order; a failing close is logged (the metrics are measured by then). */
    @Override
    public void close() {
        List<Stage<?, ?>> all = new ArrayList<>();
        all.add(classifier);
        all.add(detector);
        all.add(segmenter);
        if (stylizer != null) {
            all.add(stylizer);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(EvalStages.class).warn("closing {} failed: {}", all.get(i).name(), e.toString());
            }
        }
    }
}
