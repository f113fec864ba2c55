package io.phototriage.examples;

import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import io.phototriage.examples.Journal.SegmentEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@code index.html}: one self-contained static page (inline CSS and script, no network) with a section
 * per album, a card per photo (thumbnail with the detections drawn as an SVG overlay, class and confidence, the
 * number of subjects per label, the cut-out and, when a fallback made it, how, per-stage timings), each album's stylized hero shot, counts per class and album, and class filter
 * buttons.
 *
 * <p>Built for drives of 10,000 photos: images load lazily with their size reserved, and cards past the first
 * screen wait in inert {@code <template>}s until the reader scrolls near them (see {@link #renderCards}); the
 * filters and counts cover every card. The videos of the drive follow the albums, with their poster frames.
 *
 * <p>Every string that comes from disk or a model (file and folder names, labels, error messages) reaches the page
 * only through {@link #text} or {@link #attr}; the script reads nothing but fixed attributes, never builds HTML, and only moves server-rendered cards out of
 * their templates.
 * A Content-Security-Policy allows only this page's own script (by hash), as a second line of defence.
 */
public final class HtmlIndex {
    /** Filter key of photos without a classification (for example those that failed to decode). */
    static final String UNCLASSIFIED = "unclassified";
    static final List<String> CLASSES = List.of("people", "pets", "neither", UNCLASSIFIED);
    /** Cards laid out when the page opens (more than a large screen holds); the rest wait in templates. */
    static final int FIRST_SCREEN = 48;
    /** Cards per waiting template. */
    static final int PAGE = 48;

    private static final String SCRIPT = """
            (function () {
              'use strict';
              var buttons = Array.prototype.slice.call(document.querySelectorAll('#filters button'));
              var current = 'all';
              // Cards past the first screen wait, already rendered and escaped, in inert <template class="more">
              // elements (no layout, no image requests); their cards are filtered and counted like the others.
              function cardsOf(root) {
                var cards = Array.prototype.slice.call(root.querySelectorAll('article.card'));
                root.querySelectorAll('template.more').forEach(function (t) {
                  cards = cards.concat(Array.prototype.slice.call(t.content.querySelectorAll('article.card')));
                });
                return cards;
              }
              function apply(filter) {
                current = filter;
                var shown = 0;
                document.querySelectorAll('section.album').forEach(function (section) {
                  var any = false;
                  cardsOf(section).forEach(function (card) {
                    var visible = filter === 'all' || card.getAttribute('data-class') === filter;
                    card.hidden = !visible;
                    if (visible) { shown++; any = true; }
                  });
                  section.hidden = !any;
                });
                buttons.forEach(function (b) {
                  b.setAttribute('aria-pressed', b.getAttribute('data-filter') === filter ? 'true' : 'false');
                });
                document.getElementById('shown').textContent = String(shown);
                more();
              }
              // Moves the next waiting cards of every grid whose end is within two screens into the page.
              var pending = false;
              function more() {
                pending = false;
                var near = window.innerHeight * 3;
                var moved = true;
                while (moved) {
                  moved = false;
                  document.querySelectorAll('section.album:not([hidden]) .cards').forEach(function (grid) {
                    var t = grid.querySelector('template.more');
                    if (t && grid.getBoundingClientRect().bottom < near) {
                      t.replaceWith(t.content);
                      moved = true;
                    }
                  });
                }
              }
              function schedule() {
                if (!pending) { pending = true; window.requestAnimationFrame(more); }
              }
              window.addEventListener('scroll', schedule, {passive: true});
              window.addEventListener('resize', schedule);
              buttons.forEach(function (b) {
                b.addEventListener('click', function () { apply(b.getAttribute('data-filter')); });
              });
              apply('all');
            })();
            """;

    private static final String STYLE = """
            [hidden] { display: none !important; }
            body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5rem 2rem; color: #222; background: #fafafa; }
            header { position: sticky; top: 0; background: #fafafa; padding: .6rem 0; border-bottom: 1px solid #ddd; z-index: 2; }
            h1 { font-size: 1.4rem; margin: .2rem 0; }
            #filters button { margin: .2rem .3rem .2rem 0; padding: .3rem .7rem; border: 1px solid #888; border-radius: 1rem;
              background: #fff; cursor: pointer; }
            #filters button[aria-pressed="true"] { background: #234; color: #fff; }
            section.album { margin-top: 1.5rem; }
            section.album h2 { font-size: 1.15rem; margin-bottom: .2rem; word-break: break-all; }
            .album-counts, .meta { color: #555; margin: .1rem 0; }
            .hero { display: flex; gap: 1rem; align-items: flex-start; margin: .5rem 0; }
            .hero img { max-width: 320px; max-height: 320px; border-radius: 4px; }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: .8rem; }
            article.card, article.video { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .5rem; overflow: hidden; }
            article.card { content-visibility: auto; contain-intrinsic-size: auto 420px; }
            article.video img.poster { display: block; max-width: 100%; height: auto; }
            article.card[data-status="error"] { border-color: #c33; }
            .frame { position: relative; display: inline-block; max-width: 100%; margin: 0; }
            .frame img { display: block; max-width: 100%; height: auto; }
            .frame svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
            .frame rect { fill: none; stroke: #ff2d55; stroke-width: 2; }
            .name { font-weight: 600; word-break: break-all; margin: .3rem 0 .1rem; font-size: .95rem; }
            .cutout { max-width: 120px; max-height: 120px; background: repeating-conic-gradient(#ddd 0 25%, #fff 0 50%) 0 0 / 12px 12px; }
            .error { color: #b00; word-break: break-word; }
            table.timings { border-collapse: collapse; font-size: .8rem; color: #555; }
            table.timings td { padding: 0 .6rem 0 0; }
            ul.detections { margin: .2rem 0; padding-left: 1.1rem; font-size: .85rem; }
            .counts { margin: .1rem 0; font-weight: 600; }
            .approximate { color: #a60; }
            """;

    private HtmlIndex() {}

    /**
     * Renders the page of a run.
     *
     * @param doc the run's results.json content
     * @return the HTML
     */
    public static String render(ResultsDocument doc) {
        Map<String, List<PhotoEntry>> albums = new TreeMap<>();
        for (PhotoEntry p : doc.photos()) {
            albums.computeIfAbsent(p.album(), a -> new java.util.ArrayList<>()).add(p);
        }
        Map<String, AlbumEntry> albumEntries = new LinkedHashMap<>();
        doc.albums().forEach(a -> albumEntries.put(a.album(), a));
        Map<String, Integer> classCounts = countClasses(doc.photos());

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"script-src '").append(scriptHash())
                .append("'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>Photo triage</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>Photo triage</h1>\n<p class=\"meta\">")
                .append(doc.counts().photos()).append(" photos in ").append(albums.size()).append(" albums: ")
                .append(doc.counts().ok()).append(" ok, ").append(doc.counts().skipped()).append(" skipped, ")
                .append(doc.counts().error()).append(" errors. Model set ").append(text(doc.modelSet())).append(": ")
                .append(text(String.join("; ", doc.stageModels().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())))
                .append("</p>\n<nav id=\"filters\" aria-label=\"Filter by class\">\n")
                .append("<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">all (").append(doc.photos().size()).append(")</button>\n");
        for (String c : CLASSES) {
            h.append("<button type=\"button\" data-filter=\"").append(attr(c)).append("\" aria-pressed=\"false\">").append(text(c))
                    .append(" (").append(classCounts.get(c)).append(")</button>\n");
        }
        h.append("</nav>\n<p class=\"meta\"><span id=\"shown\">").append(doc.photos().size()).append("</span> shown</p>\n</header>\n<main>\n");
        int[] budget = {FIRST_SCREEN};
        for (Map.Entry<String, List<PhotoEntry>> album : albums.entrySet()) {
            renderAlbum(h, album.getKey(), album.getValue(), albumEntries.get(album.getKey()), budget);
        }
        renderVideos(h, doc.videos());
        h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void renderAlbum(StringBuilder h, String album, List<PhotoEntry> photos, AlbumEntry entry, int[] budget) {
        Map<String, Integer> counts = countClasses(photos);
        long errors = photos.stream().filter(p -> "error".equals(p.status())).count();
        h.append("<section class=\"album\" data-album=\"").append(attr(album)).append("\">\n<h2>")
                .append(album.isEmpty() ? "(top folder)" : text(album)).append("</h2>\n<p class=\"album-counts\">")
                .append(photos.size()).append(" photos");
        for (String c : CLASSES) {
            h.append(" · ").append(text(c)).append(' ').append(counts.get(c));
        }
        h.append(" · errors ").append(errors).append("</p>\n");
        if (entry != null) {
            h.append("<div class=\"hero\">");
            if (entry.stylized() != null) {
                h.append("<img class=\"stylized\" src=\"").append(attr(entry.stylized())).append("\" alt=\"stylized hero shot\"")
                        .append(LAZY).append('>');
            }
            h.append("<p>hero shot: ").append(entry.hero() == null ? "none" : text(entry.hero()));
            if (entry.error() != null) {
                h.append("<br><span class=\"").append("error".equals(entry.status()) ? "error" : "meta").append("\">stylize ")
                        .append(text(entry.status())).append(": ").append(text(entry.error())).append("</span>");
            }
            if (entry.timingMs() != null) {
                h.append("<br><span class=\"meta\">stylize ").append(ms(entry.timingMs())).append(" ms, ")
                        .append(text(String.valueOf(entry.model()))).append("</span>");
            }
            if (entry.input() != null) {
                h.append("<br><span class=\"meta style-input\">stylized ")
                        .append("cutout".equals(entry.input()) ? "the cut-out" : "the whole photo");
                if (entry.inputNote() != null) {
                    h.append(": ").append(text(entry.inputNote()));
                }
                h.append("</span>");
            }
            h.append("</p></div>\n");
        }
        h.append("<div class=\"cards\">\n");
        renderCards(h, photos, budget);
        h.append("</div>\n</section>\n");
    }

    /**
     * The first {@link #FIRST_SCREEN} cards of the whole page go straight into the page; every later one waits in a
     * {@code <template class="more">} of {@link #PAGE} cards, which the page's script moves into the page when the
     * reader scrolls near it. A template's content is parsed but inert: no layout, no image requests. So a
     * 10,000-photo index lays out a few dozen cards at first, and the filters still count every card.
     *
     * @param budget how many cards may still go straight into the page; decremented
     */
    private static void renderCards(StringBuilder h, List<PhotoEntry> photos, int[] budget) {
        int waiting = 0;
        for (PhotoEntry p : photos) {
            if (budget[0] > 0) {
                budget[0]--;
            } else {
                if (waiting % PAGE == 0) {
                    h.append(waiting == 0 ? "" : "</template>\n").append("<template class=\"more\">\n");
                }
                waiting++;
            }
            renderCard(h, p);
        }
        if (waiting > 0) {
            h.append("</template>\n");
        }
    }

    private static void renderCard(StringBuilder h, PhotoEntry p) {
        String cls = p.classLabel() == null ? UNCLASSIFIED : p.classLabel();
        String name = p.path().substring(p.path().lastIndexOf('/') + 1);
        h.append("<article class=\"card\" data-class=\"").append(attr(cls)).append("\" data-status=\"").append(attr(p.status()))
                .append("\" title=\"").append(attr(p.path())).append("\">\n");
        if (p.thumbnail() != null) {
            h.append("<figure class=\"frame\"><img class=\"thumb\" src=\"").append(attr(p.thumbnail())).append("\" alt=\"")
                    .append(attr(name)).append('"').append(lazySize(p.width(), p.height())).append('>');
            if (p.detections() != null && !p.detections().isEmpty() && p.width() != null && p.height() != null) {
                h.append("<svg class=\"boxes\" viewBox=\"0 0 ").append(p.width()).append(' ').append(p.height())
                        .append("\" preserveAspectRatio=\"none\" aria-hidden=\"true\">");
                for (DetectionEntry d : p.detections()) {
                    List<Double> b = d.box();
                    h.append("<rect x=\"").append(num(b.get(0))).append("\" y=\"").append(num(b.get(1))).append("\" width=\"")
                            .append(num(b.get(2) - b.get(0))).append("\" height=\"").append(num(b.get(3) - b.get(1)))
                            .append("\" vector-effect=\"non-scaling-stroke\"><title>").append(text(d.label())).append(' ')
                            .append(score(d.score())).append("</title></rect>");
                }
                h.append("</svg>");
            }
            h.append("</figure>\n");
        }
        h.append("<p class=\"name\">").append(text(name)).append("</p>\n<p class=\"class\">");
        if (p.classLabel() != null) {
            h.append(text(p.classLabel())).append(' ').append(p.confidence() == null ? "" : score(p.confidence()));
        } else {
            h.append("not classified");
        }
        h.append(" · ").append(text(p.status())).append("</p>\n");
        if (p.error() != null) {
            h.append("<p class=\"error\">").append(text(p.error())).append("</p>\n");
        }
        if (p.counts() != null && !p.counts().isEmpty()) {
            h.append("<p class=\"counts\">");
            boolean first = true;
            for (Map.Entry<String, Integer> c : p.counts().entrySet()) {
                h.append(first ? "" : " · ").append("<span class=\"count\" data-label=\"").append(attr(c.getKey()))
                        .append("\">").append(c.getValue()).append(' ').append(text(c.getKey())).append("</span>");
                first = false;
            }
            h.append("</p>\n");
        }
        renderSource(h, p);
        if (p.detections() != null && !p.detections().isEmpty()) {
            h.append("<ul class=\"detections\">");
            for (DetectionEntry d : p.detections()) {
                List<Double> b = d.box();
                h.append("<li>").append(text(d.label())).append(' ').append(score(d.score())).append(" [")
                        .append(num(b.get(0))).append(", ").append(num(b.get(1))).append(", ").append(num(b.get(2))).append(", ")
                        .append(num(b.get(3))).append("]</li>");
            }
            h.append("</ul>\n");
        }
        if (p.cutout() != null) {
            h.append("<img class=\"cutout\" src=\"").append(attr(p.cutout())).append("\" alt=\"cut-out\"").append(LAZY)
                    .append(">\n");
        }
        renderSegment(h, p.segment());
        if (p.stylized() != null) {
            h.append("<p class=\"meta\">album hero shot (stylized above)</p>\n");
        }
        if (p.timingsMs() != null && !p.timingsMs().isEmpty()) {
            h.append("<table class=\"timings\"><tbody>");
            p.timingsMs().forEach((stage, t) -> h.append("<tr><td>").append(text(stage)).append("</td><td>").append(ms(t))
                    .append(" ms</td></tr>"));
            h.append("</tbody></table>\n");
        }
        h.append("</article>\n");
    }

    /** How the cut-out was made when it is not simply the best box's mask, or why there is none. */
    private static void renderSegment(StringBuilder h, SegmentEntry segment) {
        if (segment == null) {
            return;
        }
        if ("skipped".equals(segment.status())) {
            h.append("<p class=\"segment meta\">no cut-out: ").append(text(String.valueOf(segment.reason()))).append("</p>\n");
            return;
        }
        boolean fallback = !"model".equals(segment.method()) || (segment.subjectRank() != null && segment.subjectRank() > 0);
        if (!fallback) {
            return;
        }
        h.append("<p class=\"segment meta\"");
        if (segment.reason() != null) {
            h.append(" title=\"").append(attr(segment.reason())).append('"');
        }
        h.append('>');
        if (Boolean.TRUE.equals(segment.approximate())) {
            h.append("<strong class=\"approximate\">approximate cut-out</strong> (the detection box)");
        } else {
            h.append("cut-out by fallback: ").append(text(String.valueOf(segment.method())));
            if (segment.label() != null) {
                h.append(' ').append(text(segment.label()));
            }
        }
        if (segment.subjectRank() != null && segment.subjectRank() > 0) {
            h.append(", detection ").append(segment.subjectRank() + 1);
        }
        h.append("</p>\n");
    }

    /**
     * Images below the first screen are fetched only when scrolled near ({@code loading="lazy"}), so the page's
     * {@code load} event waits for the first screen's images only; {@code decoding="async"} keeps decoding off the
     * first paint.
     */
    private static final String LAZY = " loading=\"lazy\" decoding=\"async\"";

    /**
     * {@link #LAZY} plus the thumbnail's size (the original's aspect ratio, long side
     * {@link FolderTriage#THUMBNAIL_SIZE}) so that cards keep their height before the image arrives: without it
     * every card starts 0 pixels high, all of them are "near the screen", and all thumbnails load at once.
     */
    private static String lazySize(Integer width, Integer height) {
        if (width == null || height == null || width < 1 || height < 1) {
            return LAZY;
        }
        double scale = Math.min(1.0, (double) FolderTriage.THUMBNAIL_SIZE / Math.max(width, height));
        return LAZY + " width=\"" + Math.max(1, Math.round(width * scale)) + "\" height=\""
                + Math.max(1, Math.round(height * scale)) + '"';
    }

    /** Where the pixels came from, when not the file's main image, and the RAW files paired with the photo. */
    private static void renderSource(StringBuilder h, PhotoEntry p) {
        if (p.decodedFrom() != null) {
            h.append("<p class=\"meta source\">decoded from ").append(text(p.decodedFrom())).append("</p>\n");
        }
        if (p.companions() != null && !p.companions().isEmpty()) {
            h.append("<p class=\"meta companions\">RAW: ");
            for (int i = 0; i < p.companions().size(); i++) {
                String c = p.companions().get(i);
                h.append(i == 0 ? "" : ", ").append(text(c.substring(c.lastIndexOf('/') + 1)));
            }
            h.append("</p>\n");
        }
    }

    /**
     * The videos found, with their poster frames, in a section of their own after the albums (they are listed, not
     * triaged, so the class filters leave them alone: they are not {@code article.card}s).
     */
    private static void renderVideos(StringBuilder h, List<ResultsDocument.VideoEntry> videos) {
        if (videos == null || videos.isEmpty()) {
            return;
        }
        h.append("<section class=\"videos\">\n<h2>Videos (").append(videos.size())
                .append(")</h2>\n<p class=\"album-counts\">listed with their first frame; videos are not triaged yet</p>\n")
                .append("<div class=\"cards\">\n");
        for (ResultsDocument.VideoEntry v : videos) {
            h.append("<article class=\"video\" title=\"").append(attr(v.path())).append("\">\n");
            if (v.poster() != null) {
                h.append("<img class=\"poster\" src=\"").append(attr(v.poster())).append("\" alt=\"first frame of ")
                        .append(attr(v.path())).append('"').append(LAZY).append(">\n");
            }
            h.append("<p class=\"name\">").append(text(v.path())).append("</p>\n");
            if (v.error() != null) {
                h.append("<p class=\"error\">").append(text(v.error())).append("</p>\n");
            }
            h.append("</article>\n");
        }
        h.append("</div>\n</section>\n");
    }

    private static Map<String, Integer> countClasses(List<PhotoEntry> photos) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        CLASSES.forEach(c -> counts.put(c, 0));
        for (PhotoEntry p : photos) {
            counts.merge(p.classLabel() == null ? UNCLASSIFIED : p.classLabel(), 1, Integer::sum);
        }
        return counts;
    }

    /** Escapes for HTML text content. */
    static String text(String s) {
        return attr(s);
    }

    /** Escapes for a double-quoted (or single-quoted) attribute value; also safe as text content. */
    static String attr(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '`' -> b.append("&#96;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String score(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The CSP source for the inline script: {@code sha256-<base64>} of its exact text. */
    static String scriptHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
