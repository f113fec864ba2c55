package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SegmentEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subject counts per photo and the segment stage's note, in results.json and on the index cards (#12). */
class SubjectCountsAndCutoutNotesTest {
    private static final String EVIL = "<img src=x onerror=alert(1)>";

    private static DetectionEntry det(String label) {
        return new DetectionEntry(label, 0.8, List.of(1.0, 2.0, 30.0, 40.0));
    }

    private static PhotoEntry photo(String path, List<DetectionEntry> detections, SegmentEntry segment) {
        String album = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        return new PhotoEntry(path, album, "ok", null, "people", 0.9, detections, null, 64, 48, null, segment, null, null,
                Map.of(), null, "cfg", null, null, null);
    }

    @Test
    void countsAreDerivedFromTheDetectionsPerLabelSortedByLabel() {
        PhotoEntry p = photo("a.jpg", List.of(det("person"), det("dog"), det("person"), det("cat"), det("person")), null);
        assertThat(p.counts()).containsExactly(Map.entry("cat", 1), Map.entry("dog", 1), Map.entry("person", 3));
        // Whatever a caller passes, counts follow the detections; no detect stage means no counts.
        PhotoEntry lying = new PhotoEntry("b.jpg", "", "ok", null, null, null, List.of(det("dog")), Map.of("dog", 7), 1, 1,
                null, null, null, null, Map.of(), null, "cfg", null, null, null);
        assertThat(lying.counts()).containsExactly(Map.entry("dog", 1));
        assertThat(photo("c.jpg", null, null).counts()).isNull();
        assertThat(photo("d.jpg", List.of(), null).counts()).isEmpty();
    }

    @Test
    void aJournalLineWrittenBeforeCountsExistedGetsThemWhenReadBack() throws Exception {
        String old = "{\"photo\":{\"path\":\"x.jpg\",\"album\":\"\",\"status\":\"ok\",\"detections\":["
                + "{\"label\":\"dog\",\"score\":0.9,\"box\":[1,2,3,4]},{\"label\":\"dog\",\"score\":0.5,\"box\":[5,6,7,8]}],"
                + "\"config\":\"cfg\"}}";
        Journal.Line line = Journal.JSON.readValue(old, Journal.Line.class);
        assertThat(line.photo().counts()).containsExactly(Map.entry("dog", 2));
        JsonNode written = Journal.JSON.readTree(Journal.JSON.writeValueAsString(line));
        assertThat(written.get("photo").get("counts").get("dog").asInt()).isEqualTo(2);
    }

    @Test
    void segmentEntryRecordsTheMethodWhetherApproximateWhichBoxAndWhy() {
        SegmentEntry plain = SegmentEntry.of(Segmentation.Source.PROMPT);
        assertThat(plain).isEqualTo(new SegmentEntry("ok", "model", false, 0, null, null));
        SegmentEntry box = SegmentEntry.of(new Segmentation.Source(Segmentation.Method.BOX, 1, "person", "masks empty"));
        assertThat(box).isEqualTo(new SegmentEntry("ok", "box", true, 1, "person", "masks empty"));
        SegmentEntry other = SegmentEntry.of(new Segmentation.Source(Segmentation.Method.OTHER_CLASS, 0, "cat", "no dog"));
        assertThat(other.approximate()).isFalse();
        assertThat(other.method()).isEqualTo("other-class");
        assertThat(SegmentEntry.skipped("too small")).isEqualTo(new SegmentEntry("skipped", null, null, null, null, "too small"));
    }

    @Test
    void cardsShowCountsAndFallbackNotesAllEscaped() {
        List<PhotoEntry> photos = List.of(
                photo("crowd.jpg", List.of(det("person"), det("person"), det("dog")), SegmentEntry.of(Segmentation.Source.PROMPT)),
                photo("boxed.jpg", List.of(det(EVIL)),
                        SegmentEntry.of(new Segmentation.Source(Segmentation.Method.BOX, 0, EVIL, "mask of " + EVIL + " empty"))),
                photo("other.jpg", List.of(det("dog"), det("dog")),
                        SegmentEntry.of(new Segmentation.Source(Segmentation.Method.OTHER_CLASS, 1, "cat", "no dog pixels"))),
                photo("tiny.jpg", List.of(det("person")), SegmentEntry.skipped("box 1 is 14x28 px & " + EVIL)));
        String html = HtmlIndex.render(ResultsDocument.of("lite", "cfg", Map.of(), photos, List.of(), 4, 0, Duration.ZERO, Map.of(), List.of()));

        assertThat(html).contains("<p class=\"counts\"><span class=\"count\" data-label=\"dog\">1 dog</span> · "
                + "<span class=\"count\" data-label=\"person\">2 person</span></p>");
        assertThat(html).contains("<strong class=\"approximate\">approximate cut-out</strong> (the detection box)");
        assertThat(html).contains("cut-out by fallback: other-class cat, detection 2");
        assertThat(html).contains("no cut-out: box 1 is 14x28 px &amp; &lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("1 &lt;img src=x onerror=alert(1)&gt;</span>");
        assertThat(html).contains("title=\"mask of &lt;img src=x onerror=alert(1)&gt; empty\"");
        assertThat(html).doesNotContain(EVIL);
        // A plain cut-out gets no note.
        String crowdCard = html.substring(html.indexOf("title=\"crowd.jpg\""), html.indexOf("</article>", html.indexOf("title=\"crowd.jpg\"")));
        assertThat(crowdCard).doesNotContain("class=\"segment");
    }

    @Test
    void heroShowsWhetherTheCutoutOrTheWholePhotoWasStylizedAndWhy() {
        List<PhotoEntry> photos = List.of(photo("a/x.jpg", List.of(det("dog")), null), photo("b/y.jpg", List.of(), null));
        List<Journal.AlbumEntry> albums = List.of(
                new Journal.AlbumEntry("a", "a/x.jpg", null, "ok", null, "stylized/a.jpg", 5.0, "m", "cfg", "cutout", null),
                new Journal.AlbumEntry("b", "b/y.jpg", null, "ok", null, "stylized/b.jpg", 5.0, "m", "cfg", "photo",
                        "the hero shot has no segmentation & " + EVIL));
        String html = HtmlIndex.render(ResultsDocument.of("lite", "cfg", Map.of(), photos, albums, 2, 0, Duration.ZERO, Map.of(), List.of()));

        assertThat(html).contains("<span class=\"meta style-input\">stylized the cut-out</span>");
        assertThat(html).contains("<span class=\"meta style-input\">stylized the whole photo: the hero shot has no "
                + "segmentation &amp; &lt;img src=x onerror=alert(1)&gt;</span>");
        assertThat(html).doesNotContain(EVIL);
    }
}
