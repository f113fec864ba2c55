package io.phototriage.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.CategoryMetrics;
import io.phototriage.core.eval.ClassificationMetrics;
import io.phototriage.core.eval.CocoAnnotation;
import io.phototriage.core.eval.CocoCategory;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.MainSubjects;
import io.phototriage.core.eval.SegmentationMetrics;
import io.phototriage.core.eval.SegmentationScore;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ClipProbeClassifier;
import io.phototriage.models.clip.ClipTextEncoder;
import io.phototriage.models.probe.LinearProbe;
import io.phototriage.models.probe.LiteProbeClassifier;
import io.phototriage.models.probe.ProbeTrainer;
import io.phototriage.models.yolox.EvalSettings;
import io.phototriage.models.yolox.YoloxDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The work of {@code eval}: runs each stage on every photo of a COCO-format set, on its own (the segmenter is
 * prompted with ground truth as well as with the detector's box), and turns what it measured into the
 * {@code metrics.json} document. Photos are taken in file-name order and decoded once each.
 */
final class EvalRun {
    /** The COCO categories that the detect and segment stages are measured on: person, dog, cat. */
    static final List<Integer> SUBJECT_CATEGORIES = List.of(CocoCategory.PERSON, CocoCategory.DOG, CocoCategory.CAT);
    /** Version of the metrics.json layout; bumped when a key changes meaning. */
    static final int FORMAT_VERSION = 1;
    /** At most this many failure messages per stage are kept in metrics.json. */
    private static final int FAILURE_EXAMPLES = 5;
    /** How {@code ProbeTrainer} describes its training set: name, then the split it made. */
    private static final Pattern SPLIT = Pattern.compile(
            "(.*) \\(stratified split, (\\d+) train / (\\d+) held out, test fraction ([0-9.]+), seed (-?\\d+)\\)");

    private EvalRun() {}

    /** The eval could not run; the exit code says why. */
    static final class EvalException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        EvalException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /**
     * What the eval measured: the metrics document plus the raw values the report's charts are drawn from.
     *
     * @param metrics      the metrics.json content
     * @param detection    the detect stage's COCO evaluation (null when no image could be evaluated)
     * @param ious         the per-photo mask IoUs with ground-truth prompts
     * @param iousDetected the per-photo mask IoUs with the detector's prompts
     */
    record Outcome(ObjectNode metrics, CocoEvalResult detection, List<Double> ious, List<Double> iousDetected) {}

    /** One stage's failures: how many, and the first few messages. */
    private static final class Failures {
        int count;
        final List<String> examples = new ArrayList<>();

        void add(String photo, Exception e) {
            count++;
            if (examples.size() < FAILURE_EXAMPLES) {
                examples.add(photo + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }

        void write(ObjectNode stage) {
            stage.put("failures", count);
            ArrayNode a = stage.putArray("failureExamples");
            examples.forEach(a::add);
        }
    }

    /** Runs every stage over the data set. */
    static Outcome measure(EvalCommand.Options options, StageRegistry registry, PrintStream progress) throws EvalException {
        Path datasetDir = options.dataset().toAbsolutePath().normalize();
        CocoDataset dataset;
        try {
            dataset = CocoDataset.read(datasetDir.resolve("annotations.json"));
        } catch (IOException e) {
            throw new EvalException(FolderTriage.EXIT_USAGE, "cannot read the data set " + datasetDir + ": " + e.getMessage()
                    + "; --dataset needs a folder with annotations.json and images/", e);
        }
        List<CocoImage> images = new ArrayList<>(dataset.images());
        images.sort(Comparator.comparing(CocoImage::fileName));
        if (images.isEmpty()) {
            throw new EvalException(FolderTriage.EXIT_USAGE, datasetDir.resolve("annotations.json") + " lists no images", null);
        }
        for (CocoImage image : images) {
            if (image.triageClass().isEmpty()) {
                throw new EvalException(FolderTriage.EXIT_USAGE, datasetDir.resolve("annotations.json") + ": image "
                        + image.fileName() + " has no triage_class (people, pets or neither); eval measures classify on it", null);
            }
            Path file = datasetDir.resolve("images").resolve(image.fileName());
            if (!Files.isRegularFile(file)) {
                throw new EvalException(FolderTriage.EXIT_USAGE, "the data set lists " + image.fileName() + " but " + file
                        + " does not exist", null);
            }
        }
        ModelSet set = options.modelSet();
        StageSettings settings = set.settings(options.models(), options.stageOptions());
        try (Stages stages = Stages.create(registry, set, settings, options)) {
            return new EvalRun.Measurer(options, dataset, datasetDir, images, stages, settings, progress).run();
        }
    }

    /** The four stages, closed together (in reverse order of creation). */
    private record Stages(Classifier classifier, Detector detector, Segmenter segmenter, Stylizer stylizer, String segmentProvider)
            implements AutoCloseable {
        static Stages create(StageRegistry registry, ModelSet set, StageSettings settings, EvalCommand.Options options)
                throws EvalException {
            List<Stage<?, ?>> opened = new ArrayList<>();
            String segmentProvider = options.segmenter().orElse(set.segmentProvider());
            try {
                // settings are pipeline-wide (STAGE.OPTION): each provider gets its own stage's options
                Classifier c = open(opened, registry, Classifier.class, set.classifyProvider(settings), settings.forStage("classify"));
                Detector d = open(opened, registry, Detector.class, set.detectProvider(), settings.forStage("detect"));
                Segmenter s = open(opened, registry, Segmenter.class, segmentProvider, settings.forStage("segment"));
                Stylizer st = options.stylizePhotos() == 0 ? null
                        : open(opened, registry, Stylizer.class, set.stylizeProvider(), settings.forStage("stylize"));
                return new Stages(c, d, s, st, segmentProvider);
            } catch (StageException | RuntimeException e) {
                for (int i = opened.size() - 1; i >= 0; i--) {
                    try {
                        opened.get(i).close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                String hint = e instanceof IllegalArgumentException
                        ? "  The stage implementations come from triage-models: run the packaged jar or put triage-models on the class path"
                        : "  To get the models: " + set.howToGetModels(options.models());
                throw new EvalException(FolderTriage.EXIT_MODELS, "cannot set up the '" + set.label() + "' model set: "
                        + e.getMessage() + System.lineSeparator() + hint, e);
            }
        }

        private static <S extends Stage<?, ?>> S open(List<Stage<?, ?>> opened, StageRegistry registry, Class<S> kind, String name,
                StageSettings settings) throws StageException {
            S stage = registry.create(kind, name, settings);
            opened.add(stage);
            return stage;
        }

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
                    // The metrics are measured by then; a model that fails to free its memory is not worth failing for.
                    org.slf4j.LoggerFactory.getLogger(EvalRun.class).warn("closing {} failed: {}", all.get(i).name(), e.toString());
                }
            }
        }
    }

    /** One pass over the photos. */
    private static final class Measurer {
        private final EvalCommand.Options options;
        private final CocoDataset dataset;
        private final Path datasetDir;
        private final List<CocoImage> images;
        private final Stages stages;
        private final StageSettings settings;
        private final PrintStream progress;
        private final PhotoDecoder decoder = ImageIoPhotoDecoder.defaults();

        private final List<String> decodeFailures = new ArrayList<>();
        private final List<TriageClass> truth = new ArrayList<>();
        private final List<TriageClass> predicted = new ArrayList<>();
        private final List<String> classifiedFiles = new ArrayList<>();
        private final Failures classifyFailures = new Failures();
        private final List<Double> classifyMs = new ArrayList<>();

        private final List<CocoDetection> detections = new ArrayList<>();
        private final Set<Long> detectedImages = new HashSet<>();
        private final Failures detectFailures = new Failures();
        private final List<Double> detectMs = new ArrayList<>();
        private final Set<String> unknownLabels = new java.util.TreeSet<>();
        private double productionThreshold = Double.NaN;

        private final List<SegmentationScore> gtScores = new ArrayList<>();
        private final List<SegmentationScore> detectedScores = new ArrayList<>();
        private final Failures segmentFailures = new Failures();
        private final Failures segmentDetectedFailures = new Failures();
        private final List<Double> segmentMs = new ArrayList<>();
        private int subjectsMissed;
        private int promptsWithoutSubject;

        Measurer(EvalCommand.Options options, CocoDataset dataset, Path datasetDir, List<CocoImage> images, Stages stages,
                StageSettings settings, PrintStream progress) {
            this.options = options;
            this.dataset = dataset;
            this.datasetDir = datasetDir;
            this.images = images;
            this.stages = stages;
            this.settings = settings;
            this.progress = progress;
        }

        Outcome run() throws EvalException {
            long start = System.nanoTime();
            progress.printf(Locale.ROOT, "eval: %d photos of %s with the '%s' set%n", images.size(), datasetDir, options.modelSet().label());
            int done = 0;
            for (CocoImage image : images) {
                Path file = datasetDir.resolve("images").resolve(image.fileName());
                DecodedPhoto photo;
                try {
                    photo = decoder.decode(Photo.of(file));
                } catch (PhotoDecodeException e) {
                    decodeFailures.add(image.fileName() + ": " + e.getMessage());
                    continue;
                }
                if (photo.originalWidth() != image.width() || photo.originalHeight() != image.height()) {
                    decodeFailures.add(image.fileName() + ": decoded " + photo.originalWidth() + "x" + photo.originalHeight()
                            + " but the annotations say " + image.width() + "x" + image.height() + "; not evaluated");
                    continue;
                }
                classify(image, photo);
                Optional<Detection> best = detect(image, photo);
                segment(image, photo, best);
                done++;
                if (done == 1 || done % 16 == 0 || done == images.size()) {
                    progress.printf(Locale.ROOT, "[%d/%d] %s  %.1f s%n", done, images.size(), image.fileName(),
                            (System.nanoTime() - start) / 1e9);
                }
            }
            if (done == 0) {
                throw new EvalException(FolderTriage.EXIT_USAGE, "no photo of " + datasetDir + " could be decoded: "
                        + decodeFailures.get(0), null);
            }
            ObjectNode stylize = stylize();
            CocoEvalResult detection = detectedImages.isEmpty() ? null : new CocoEvaluator(dataset).evaluate(detections,
                    CocoEvalParams.defaults().withImageIds(detectedImages).withCategoryIds(subjectCategories()));
            ObjectNode metrics = EvalCommand.JSON.createObjectNode();
            metrics.put("version", FORMAT_VERSION);
            metrics.set("provenance", provenance(done));
            metrics.set("classify", classifyMetrics());
            metrics.set("detect", detectMetrics(detection));
            metrics.set("segment", segmentMetrics());
            metrics.set("stylize", stylize);
            metrics.put("elapsedSeconds", (System.nanoTime() - start) / 1e9);
            return new Outcome(metrics, detection, gtScores.stream().map(SegmentationScore::iou).toList(),
                    detectedScores.stream().map(SegmentationScore::iou).toList());
        }

        private List<Integer> subjectCategories() {
            return SUBJECT_CATEGORIES.stream().filter(id -> dataset.category(id).isPresent()).toList();
        }

        private void classify(CocoImage image, DecodedPhoto photo) {
            long t0 = System.nanoTime();
            try {
                Classification c = stages.classifier().apply(photo);
                classifyMs.add((System.nanoTime() - t0) / 1e6);
                truth.add(image.triageClass().orElseThrow());
                predicted.add(c.label());
                classifiedFiles.add(image.fileName());
            } catch (StageException | RuntimeException e) {
                classifyFailures.add(image.fileName(), e);
            }
        }

        /** Evaluation-mode boxes into the COCO results; returns the production best box (the segment prompt). */
        private Optional<Detection> detect(CocoImage image, DecodedPhoto photo) {
            List<Detection> all;
            List<Detection> production;
            long t0 = System.nanoTime();
            try {
                if (stages.detector() instanceof YoloxDetector yolox) {
                    all = yolox.detectAll(photo, EvalSettings.coco());
                    productionThreshold = yolox.config().threshold();
                    production = all.stream().filter(d -> d.score() >= yolox.config().threshold()).toList();
                } else {
                    Detections d = stages.detector().apply(photo);
                    productionThreshold = d.threshold();
                    all = d.detections();
                    production = d.detections();
                }
                detectMs.add((System.nanoTime() - t0) / 1e6);
            } catch (StageException | RuntimeException e) {
                detectFailures.add(image.fileName(), e);
                return Optional.empty();
            }
            detectedImages.add(image.id());
            for (Detection d : all) {
                Optional<CocoCategory> category = dataset.categoryByName(d.label());
                if (category.isEmpty()) {
                    unknownLabels.add(d.label());
                    continue;
                }
                detections.add(CocoDetection.of(image.id(), category.get().id(),
                        new Detection(d.label(), d.score(), photo.toOriginal(d.box()))));
            }
            return production.stream().max(Comparator.comparingDouble(Detection::score))
                    .map(d -> new Detection(d.label(), d.score(), photo.toOriginal(d.box())));
        }

        private void segment(CocoImage image, DecodedPhoto photo, Optional<Detection> best) {
            Optional<CocoAnnotation> subject = MainSubjects.largest(dataset, image.id());
            if (subject.isPresent()) {
                CocoAnnotation a = subject.get();
                String label = dataset.category(a.categoryId()).map(CocoCategory::name).orElseThrow();
                Detection prompt = new Detection(label, 1.0, a.bbox().toBoundingBox());
                long t0 = System.nanoTime();
                try {
                    Segmentation s = stages.segmenter().apply(new SegmentRequest(photo, prompt));
                    segmentMs.add((System.nanoTime() - t0) / 1e6);
                    gtScores.add(SegmentationMetrics.score(dataset, a, s.mask()));
                } catch (StageException | RuntimeException e) {
                    // No mask is an empty mask: its IoU with the subject is 0.
                    segmentFailures.add(image.fileName(), e);
                    gtScores.add(new SegmentationScore(image.id(), a.id(), a.categoryId(), 0));
                }
                if (best.isEmpty()) {
                    subjectsMissed++;
                }
            }
            if (best.isEmpty()) {
                return;
            }
            BoundingBox box = best.get().box();
            Optional<CocoAnnotation> matched = MainSubjects.bestMatch(dataset, image.id(), box);
            if (matched.isEmpty()) {
                promptsWithoutSubject++;
                return;
            }
            CocoAnnotation a = matched.get();
            try {
                Segmentation s = stages.segmenter().apply(new SegmentRequest(photo, best.get()));
                detectedScores.add(SegmentationMetrics.score(dataset, a, s.mask()));
            } catch (StageException | RuntimeException e) {
                segmentDetectedFailures.add(image.fileName(), e);
                detectedScores.add(new SegmentationScore(image.id(), a.id(), a.categoryId(), 0));
            }
        }

        private ObjectNode stylize() throws EvalException {
            ObjectNode n = EvalCommand.JSON.createObjectNode();
            if (stages.stylizer() == null) {
                n.put("skipped", "--stylize-photos 0");
                n.putNull("latencyMsP50");
                n.putNull("latencyMsP95");
                n.putNull("clipScore");
                n.put("clipScoreReason", "stylize not measured");
                return n;
            }
            stage(n, set().stylizeProvider(), stages.stylizer().model());
            List<Double> ms = new ArrayList<>();
            List<Stylized> outputs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Failures failures = new Failures();
            for (CocoImage image : images) {
                if (names.size() + failures.count >= options.stylizePhotos()) {
                    break;
                }
                DecodedPhoto photo;
                try {
                    photo = decoder.decode(Photo.of(datasetDir.resolve("images").resolve(image.fileName())));
                } catch (PhotoDecodeException e) {
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    outputs.add(stages.stylizer().apply(new StyleRequest(photo, Optional.empty(), StyleRequest.DEFAULT_PROMPT, 0L)));
                    ms.add((System.nanoTime() - t0) / 1e6);
                    names.add(image.fileName());
                } catch (StageException | RuntimeException e) {
                    failures.add(image.fileName(), e);
                }
            }
            progress.printf(Locale.ROOT, "stylize: %d photos%n", names.size());
            n.put("photos", names.size());
            ArrayNode which = n.putArray("photoFiles");
            names.forEach(which::add);
            n.put("prompt", StyleRequest.DEFAULT_PROMPT);
            latency(n, ms);
            failures.write(n);
            clipScore(n, outputs);
            return n;
        }

        /** Mean cosine of CLIP image and prompt embeddings of the stylized pictures, where a CLIP model is at hand. */
        private void clipScore(ObjectNode n, List<Stylized> outputs) {
            if (set() == ModelSet.LITE) {
                n.putNull("clipScore");
                n.put("clipScoreReason", "the lite set has no CLIP model (run eval with --model-set full or tiny)");
                return;
            }
            if (outputs.isEmpty()) {
                n.putNull("clipScore");
                n.put("clipScoreReason", "no photo was stylized");
                return;
            }
            try {
                ResolvedModel clip = ModelStore.at(settings.requireModelsDir()).resolve(options.clipModel());
                double score = meanClipScore(clip, outputs);
                n.put("clipScore", score);
                n.put("clipModel", clip.manifest().name() + "@" + clip.weightsId(ClipImageEncoder.ROLE));
                n.put("clipScoreDefinition", "mean cosine similarity of the CLIP image embedding of each stylized picture and"
                        + " the text embedding of its prompt");
            } catch (ModelException | StageException | RuntimeException e) {
                n.putNull("clipScore");
                n.put("clipScoreReason", "no CLIP model '" + options.clipModel() + "' could be loaded: " + e.getMessage());
            }
        }

        private ModelSet set() {
            return options.modelSet();
        }

        private ObjectNode provenance(int evaluated) {
            ObjectNode p = EvalCommand.JSON.createObjectNode();
            p.put("tool", "phototriage eval");
            p.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            p.put("modelSet", set().label());
            p.put("modelsDir", settings.modelsDir().map(Path::toString).orElse("$" + StageSettings.MODELS_ENV));
            ObjectNode stageOptions = p.putObject("stageOptions");
            new TreeMap<>(settings.options()).forEach(stageOptions::put);
            ObjectNode models = p.putObject("stageModels");
            models.put("classify", describe(stages.classifier().model()));
            models.put("detect", describe(stages.detector().model()));
            models.put("segment", describe(stages.segmenter().model()));
            if (stages.stylizer() != null) {
                models.put("stylize", describe(stages.stylizer().model()));
            }
            p.put("dataset", datasetDir.toString());
            p.put("images", images.size());
            p.put("imagesEvaluated", evaluated);
            ArrayNode failed = p.putArray("decodeFailures");
            decodeFailures.forEach(failed::add);
            p.put("decoder", "ImageIoPhotoDecoder defaults (full resolution, EXIF orientation applied, ICC profiles ignored)");
            return p;
        }

        private ObjectNode classifyMetrics() {
            ObjectNode n = EvalCommand.JSON.createObjectNode();
            stage(n, set().classifyProvider(settings), stages.classifier().model());
            n.put("images", truth.size());
            n.put("split", "every photo of the data set");
            ClassificationMetrics<TriageClass> m = ClassificationMetrics.of(List.of(TriageClass.values()), truth, predicted);
            classification(n, m);
            heldOut(n);
            latency(n, classifyMs);
            classifyFailures.write(n);
            return n;
        }

        /** The probe's own held-out photos, when its provenance names this data set and a split that can be remade. */
        private void heldOut(ObjectNode n) {
            Optional<LinearProbe> probe = stages.classifier() instanceof LiteProbeClassifier lite ? Optional.of(lite.probe())
                    : stages.classifier() instanceof ClipProbeClassifier clip ? Optional.of(clip.probe()) : Optional.empty();
            String reason;
            if (probe.isEmpty()) {
                reason = "the classifier '" + stages.classifier().name() + "' is not a trained probe: no training split";
            } else {
                String trainingSet = probe.get().provenance().trainingSet();
                Matcher m = SPLIT.matcher(trainingSet);
                if (!m.matches()) {
                    reason = "the probe's training set \"" + trainingSet + "\" does not describe a split that can be remade";
                } else if (!m.group(1).equals(datasetDir.getFileName().toString())) {
                    reason = "the probe was trained on " + m.group(1) + ", not on this data set: every photo is held out";
                } else {
                    try {
                        ProbeTrainer.Split split = ProbeTrainer.split(ProbeTrainer.readCoco(datasetDir),
                                Double.parseDouble(m.group(4)), Long.parseLong(m.group(5)));
                        if (split.train().size() != Integer.parseInt(m.group(2)) || split.test().size() != Integer.parseInt(m.group(3))) {
                            reason = "remaking the split gives " + split.train().size() + " train / " + split.test().size()
                                    + " held out, the probe says " + m.group(2) + " / " + m.group(3) + ": the data set changed";
                        } else {
                            Set<String> test = new HashSet<>();
                            split.test().forEach(p -> test.add(p.path().getFileName().toString()));
                            List<TriageClass> t = new ArrayList<>();
                            List<TriageClass> p = new ArrayList<>();
                            for (int i = 0; i < classifiedFiles.size(); i++) {
                                if (test.contains(classifiedFiles.get(i))) {
                                    t.add(truth.get(i));
                                    p.add(predicted.get(i));
                                }
                            }
                            ObjectNode h = n.putObject("heldOut");
                            h.put("images", t.size());
                            h.put("split", "the probe's held-out photos: " + trainingSet + " (ProbeTrainer.split remade)");
                            classification(h, ClassificationMetrics.of(List.of(TriageClass.values()), t, p));
                            n.put("accuracyNote", "accuracy is on every photo, including the ones the probe was trained on"
                                    + " (optimistic); heldOut.accuracy is on the photos it never saw");
                            return;
                        }
                    } catch (IOException | RuntimeException e) {
                        reason = "cannot remake the probe's split: " + e.getMessage();
                    }
                }
            }
            n.putNull("heldOut");
            n.put("heldOutReason", reason);
        }

        private static void classification(ObjectNode n, ClassificationMetrics<TriageClass> m) {
            n.put("accuracy", m.accuracy());
            n.put("macroF1", m.macroF1());
            ObjectNode confusion = n.putObject("confusion");
            confusion.put("rows", "truth");
            confusion.put("columns", "predicted");
            ArrayNode classes = confusion.putArray("classes");
            m.classes().forEach(c -> classes.add(c.label()));
            ArrayNode matrix = confusion.putArray("matrix");
            for (long[] row : m.confusion()) {
                ArrayNode r = matrix.addArray();
                for (long v : row) {
                    r.add(v);
                }
            }
            ObjectNode perClass = n.putObject("perClass");
            for (TriageClass c : m.classes()) {
                perClass.putObject(c.label()).put("precision", m.precision(c)).put("recall", m.recall(c)).put("f1", m.f1(c))
                        .put("support", m.support(c));
            }
        }

        private ObjectNode detectMetrics(CocoEvalResult r) {
            ObjectNode n = EvalCommand.JSON.createObjectNode();
            stage(n, set().detectProvider(), stages.detector().model());
            boolean evalMode = stages.detector() instanceof YoloxDetector;
            n.put("mode", evalMode
                    ? "evaluation: YoloxDetector.detectAll with EvalSettings.coco() (score > 0.001, class-wise NMS IoU 0.65, at most 100 boxes)"
                    : "production output: the detector '" + stages.detector().name() + "' has no evaluation mode, so only the"
                            + " boxes above its threshold are scored (mAP is lower than with an evaluation mode)");
            n.put("images", detectedImages.size());
            n.put("protocol", "COCO bbox (pycocotools COCOeval) over person, dog and cat");
            if (r == null) {
                n.putNull("mAP");
                n.putNull("mAP50");
                n.putNull("mAP75");
                n.putObject("perClass");
            } else {
                n.put("mAP", r.mAP());
                n.put("mAP50", r.mAP50());
                n.put("mAP75", r.mAP75());
                n.put("detections", r.detections());
                ObjectNode perClass = n.putObject("perClass");
                for (CategoryMetrics c : r.perCategory()) {
                    perClass.set(c.name(), MapCommand.categoryJson(c));
                }
            }
            ObjectNode threshold = n.putObject("threshold");
            if (Double.isNaN(productionThreshold)) {
                threshold.putNull("value");
            } else {
                threshold.put("value", productionThreshold);
            }
            threshold.put("source", stages.detector() instanceof YoloxDetector y ? y.config().thresholdSource()
                    : "the threshold reported by the detector's production output");
            ArrayNode unknown = n.putArray("labelsNotInDataset");
            unknownLabels.forEach(unknown::add);
            latency(n, detectMs);
            detectFailures.write(n);
            return n;
        }

        private ObjectNode segmentMetrics() {
            ObjectNode n = EvalCommand.JSON.createObjectNode();
            stage(n, stages.segmentProvider(), stages.segmenter().model());
            n.put("meanIoUDefinition", "mask IoU with the largest person/dog/cat instance (MainSubjects.largest), the segmenter"
                    + " prompted with that instance's ground-truth box; a failed segmentation counts as IoU 0");
            putNumber(n, "meanIoU", SegmentationMetrics.of(gtScores).meanIou());
            n.put("images", gtScores.size());
            segmentFailures.write(n);
            n.put("meanIoUDetectedDefinition", "mask IoU with the person/dog/cat instance that best matches the detector's best"
                    + " production box (MainSubjects.bestMatch), the segmenter prompted with that box; a failed segmentation"
                    + " counts as IoU 0");
            putNumber(n, "meanIoUDetected", SegmentationMetrics.of(detectedScores).meanIou());
            n.put("imagesDetected", detectedScores.size());
            n.put("subjectsMissed", subjectsMissed);
            n.put("promptsWithoutSubject", promptsWithoutSubject);
            n.put("failuresDetected", segmentDetectedFailures.count);
            ObjectNode perCategory = n.putObject("meanIoUPerClass");
            Map<Integer, List<SegmentationScore>> byCategory = new LinkedHashMap<>();
            SUBJECT_CATEGORIES.forEach(id -> byCategory.put(id, new ArrayList<>()));
            gtScores.forEach(s -> byCategory.computeIfAbsent(s.categoryId(), k -> new ArrayList<>()).add(s));
            byCategory.forEach((id, scores) -> putNumber(perCategory,
                    dataset.category(id).map(CocoCategory::name).orElse(String.valueOf(id)), SegmentationMetrics.of(scores).meanIou()));
            latency(n, segmentMs);
            return n;
        }

        private static void putNumber(ObjectNode n, String key, double v) {
            if (Double.isFinite(v)) {
                n.put(key, v);
            } else {
                n.putNull(key);
            }
        }

        private static void stage(ObjectNode n, String provider, ModelInfo model) {
            n.put("provider", provider);
            n.put("model", describe(model));
        }

        private static void latency(ObjectNode n, List<Double> ms) {
            LatencyStats s = LatencyStats.of(ms);
            putNumber(n, "latencyMsP50", s.p50());
            putNumber(n, "latencyMsP95", s.p95());
            putNumber(n, "latencyMsMean", s.mean());
            n.put("latencyCalls", s.count());
        }
    }

    /**
     * The mean cosine similarity of the CLIP image embedding of each stylized picture and the CLIP text embedding of
     * its prompt (the default prompt for models that take none).
     */
    static double meanClipScore(ResolvedModel clip, List<Stylized> outputs) throws ModelException, StageException {
        double sum = 0;
        try (ClipImageEncoder image = ClipImageEncoder.load(clip); ClipTextEncoder text = ClipTextEncoder.load(clip)) {
            for (Stylized s : outputs) {
                sum += cosine(image.embed(s.image()), text.embed(s.prompt().isEmpty() ? StyleRequest.DEFAULT_PROMPT : s.prompt()));
            }
        }
        return sum / outputs.size();
    }

    static String describe(ModelInfo m) {
        return m.name() + " (" + m.weights() + ", " + m.engine() + ")";
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("CLIP image embedding has " + a.length + " values, text embedding " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** A few lines for the terminal: the headline number of each stage. */
    static String summary(ObjectNode m) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "classify: accuracy %s (held out %s)%n", num(m.path("classify").path("accuracy")),
                num(m.path("classify").path("heldOut").path("accuracy"))));
        b.append(String.format(Locale.ROOT, "detect:   mAP %s  mAP50 %s  mAP75 %s%n", num(m.path("detect").path("mAP")),
                num(m.path("detect").path("mAP50")), num(m.path("detect").path("mAP75"))));
        b.append(String.format(Locale.ROOT, "segment:  meanIoU %s  meanIoUDetected %s%n", num(m.path("segment").path("meanIoU")),
                num(m.path("segment").path("meanIoUDetected"))));
        b.append(String.format(Locale.ROOT, "stylize:  p50 %s ms  clipScore %s%n", num(m.path("stylize").path("latencyMsP50")),
                num(m.path("stylize").path("clipScore"))));
        return b.toString();
    }

    private static String num(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "n/a";
    }
}
