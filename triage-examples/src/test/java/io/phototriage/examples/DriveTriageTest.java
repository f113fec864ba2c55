package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.adobe.internal.xmp.XMPMetaFactory;
import com.adobe.internal.xmp.options.PropertyOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.testing.NeedsNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver on a photographer's drive built from the real samples of {@code ../shared/data/drive} (copied into a
 * temp folder at test time): a RAW+JPEG pair, a CR3 triaged through its PRVW preview, a truncated ARW, a HEIC, a
 * video and a text file; then the XMP sidecars of that run, parsed back with xmpcore and compared with the sidecars
 * Lightroom and digiKam wrote ({@code ../shared/data/drive/xmp}).
 */
@NeedsNatives // HEIC and the video poster need FFmpeg
class DriveTriageTest {
    private static final Path SHARED = Path.of(System.getProperty("phototriage.shared"));
    private static final Path DRIVE = SHARED.resolve("data/drive");

    @TempDir
    Path tmp;

    Path input;
    Path output;
    String log;

    @BeforeEach
    void setUp() throws IOException {
        input = tmp.resolve("drive");
        output = tmp.resolve("out");
        Files.createDirectories(input.resolve("cam"));
        Files.createDirectories(input.resolve("phone"));
        PhotoTree.writeImage(input.resolve("cam/IMG_0001.JPG"), 0xd02020, 40, 1, "jpg");   // people (fake classifier)
        Files.copy(DRIVE.resolve("raw/exiftool_CanonRaw.cr2"), input.resolve("cam/img_0001.CR2")); // its RAW
        Files.copy(DRIVE.resolve("raw/Canon-R6-pruned.CR3"), input.resolve("cam/R6.CR3"));
        Files.copy(DRIVE.resolve("raw/filetype_sony-zv-e10_truncated.arw"), input.resolve("cam/zv.arw"));
        Files.copy(DRIVE.resolve("heif/libheif_example.heic"), input.resolve("phone/example.heic"));
        Files.copy(SHARED.resolve("data/video/bedroom.mp4"), input.resolve("phone/clip.MP4"));
        Files.writeString(input.resolve("phone/notes.txt"), "not a photo");
    }

    private FolderTriage.Report run() {
        FolderTriage.Options options = FolderTriage.Options.of(input, output);
        DriverRuns.Run run = DriverRuns.run(options, new FakeModels().registry(options.modelSet()));
        log = run.log();
        return run.report();
    }

    private JsonNode results() throws IOException {
        return DriverRuns.results(output);
    }

    @Test
    void rawHeifPairsAndVideosAreTriagedListedAndCountedPerKind() throws IOException {
        FolderTriage.Report report = run();

        assertThat(report.exitCode()).as(log).isEqualTo(FolderTriage.EXIT_OK);
        Map<String, JsonNode> photos = DriverRuns.byPath(results());
        // the pair is one photo: the JPEG, with the RAW as companion; the RAW is not a photo of its own
        assertThat(photos).containsOnlyKeys("cam/IMG_0001.JPG", "cam/R6.CR3", "cam/zv.arw", "phone/example.heic");
        assertThat(photos.get("cam/IMG_0001.JPG").get("companions").get(0).asText()).isEqualTo("cam/img_0001.CR2");
        assertThat(photos.get("cam/IMG_0001.JPG").get("decodedFrom").isNull()).isTrue();
        // the CR3 through its 1620x1080 PRVW preview
        assertThat(photos.get("cam/R6.CR3").get("status").asText()).isNotEqualTo("error");
        assertThat(photos.get("cam/R6.CR3").get("decodedFrom").asText()).contains("PRVW").contains("1620x1080");
        assertThat(photos.get("cam/R6.CR3").get("width").asInt()).isEqualTo(1620);
        // the truncated ARW: an error that says why, with no absolute path in it
        JsonNode arw = photos.get("cam/zv.arw");
        assertThat(arw.get("status").asText()).isEqualTo("error");
        assertThat(arw.get("error").asText()).containsIgnoringCase("past the end").doesNotContain(tmp.toString());
        // the HEIC at full resolution, saying which item was decoded
        assertThat(photos.get("phone/example.heic").get("width").asInt()).isEqualTo(1280);
        assertThat(photos.get("phone/example.heic").get("decodedFrom").asText()).contains("1280x854");
        // the video: listed with a poster frame, not triaged
        JsonNode video = results().get("videos").get(0);
        assertThat(video.get("path").asText()).isEqualTo("phone/clip.MP4");
        assertThat(output.resolve(video.get("poster").asText())).isRegularFile();
        // per kind: files = triaged + paired + unsupported + failed
        JsonNode files = results().get("files");
        assertKind(files, "jpeg/png/...", 1, 1, 0, 0, 0);
        assertKind(files, "raw", 3, 1, 1, 0, 1);
        assertKind(files, "heif", 1, 1, 0, 0, 0);
        assertKind(files, "video", 1, 0, 0, 1, 0);
        assertKind(files, "other", 1, 0, 0, 1, 0);
        assertThat(log).contains("1 RAW files paired with their JPEG, 1 videos listed")
                .containsPattern("raw +3 +1 +1 +0 +1").containsPattern("video +1 +0 +0 +1 +0");
        // the card names the companion and the preview, and shows the video
        String html = Files.readString(output.resolve("index.html"));
        assertThat(html).contains("img_0001.CR2").contains("PRVW").contains("clip.MP4");
    }

