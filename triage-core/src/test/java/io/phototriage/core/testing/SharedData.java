package io.phototriage.core.testing;

import java.nio.file.Path;

/**
 * Where the read-only shared folder (coco128, the lite models) is: the {@code phototriage.shared} system property,
 * which the build sets to {@code ../shared} beside the checkout. Shared through the core test-jar.
 */
public final class SharedData {
    private SharedData() {}

    /**
     * The shared folder.
     *
     * @return the path the {@code phototriage.shared} property names
     * @throws IllegalStateException when the property is not set (the test did not run under Maven)
     */
    public static Path root() {
        String shared = System.getProperty("phototriage.shared");
        if (shared == null) {
            throw new IllegalStateException("system property phototriage.shared is not set; run the tests with Maven");
        }
        return Path.of(shared);
    }

    /**
     * The coco128 data set in COCO format.
     *
     * @return {@code data/coco128} of the shared folder ({@code annotations.json}, {@code images/})
     */
    public static Path coco128() {
        return root().resolve("data/coco128");
    }

    /**
     * The real lite models.
     *
     * @return {@code models} of the shared folder
     */
    public static Path models() {
        return root().resolve("models");
    }
}
