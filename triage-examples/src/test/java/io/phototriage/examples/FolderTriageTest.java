package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of the driver over a real temp tree, with fake stages in place of the models. */
class FolderTriageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path input;
    Path output;
    FakeModels models;
    String log;

    @BeforeEach
    void setUp() throws IOException {
        input = PhotoTree.create(tmp.resolve("photos"));
        output = tmp.resolve("out");
        models = new FakeModels();
    }

    private FolderTriage.Report run() {
        return run(FolderTriage.Options.of(input, output));
    }

    private FolderTriage.Report run(FolderTriage.Options options) {
        DriverRuns.Run run = DriverRuns.run(options, models.registry(options.modelSet()));
        log = run.log();
        return run.report();
    }

    private String log() {
        return log;
    }

    private JsonNode results() throws IOException {
        return DriverRuns.results(output);
    }

    @Test
    void triagesEveryPhotoInSortedOrderWithAlbumsStatusesAndClasses() throws IOException {
        FolderTriage.Report report = run();

        assertThat(report.exitCode()).as(log()).isEqualTo(FolderTriage.EXIT_OK);
        JsonNode results = results();
        List<String> paths = new ArrayList<>();
        results.get("photos").forEach(p -> paths.add(p.get("path").asText()));
        assertThat(paths).containsExactlyElementsOf(PhotoTree.EXPECTED_STATUS.keySet());
        Map<String, JsonNode> photos = DriverRuns.byPath(results);
        PhotoTree.EXPECTED_STATUS.forEach((path, status) ->
                assertThat(photos.get(path).get("status").asText()).as(path).isEqualTo(status));
        PhotoTree.EXPECTED_CLASS.forEach((path, cls) ->
                assertThat(photos.get(path).get("class").asText()).as(path).isEqualTo(cls));
        assertThat(photos.get("portrait.jpg").get("album").asText()).isEmpty();
        assertThat(photos.get("2020/trip/dog.jpg").get("album").asText()).isEqualTo("2020/trip");
        assertThat(photos.get("weird/" + PhotoTree.XSS_NAME).get("album").asText()).isEqualTo("weird");
        assertThat(results.get("counts").get("ok").asInt()).isEqualTo(6);
        assertThat(results.get("counts").get("skipped").asInt()).isEqualTo(1);
        assertThat(results.get("counts").get("error").asInt()).isEqualTo(2);
        assertThat(results.get("modelSet").asText()).isEqualTo("lite");
        assertThat(results.get("stageModels").get("classify").asText()).contains("fake-classifier");
        assertThat(report.photos()).isEqualTo(9);
        assertThat(report.errors()).isEqualTo(2);
    }

    @Test
    void undecodablePhotosAreReportedAsErrorsAndDoNotStopTheBatch() throws IOException {
        run();

        Map<String, JsonNode> photos = DriverRuns.byPath(results());
        for (String broken : List.of("broken/corrupt.jpg", "broken/empty.jpg")) {
            JsonNode p = photos.get(broken);
            assertThat(p.get("error").asText()).as(broken).startsWith("decode: ").contains(broken.substring(7));
            assertThat(p.get("thumbnail").isNull()).isTrue();
            assertThat(p.get("class").isNull()).isTrue();
        }
        assertThat(log()).contains("2 errors").contains("error: broken/corrupt.jpg").contains("error: broken/empty.jpg");
    }

    @Test
    void detectionsCutoutsThumbnailsAndTimingsAreRecordedInOriginalPixels() throws IOException {
        run();

        JsonNode dog = DriverRuns.byPath(results()).get("2020/trip/dog.jpg");
        assertThat(dog.get("width").asInt()).isEqualTo(96);
        assertThat(dog.get("height").asInt()).isEqualTo(64);
        JsonNode det = dog.get("detections").get(0);
        assertThat(det.get("label").asText()).isEqualTo("dog");
        assertThat(det.get("score").asDouble()).isEqualTo(0.9);
        assertThat(StreamSupport.stream(det.get("box").spliterator(), false).map(JsonNode::asDouble).toList())
                .containsExactly(24.0, 16.0, 72.0, 48.0);
        assertThat(dog.get("timingsMs").fieldNames()).toIterable()
                .containsExactly("decode", "classify", "detect", "segment", "thumbnail");
        Path cutout = output.resolve(dog.get("cutout").asText());
        assertThat(javax.imageio.ImageIO.read(cutout.toFile()).getColorModel().hasAlpha()).isTrue();
        assertThat(javax.imageio.ImageIO.read(cutout.toFile()).getWidth()).isEqualTo(48);
        assertThat(javax.imageio.ImageIO.read(output.resolve(dog.get("thumbnail").asText()).toFile()).getWidth()).isEqualTo(96);
        JsonNode sky = DriverRuns.byPath(results()).get("2020/trip/sky.jpg");
        assertThat(sky.get("detections")).isEmpty();
        assertThat(sky.get("cutout").isNull()).isTrue();
    }

    @Test
    void subjectCountsAndHowTheCutoutWasMadeAreInResultsJson() throws IOException {
        run();

        Map<String, JsonNode> photos = DriverRuns.byPath(results());
        JsonNode dog = photos.get("2020/trip/dog.jpg");
        assertThat(dog.get("counts").toString()).isEqualTo("{\"dog\":1}");
        assertThat(dog.get("segment").toString())
                .isEqualTo("{\"status\":\"ok\",\"method\":\"model\",\"approximate\":false,\"subjectRank\":0}");
        JsonNode sky = photos.get("2020/trip/sky.jpg");
        assertThat(sky.get("counts").toString()).isEqualTo("{}");
        assertThat(sky.get("segment").isNull()).as("segment did not run: nothing detected").isTrue();
        assertThat(photos.get("broken/corrupt.jpg").get("counts").isNull()).isTrue();
    }

    @Test
    void reducedScaleDecodingStillRecordsBoxesInOriginalPixels() throws IOException {
        Path big = tmp.resolve("big");
        Files.createDirectories(big);
        BufferedImage red = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = red.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 1600, 1200);
        g.dispose();
        javax.imageio.ImageIO.write(red, "jpg", big.resolve("portrait.jpg").toFile());

        FolderTriage.Report report = run(FolderTriage.Options.of(big, output).withDecodeLongSide(400));

        assertThat(report.exitCode()).isEqualTo(FolderTriage.EXIT_OK);
        JsonNode photo = DriverRuns.byPath(results()).get("portrait.jpg");
        assertThat(photo.get("width").asInt()).isEqualTo(1600);
        assertThat(photo.get("height").asInt()).isEqualTo(1200);
        // libjpeg decoded it at 1/4 (400x300); the fake detector boxed the middle half of what it saw
        assertThat(models.detectedSizes).containsExactly("400x300");
        assertThat(StreamSupport.stream(photo.get("detections").get(0).get("box").spliterator(), false).map(JsonNode::asDouble).toList())
                .containsExactly(400.0, 300.0, 1200.0, 900.0);
        // a full-resolution run is another configuration: nothing is reused
        FolderTriage.Report full = run(FolderTriage.Options.of(big, output));
        assertThat(full.reused()).isZero();
        assertThat(full.processed()).isEqualTo(1);
        assertThat(models.detectedSizes).containsExactly("400x300", "1600x1200");
    }

    @Test
    void eachAlbumGetsOneStylizedHeroShotFromItsBestEligiblePhoto() throws IOException {
        run();

        JsonNode results = results();
        Map<String, JsonNode> albums = new TreeMap<>();
        results.get("albums").forEach(a -> albums.put(a.get("album").asText(), a));
        assertThat(albums).containsOnlyKeys("", "2020/trip", "broken", "weird");
        assertThat(albums.get("broken").get("status").asText()).isEqualTo("skipped");
        assertThat(albums.get("broken").get("hero").isNull()).isTrue();
        assertThat(albums.get("").get("hero").asText()).isEqualTo("portrait.jpg");
        for (String album : List.of("", "2020/trip", "weird")) {
            JsonNode a = albums.get(album);
            assertThat(a.get("status").asText()).as(album).isEqualTo("ok");
            assertThat(output.resolve(a.get("stylized").asText())).isRegularFile();
            JsonNode hero = DriverRuns.byPath(results).get(a.get("hero").asText());
            assertThat(hero.get("stylized").asText()).isEqualTo(a.get("stylized").asText());
            assertThat(hero.get("timingsMs").has("stylize")).isTrue();
        }
        assertThat(models.stylized).hasSize(3);
    }

    @Test
    void nothingUnderTheInputChanges() throws IOException {
        Map<String, String> before = PhotoTree.snapshot(input);

        run();
        run();

        assertThat(PhotoTree.snapshot(input)).isEqualTo(before);
    }

    @Test
    void outputFilesStayInsideOutputWithSafeNames() throws IOException {
        run();

        Path realOut = output.toRealPath();
        Set<String> top = new HashSet<>();
        for (Path f : PhotoTree.files(output)) {
            assertThat(f.toRealPath()).startsWith(realOut);
            Path rel = realOut.relativize(f.toRealPath());
            top.add(rel.getName(0).toString());
            if (rel.getNameCount() > 1) {
                assertThat(rel.getNameCount()).isEqualTo(2);
                assertThat(rel.getFileName().toString()).matches("[0-9a-f]{12}-[a-z0-9_-]*\\.(png|jpg)");
            }
        }
        assertThat(top).containsExactlyInAnyOrder("results.json", "results.jsonl", "index.html", "cutouts", "thumbnails", "stylized");
        assertThat(PhotoTree.files(output.resolve("cutouts"))).hasSize(6);
        assertThat(PhotoTree.files(output.resolve("thumbnails"))).hasSize(7);
        assertThat(PhotoTree.files(output.resolve("stylized"))).hasSize(3);
    }

    @Test
    void rerunSkipsPhotosAlreadyDoneWithTheSameContentAndConfiguration() throws IOException {
        run();
        JsonNode first = results();
        models.forgetCalls();

        FolderTriage.Report second = run();

        assertThat(second.exitCode()).isZero();
        assertThat(models.classified).isEmpty();
        assertThat(models.stylized).isEmpty();
        assertThat(second.processed()).isZero();
        assertThat(second.reused()).isEqualTo(9);
        JsonNode again = results();
        assertThat(again.get("photos")).isEqualTo(first.get("photos"));
        assertThat(again.get("albums")).isEqualTo(first.get("albums"));
        assertThat(log()).contains("resuming: 9 of 9 photos already done");
    }

    @Test
    void changedPhotoIsProcessedAgainAndCanBecomeTheNewHero() throws IOException {
        run();
        models.forgetCalls();
        // Much noisier = sharper, so it now beats beach.png as the album's hero shot.
        PhotoTree.writeImage(input.resolve("2020/trip/dog.jpg"), 0x20c020, 120, 99, "jpg");

        run();

        assertThat(models.classified).containsExactly("2020/trip/dog.jpg");
        assertThat(models.stylized).containsExactly("2020/trip/dog.jpg");
        JsonNode trip = StreamSupport.stream(results().get("albums").spliterator(), false)
                .filter(a -> a.get("album").asText().equals("2020/trip")).findFirst().orElseThrow();
        assertThat(trip.get("hero").asText()).isEqualTo("2020/trip/dog.jpg");
    }

    @Test
    void newPhotoThatDoesNotBeatTheHeroLeavesTheAlbumAlone() throws IOException {
        run();
        models.forgetCalls();
        PhotoTree.writeImage(input.resolve("2020/trip/blurry.png"), 0xd02020, 1, 11, "png");

        FolderTriage.Report report = run();

        assertThat(models.classified).containsExactly("2020/trip/blurry.png");
        assertThat(models.stylized).isEmpty();
        assertThat(report.processed()).isEqualTo(1);
        assertThat(DriverRuns.byPath(results())).containsKey("2020/trip/blurry.png");
    }

    @Test
    void changedModelsInvalidateEveryResult() throws IOException {
        run();
        models.classified.clear();
        models.weights = "w2";

        FolderTriage.Report report = run();

        assertThat(report.processed()).isEqualTo(9);
        assertThat(models.classified).hasSize(7); // the two broken files never reach the classifier
    }

    @Test
    void retryErrorsProcessesFailedPhotosAgain() throws IOException {
        run();
        models.classified.clear();

        FolderTriage.Report report = run(FolderTriage.Options.of(input, output).withRetryErrors(true));

        assertThat(report.processed()).isEqualTo(2);
        assertThat(report.errors()).isEqualTo(2);
    }

    @Test
    void interruptedRunWithAHalfWrittenJournalLineIsFinishedByTheNextRun() throws IOException {
        run();
        JsonNode complete = results();
        Path journal = output.resolve("results.jsonl");
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        List<String> photoLines = lines.stream().filter(l -> l.startsWith("{\"photo\"")).toList();
        assertThat(photoLines).hasSize(9);
        // Killed while writing the 5th photo's line: 4 complete lines, half a line, no album lines, no results.json.
        String kept = String.join("\n", photoLines.subList(0, 4)) + "\n" + photoLines.get(4).substring(0, photoLines.get(4).length() / 2);
        Files.writeString(journal, kept, StandardCharsets.UTF_8);
        Files.delete(output.resolve("results.json"));
        Files.writeString(output.resolve("thumbnails").resolve(AtomicFiles.TEMP_PREFIX + "123.tmp"), "half an image");
        Set<String> donePaths = new HashSet<>();
        for (String l : photoLines.subList(0, 4)) {
            donePaths.add(JSON.readTree(l).get("photo").get("path").asText());
        }
        models.classified.clear();

        FolderTriage.Report report = run();

        assertThat(report.exitCode()).isZero();
        assertThat(log()).contains("ignored 1 incomplete line");
        Set<String> notDone = new HashSet<>(PhotoTree.EXPECTED_STATUS.keySet());
        notDone.removeAll(donePaths);
        notDone.removeAll(Set.of("broken/corrupt.jpg", "broken/empty.jpg")); // they fail before the classifier
        // Every photo without a journal line runs again; of the done ones only an album's best (to stylize it) may.
        assertThat(models.classified).containsAll(notDone);
        Set<String> rerunDone = new HashSet<>(models.classified);
        rerunDone.removeAll(notDone);
        assertThat(rerunDone).isSubsetOf(donePaths);
        assertThat(rerunDone.stream().map(p -> p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "")).doesNotHaveDuplicates();
        JsonNode finished = results();
        assertThat(statusAndClass(finished)).isEqualTo(statusAndClass(complete));
        assertThat(finished.get("albums")).hasSize(4);
        finished.get("albums").forEach(a -> {
            if (!a.get("stylized").isNull()) {
                assertThat(output.resolve(a.get("stylized").asText())).isRegularFile();
            }
        });
        assertThat(output.resolve("thumbnails").resolve(AtomicFiles.TEMP_PREFIX + "123.tmp")).doesNotExist();
        assertThat(Files.readString(journal)).doesNotContain(photoLines.get(4).substring(0, photoLines.get(4).length() / 2) + "\n{");
    }

    @Test
    void albumOfIdenticalCopiesStillGetsItsHeroWhenTheAlbumLineWasLost() throws IOException {
        Path copies = Files.createDirectories(input.resolve("copies"));
        Files.copy(input.resolve("portrait.jpg"), copies.resolve("a.jpg"));
        Files.copy(input.resolve("portrait.jpg"), copies.resolve("b.jpg"));
        run();
        Path journal = output.resolve("results.jsonl");
        // Killed after every photo was journaled but before the albums were stylized.
        List<String> photoLines = Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"photo\"")).toList();
        Files.write(journal, photoLines, StandardCharsets.UTF_8);
        models.forgetCalls();

        run();

        JsonNode album = StreamSupport.stream(results().get("albums").spliterator(), false)
                .filter(a -> a.get("album").asText().equals("copies")).findFirst().orElseThrow();
        assertThat(album.get("status").asText()).isEqualTo("ok");
        assertThat(album.get("hero").asText()).isIn("copies/a.jpg", "copies/b.jpg");
        assertThat(models.stylized).hasSize(4); // one per album that has an eligible photo
        assertThat(models.classified).hasSize(4); // and only each album's best photo ran again
    }

    private static Map<String, String> statusAndClass(JsonNode results) {
        Map<String, String> out = new LinkedHashMap<>();
        results.get("photos").forEach(p -> out.put(p.get("path").asText(), p.get("status").asText() + " " + p.get("class").asText()));
        return out;
    }

    @Test
    void indexHtmlShowsFileNamesAsEscapedText() throws IOException {
        run();

        String html = Files.readString(output.resolve("index.html"), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<img src=x").doesNotContain("onerror=\"window")
                .contains("&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;.jpg")
                .contains("&lt;img src=x onerror=alert(1)&gt;.jpg")
                .contains("Ünïcødé 照片 ☃ &amp; &#39;quote&#39;.PNG")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void progressEndsWithASummary() throws IOException {
        run();

        assertThat(log()).contains("found 9 photos").contains("2 other files skipped").contains("2 folder links not followed")
                .contains("[9/9] 100.0%").contains("done: 9 photos (6 ok, 1 skipped, 2 errors; 9 processed, 0 reused)");
    }
}