    private static void assertKind(JsonNode files, String kind, int total, int triaged, int paired, int unsupported,
            int failed) {
        JsonNode k = files.get(kind);
        assertThat(List.of(k.get("files").asInt(), k.get("triaged").asInt(), k.get("paired").asInt(),
                k.get("unsupported").asInt(), k.get("failed").asInt())).as(kind)
                .containsExactly(total, triaged, paired, unsupported, failed);
    }

    @Test
    void xmpSidecarsUnderTheOutputCarryKeywordsAndTheHeroAndParseLikeLightroomsAndDigikamsOwn() throws Exception {
        assertThat(run().exitCode()).as(log).isEqualTo(FolderTriage.EXIT_OK);
        ResultsDocument doc = Journal.JSON.readValue(output.resolve("results.json").toFile(), ResultsDocument.class);

        XmpSidecars.Result r = XmpSidecars.write(doc, input.toRealPath(), output.toRealPath(), XmpSidecars.Naming.DARKTABLE,
                XmpSidecars.Target.OUTPUT);

        Path jpegSidecar = output.resolve("xmp/cam/IMG_0001.JPG.xmp");
        Path rawSidecar = output.resolve("xmp/cam/img_0001.CR2.xmp");
        assertThat(jpegSidecar).isRegularFile();
        assertThat(rawSidecar).hasSameBinaryContentAs(jpegSidecar);
        assertThat(output.resolve("xmp/cam/zv.arw.xmp")).doesNotExist(); // failed: no sidecar
        assertThat(Files.readString(jpegSidecar)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<x:xmpmeta");
        assertThat(Files.size(jpegSidecar)).as("no 2 KB padding").isLessThan(1500);
        XMPMeta ours = parse(jpegSidecar);
        // the fake models: a red photo is "people" with one "person" box; it is the only eligible photo of "cam"
        assertThat(items(ours, XMPConst.NS_DC, "subject")).containsExactly("people", "person");
        assertThat(items(ours, XmpSidecars.NS_LR, "hierarchicalSubject"))
                .containsExactly("phototriage|people", "phototriage|person");
        assertThat(items(ours, XmpSidecars.NS_DIGIKAM, "TagsList")).containsExactly("phototriage/people", "phototriage/person");
        String hero = doc.albums().stream().filter(a -> a.album().equals("cam")).findFirst().orElseThrow().hero();
        assertThat(hero).isEqualTo("cam/IMG_0001.JPG");
        assertThat(ours.getPropertyInteger(XMPConst.NS_XMP, "Rating")).isEqualTo(5);
        assertThat(ours.getPropertyString(XMPConst.NS_XMP, "Label")).isEqualTo("Green");
        assertThat(r.written()).isGreaterThanOrEqualTo(2);

        // the same array forms as the tools' own sidecars: dc:subject and lr:hierarchicalSubject bags, TagsList a seq,
        // Rating a simple integer property
        XMPMeta lightroom = parse(DRIVE.resolve("xmp/lightroom_IMG_5910.xmp"));
        XMPMeta digikam = parse(DRIVE.resolve("xmp/digikam-example.xmp"));
        assertThat(items(lightroom, XMPConst.NS_DC, "subject")).containsExactly("Alvin the Squirrel", "Berkley", "USA");
        assertThat(form(ours, XMPConst.NS_DC, "subject")).isEqualTo(form(lightroom, XMPConst.NS_DC, "subject"))
                .isEqualTo(form(digikam, XMPConst.NS_DC, "subject")).isEqualTo("bag");
        assertThat(form(ours, XmpSidecars.NS_LR, "hierarchicalSubject"))
                .isEqualTo(form(lightroom, XmpSidecars.NS_LR, "hierarchicalSubject"))
                .isEqualTo(form(digikam, XmpSidecars.NS_LR, "hierarchicalSubject"));
        assertThat(form(ours, XmpSidecars.NS_DIGIKAM, "TagsList")).isEqualTo(form(digikam, XmpSidecars.NS_DIGIKAM, "TagsList"))
                .isEqualTo("seq");
        assertThat(lightroom.getPropertyInteger(XMPConst.NS_XMP, "Rating")).isEqualTo(3);
    }

    @Test
    void lightroomNamingGivesOneSidecarPerBaseName() throws Exception {
        assertThat(run().exitCode()).as(log).isEqualTo(FolderTriage.EXIT_OK);
        ResultsDocument doc = Journal.JSON.readValue(output.resolve("results.json").toFile(), ResultsDocument.class);

        XmpSidecars.write(doc, input.toRealPath(), output.toRealPath(), XmpSidecars.Naming.LIGHTROOM, XmpSidecars.Target.OUTPUT);

        List<String> names = new ArrayList<>();
        try (var s = Files.list(output.resolve("xmp/cam"))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        // the pair IMG_0001.JPG + img_0001.CR2 gets one sidecar, named after the RAW as Lightroom does
        assertThat(names).contains("img_0001.xmp").doesNotContain("IMG_0001.xmp")
                .allMatch(n -> !n.contains(".JPG.") && !n.contains(".CR2."));
    }

    @Test
    void besideOriginalsCreatesOnlyMissingSidecarsAndLeavesAnExistingOneByteIdentical() throws Exception {
        Path existing = input.resolve("cam/img_0001.CR2.xmp");
        Files.copy(DRIVE.resolve("xmp/lightroom_IMG_5910.xmp"), existing);
        Map<String, String> before = PhotoTree.snapshot(input);
        assertThat(run().exitCode()).as(log).isEqualTo(FolderTriage.EXIT_OK);
        assertThat(PhotoTree.snapshot(input)).isEqualTo(before); // the run itself writes nothing under the input
        ResultsDocument doc = Journal.JSON.readValue(output.resolve("results.json").toFile(), ResultsDocument.class);

        XmpSidecars.Result r = XmpSidecars.write(doc, input.toRealPath(), output.toRealPath(), XmpSidecars.Naming.DARKTABLE,
                XmpSidecars.Target.BESIDE_ORIGINALS);

        Map<String, String> after = PhotoTree.snapshot(input);
        assertThat(after.get("cam/img_0001.CR2.xmp")).isEqualTo(before.get("cam/img_0001.CR2.xmp"));
        assertThat(existing).hasSameBinaryContentAs(DRIVE.resolve("xmp/lightroom_IMG_5910.xmp"));
        assertThat(r.keptExisting()).isEqualTo(1);
        assertThat(input.resolve("cam/IMG_0001.JPG.xmp")).isRegularFile();
        // only new .xmp files were added; every original file is unchanged
        before.forEach((path, hash) -> {
            if (!hash.startsWith("dir ")) { // a folder's entry holds its mtime, which a new file changes
                assertThat(after.get(path)).as(path).isEqualTo(hash);
            }
        });
        assertThat(after.keySet()).allMatch(p -> before.containsKey(p) || p.endsWith(".xmp"));
        assertThat(output.resolve("xmp")).doesNotExist();

        // a second export changes nothing at all
        XmpSidecars.Result again = XmpSidecars.write(doc, input.toRealPath(), output.toRealPath(),
                XmpSidecars.Naming.DARKTABLE, XmpSidecars.Target.BESIDE_ORIGINALS);
        assertThat(PhotoTree.snapshot(input)).isEqualTo(after);
        assertThat(again.written()).isZero();
        assertThat(again.keptExisting()).isEqualTo(r.written() + r.keptExisting());
    }

    private static XMPMeta parse(Path file) throws IOException, XMPException {
        try (var in = Files.newInputStream(file)) {
            return XMPMetaFactory.parse(in);
        }
    }

    private static List<String> items(XMPMeta meta, String ns, String name) throws XMPException {
        List<String> out = new ArrayList<>();
        int n = meta.countArrayItems(ns, name);
        for (int i = 1; i <= n; i++) {
            out.add(meta.getArrayItem(ns, name, i).getValue());
        }
        return out;
    }

    private static String form(XMPMeta meta, String ns, String name) throws XMPException {
        PropertyOptions o = meta.getProperty(ns, name).getOptions();
        return o.isArrayAlternate() ? "alt" : o.isArrayOrdered() ? "seq" : o.isArray() ? "bag" : "simple";
    }
}
