package io.phototriage.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where benchmarks find data and models: {@code -Dphototriage.shared=...}, else {@code ../shared} from the working dir. */
final class BenchPaths {
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

    static Path liteModels() {
        return shared().resolve("models");
    }
}
