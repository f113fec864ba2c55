package io.phototriage.examples;

import java.util.Locale;

/**
 * The {@code video} command's {@code index.html}: one static page (inline CSS, no script, no network) with the
 * original clip (when it is a file), the cut-out clip, the animated preview, the totals and a per-frame table (area,
 * score, time, J when ground truth was given). Every string from the input is escaped ({@link HtmlIndex#text}).
 */
final class VideoPage {
    private VideoPage() {}

    static String render(VideoOutput.Document doc, String relativeClip) {
        StringBuilder h = new StringBuilder(8192);
        String title = "phototriage video: " + doc.clip().input();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self';"
                        + " media-src 'self' file:; style-src 'unsafe-inline'\">")
                .append("<title>").append(HtmlIndex.text(title)).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em;background:#fafafa;color:#222}")
                .append("video,img{max-width:48%;margin:0 1% 1em 0;background:#808080}")
                .append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}")
                .append(".failed{color:#b00}</style></head><body>\n");
        h.append("<h1>").append(HtmlIndex.text(doc.clip().input())).append("</h1>\n");
        VideoOutput.Summary s = doc.summary();
        h.append("<p>").append(doc.clip().width()).append('x').append(doc.clip().height()).append(", ")
                .append(fmt("%.2f", doc.clip().fps())).append(" fps, ").append(s.frames()).append(" frames (")
                .append(s.failed()).append(" failed); ").append(HtmlIndex.text(doc.segmenter().provider())).append(" (")
                .append(HtmlIndex.text(doc.segmenter().modelSet())).append(" set), prompt ")
                .append(HtmlIndex.text(doc.segmenter().prompt())).append(" on frame ").append(doc.segmenter().promptFrame())
                .append("; ").append(fmt("%.2f", s.framesPerSecond())).append(" frames/s, per frame p50 ")
                .append(fmt("%.0f", s.latencyP50Ms())).append(" ms, p95 ").append(fmt("%.0f", s.latencyP95Ms())).append(" ms");
        if (!Double.isNaN(s.meanJ())) {
            h.append("; <b>mean J ").append(fmt("%.3f", s.meanJ())).append("</b> over ").append(s.scoredFrames())
                    .append(" frames");
        }
        h.append("</p>\n");
        if (relativeClip != null) {
            h.append("<video controls muted loop src=\"").append(HtmlIndex.attr(relativeClip)).append("\" title=\"clip\"></video>");
        }
        h.append("<video controls muted loop src=\"").append(VideoOutput.CUTOUT).append("\" title=\"cut-out (")
                .append(HtmlIndex.attr(doc.outputs().cutoutCodec())).append(")\"></video>");
        h.append("<img src=\"").append(VideoOutput.PREVIEW).append("\" alt=\"animated preview of the cut-out\">\n");
        h.append("<table><thead><tr><th>frame</th><th>time s</th><th>area px</th><th>score</th><th>ms</th>");
        boolean withJ = !Double.isNaN(s.meanJ());
        if (withJ) {
            h.append("<th>J</th>");
        }
        h.append("<th>mask</th></tr></thead><tbody>\n");
        for (VideoOutput.FrameEntry f : doc.frames()) {
            boolean failed = "failed".equals(f.status());
            h.append(failed ? "<tr class=\"failed\">" : "<tr>").append("<td>").append(f.index()).append("</td><td>")
                    .append(fmt("%.3f", f.timeSeconds())).append("</td><td>").append(f.area()).append("</td><td>")
                    .append(f.score() == null ? "" : fmt("%.3f", f.score())).append("</td><td>")
                    .append(f.millis() == null ? "" : fmt("%.0f", f.millis())).append("</td>");
            if (withJ) {
                h.append("<td>").append(f.j() == null ? "" : fmt("%.3f", f.j())).append("</td>");
            }
            h.append("<td>");
            if (failed) {
                h.append(HtmlIndex.text(f.error() == null ? "failed" : f.error()));
            } else {
                String name = VideoOutput.MASKS + "/" + VideoOutput.maskName(f.index());
                h.append("<a href=\"").append(HtmlIndex.attr(name)).append("\">png</a>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</body></html>\n");
        return h.toString();
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
