package io.phototriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.ModelSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/** The test session and the photo tree the Spark tests share. */
final class SparkTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkTestSupport() {}

    /** The {@code run} command's options for {@code in} to {@code out} with the real lite models of ../shared. */
    static FolderTriage.Options liteOptions(Path in, Path out) {
        return FolderTriage.Options.of(in, out).withModelSet(ModelSet.LITE).withModels(liteModels());
    }

    /** What one Spark run returned and printed. */
    record Run(FolderTriage.Report report, String log) {}

    /** {@link SparkTriage#run} with {@code options} on {@code spark}, its progress captured. */
    static Run runSpark(SparkSession spark, SparkTriage.Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FolderTriage.Report report = SparkTriage.run(options, spark, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(report, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The {@code run} command itself (not Spark) with {@code options}, its progress discarded. */
    static FolderTriage.Report runCommand(FolderTriage.Options options) {
        return FolderTriage.run(options, StageRegistry.load(), new PrintStream(OutputStream.nullOutputStream(), true,
                StandardCharsets.UTF_8), false);
    }

    /** results.json under {@code out} without what measures time, for comparing two runs. */
    static ObjectNode withoutTimings(Path out) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(out.resolve("results.json").toFile());
        doc.remove("elapsedMs");
        doc.get("photos").forEach(p -> ((ObjectNode) p).remove("timingsMs"));
        doc.get("albums").forEach(a -> ((ObjectNode) a).remove("timingMs"));
        return doc;
    }

    /** The cut-out, thumbnail and stylized files under {@code out}, as sorted relative names. */
    static List<String> files(Path out) throws IOException {
        List<String> names = new ArrayList<>();
        for (String folder : List.of("cutouts", "thumbnails", "stylized")) {
            try (Stream<Path> s = Files.list(out.resolve(folder))) {
                s.forEach(p -> names.add(folder + "/" + p.getFileName()));
            }
        }
        names.sort(null);
        return names;
    }

    static Path shared() {
        return Path.of(System.getProperty("phototriage.shared", "../shared"));
    }

    static Path liteModels() {
        return shared().resolve("models");
    }

    static Path coco128Images() {
        return shared().resolve("data/coco128/images");
    }

    /** Whether the read-only shared folder with the lite models and coco128 is there. */
    static boolean sharedPresent() {
        return Files.isDirectory(liteModels().resolve("yolox-nano")) && Files.isDirectory(coco128Images());
    }

    /** Skips the calling test (class) with a message naming the folder when {@link #sharedPresent()} is false. */
    static void assumeShared() {
        Assumptions.assumeTrue(sharedPresent(), "needs ../shared (lite models and coco128): " + shared().toAbsolutePath());
    }

    /**
     * One session per test class: {@code master} threads, no UI, driver on the loopback address.
     *
     * @param master   e.g. {@code local[2]}, or {@code local[2,2]} to allow one retry per task
     * @param settings extra settings, key then value
     */
    static SparkSession session(String master, String... settings) {
        SparkSession.Builder b = SparkSession.builder().appName("phototriage-test").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            b.config(settings[i], settings[i + 1]);
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * A small drive: {@code people/} (a person, people with a dog), {@code pets/} (a dog, a cat, and a corrupt JPEG:
     * the first 3000 bytes of a photo), and a photo of neither at the root. Links to coco128, nothing copied but the
     * corrupt file.
     */
    static Path drive(Path dir) throws IOException {
        link(dir, "people", List.of("000000000036.jpg", "000000000074.jpg"));
        link(dir, "pets", List.of("000000000042.jpg", "000000000650.jpg"));
        link(dir, "", List.of("000000000009.jpg"));
        byte[] photo = Files.readAllBytes(coco128Images().resolve("000000000009.jpg"));
        Files.write(dir.resolve("pets/corrupt.jpg"), Arrays.copyOf(photo, 3000));
        return dir;
    }

    /**
     * {@link #drive} with the files copied instead of linked (links resolved): what a Hadoop file system holds.
     */
    static Path copiedDrive(Path dir) throws IOException {
        Path links = drive(dir.resolveSibling(dir.getFileName() + "-links"));
        try (java.util.stream.Stream<Path> all = Files.walk(links)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = dir.resolve(links.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dir;
    }

    private static void link(Path dir, String album, List<String> names) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(album));
        for (String name : names) {
            Files.createSymbolicLink(folder.resolve(name), coco128Images().resolve(name).toAbsolutePath());
        }
    }
}
