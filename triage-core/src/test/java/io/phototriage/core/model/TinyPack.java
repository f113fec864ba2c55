package io.phototriage.core.model;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A model pack of two small files, written by the test into a folder that a class loader sees (as a jar would). */
final class TinyPack {
    static final String NAME = "toy-pack";
    static final String WEIGHTS = "weights of the toy pack";
    static final String LABELS = "person\ndog\ncat\n";

    private TinyPack() {}

    /** Writes the pack under {@code root/META-INF/phototriage/models/toy-pack/}; {@code weights} is what is stored. */
    static Path write(Path root, String weights) throws IOException {
        Path dir = Files.createDirectories(root.resolve(ClassPathModels.PREFIX + NAME));
        Files.writeString(dir.resolve("weights.onnx"), weights);
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/names.txt"), LABELS);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), manifestJson());
        return dir;
    }

    static String manifestJson() {
        return """
                {"name": "%s", "engine": "OnnxRuntime",
                 "files": {"model": {"path": "weights.onnx", "sha256": "%s"},
                           "labels": {"path": "labels/names.txt", "sha256": "%s"}},
                 "source": "written by TinyPack"}
                """.formatted(NAME, sha(WEIGHTS), sha(LABELS));
    }

    static ClassLoader loader(Path root) throws IOException {
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    static String sha(String text) {
        return sha(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
