package io.phototriage.bench;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Detection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where benchmarks find data and models. All paths are relative to the working directory, which is the repository
 * root when run as documented ({@code tools/bench.sh}, or {@code java -jar triage-bench/target/benchmarks.jar}):
 * <ul>
 *   <li>{@code -Dphototriage.shared=DIR} (default {@code ../shared}): coco128 photos and the real lite models;</li>
 *   <li>{@code -Dphototriage.fixtures=DIR} (default {@code triage-models/src/test/resources/fixtures}): the committed
 *       tiny random-weight exports (variant {@code tiny});</li>
 *   <li>{@code -Dphototriage.models.full=DIR} (default {@code models-full}, git-ignored): full-size random-weight
 *       exports of the real architectures (variant {@code full}), generated on demand by the export tool.</li>
 * </ul>
 */
final class BenchPaths {
    /** Four coco128 photos: a person (481x640 portrait first), people, a pet and neither. */
    static final List<String> PHOTOS = List.of("000000000036.jpg", "000000000009.jpg", "000000000025.jpg", "000000000034.jpg");

    /** Model folder names per family and variant. */
    private static final Map<String, Map<String, String>> FOLDERS = Map.of(
            "clip", Map.of("tiny", "clip-tiny", "full", "clip-vit-b32"),
            "sam", Map.of("tiny", "sam-tiny", "full", "sam-vit-base"),
            "sd", Map.of("tiny", "sd-tiny", "full", "sd-lcm"),
            "grounding-dino", Map.of("tiny", "grounding-dino-tiny", "full", "grounding-dino-tiny"),
            "totalseg", Map.of("tiny", "totalseg-tiny", "full", "totalseg-random"),
            "sam2", Map.of("tiny", "sam2-tiny", "full", "sam2.1-hiera-tiny"));

    /** How to make each full-size folder (quoted when it is absent). */
    private static final Map<String, String> HOW_TO_MAKE_FULL = Map.of(
            "clip", "tools/export/.venv/bin/python tools/export/export.py clip --full-random --out models-full/clip-vit-b32"
                    + " --bpe-vocab PATH/TO/open_clip_torch-*.whl",
            "sam", "tools/export/.venv/bin/python tools/export/export.py sam --full-random --out models-full/sam-vit-base"
                    + " (needs ~3.6 GB RAM)",
            "sd", "tools/export/.venv/bin/python tools/export/export.py stable-diffusion --real --out models-full/sd-lcm"
                    + " on a machine with internet and diffusers (the UNet alone is 3.4 GB of TorchScript), then copy the folder"
                    + " here; there is no full-size random-weight SD export",
            "grounding-dino", "tools/export/.venv/bin/python tools/export/export.py grounding-dino --full-random"
                    + " --out models-full/grounding-dino-tiny (needs ~4.3 GB RAM, a few minutes)",
            "totalseg", "tools/export/.venv/bin/python tools/export/export.py totalseg --full-random"
                    + " --out models-full/totalseg-random (31 M parameters, ~125 MB)",
            "sam2", "tools/export/.venv/bin/python tools/export/export.py sam2 --full-random"
                    + " --out models-full/sam2.1-hiera-tiny (about a minute)");

    private BenchPaths() {}

    static Path shared() {
        Path p = Path.of(System.getProperty("phototriage.shared", "../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared data folder not found at " + p + "; run from the repository root or pass -Dphototriage.shared=DIR");
        }
        return p;
    }

    static Path cocoImage(String fileName) {
        return shared().resolve("data/coco128/images").resolve(fileName);
    }

    /** The real lite models ({@code shared/models}). */
    static Path liteModels() {
        return Path.of(System.getProperty("phototriage.models", shared().resolve("models").toString()));
    }

    /** A lite model file, e.g. {@code yolox-nano/yolox_nano.onnx}, checked to exist. */
    static Path liteModelFile(String relative) {
        Path file = liteModels().resolve(relative).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("lite model " + file + " not found; pass -Dphototriage.shared=DIR (the folder with"
                    + " models/ and data/coco128/) or -Dphototriage.models=DIR");
        }
        return file;
    }

    /** A decoded coco128 photo. */
    static DecodedPhoto decode(String fileName) throws Exception {
        return ImageIoPhotoDecoder.defaults().decode(Photo.of(cocoImage(fileName)));
    }

    /** coco128 000000000036.jpg (481x640), the portrait the segment and stylize benchmarks use. */
    static DecodedPhoto portrait() throws Exception {
        return decode(PHOTOS.get(0));
    }

    /** The portrait's person, from coco128's annotation: bbox [167.58, 162.89, 310.61, 465.19] (x, y, w, h). */
    static Detection portraitPerson() {
        return new Detection("person", 1, BoundingBox.ofXywh(167.58, 162.89, 310.61, 465.19));
    }

    /**
     * The model folder of a family ({@code clip}, {@code sam}, {@code sd}, {@code grounding-dino}) in a variant: {@code tiny} (committed test
     * fixture) or {@code full} (full-size export under {@code models-full/}).
     *
     * @throws IllegalStateException if the folder is absent, saying how to generate it
     */
    static ResolvedModel model(String family, String variant) throws ModelException {
        Map<String, String> byVariant = FOLDERS.get(family);
        if (byVariant == null || !byVariant.containsKey(variant)) {
            throw new IllegalArgumentException("unknown model " + family + "/" + variant + "; variants are tiny and full");
        }
        Path root = variant.equals("tiny") ? tinyFixtures() : Path.of(System.getProperty("phototriage.models.full", "models-full"));
        String folder = byVariant.get(variant);
        Path manifest = root.resolve(folder).resolve(ModelManifest.FILE_NAME).toAbsolutePath().normalize();
        if (!Files.isRegularFile(manifest)) {
            String how = variant.equals("tiny")
                    ? "pass -Dphototriage.fixtures=PATH/TO/phototriage/" + FIXTURES + "; it is made by"
                            + " tools/export/export.py " + (family.equals("sd") ? "stable-diffusion" : family)
                            + (family.equals("sam2") ? "" : " --tiny")
                    : "generate it from the repository root with " + HOW_TO_MAKE_FULL.get(family)
                            + ", or pass -Dphototriage.models.full=DIR";
            throw new IllegalStateException("benchmark model " + family + " variant '" + variant + "' not found: no " + manifest
                    + "; " + how);
        }
        return ModelStore.at(root).resolve(folder);
    }

    /** Where the tiny fixtures are, relative to the repository root. */
    static final String FIXTURES = "triage-models/src/test/resources/fixtures";

    /**
     * The tiny test fixtures: {@code -Dphototriage.fixtures=DIR}, else the fixtures folder of the source tree this
     * benchmark jar was built in (found from the jar's location, so it works from any current folder); there is no
     * default relative to the current folder.
     */
    static Path tinyFixtures() {
        String given = System.getProperty("phototriage.fixtures");
        if (given != null) {
            return Path.of(given);
        }
        try {
            Path here = Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve(FIXTURES))) {
                    return p.resolve(FIXTURES);
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not run from a file: fall through to the message below
        }
        throw new IllegalStateException("the tiny benchmark variants need the test fixtures of the source tree: pass"
                + " -Dphototriage.fixtures=PATH/TO/phototriage/" + FIXTURES);
    }
}
