package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.models.yolox.DetectorComparison;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The detector table of {@code eval --compare-detectors} (issue #16): the rows that
 * {@link DetectorComparison#run} measured on the fine-tuned folder's held-out photos, laid out as the
 * {@code detectorComparison} section of {@code metrics.json}, and that section drawn as an HTML table for the report.
 * The rows are an array, so {@link BaselineCheck} does not compare them.
 */
final class DetectorTable {
    /** The metrics.json section name. */
    static final String SECTION = "detectorComparison";

    private DetectorTable() {}

    /** The rows as the {@value #SECTION} section; NaN (not measured) becomes null. */
    static ObjectNode json(Path detectorDir, List<String> classes, List<DetectorComparison.Row> rows) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("detector", detectorDir.toAbsolutePath().normalize().toString());
        node.put("photos", "the held-out split recorded in the detector folder's manifest");
        classes.forEach(node.putArray("classes")::add);
        for (DetectorComparison.Row r : rows) {
            ObjectNode row = node.withArray("rows").addObject();
            row.put("name", r.name());
            number(row, "mAP", r.map());
            number(row, "mAP50", r.map50());
            ObjectNode ap = row.putObject("apPerClass");
            for (int c = 0; c < classes.size(); c++) {
                number(ap, classes.get(c), r.apPerClass()[c]);
            }
            number(row, "threshold", r.threshold());
            number(row, "photoRecall", r.photoRecall());
            number(row, "photoPrecision", r.photoPrecision());
            number(row, "p50Ms", r.p50Ms());
            number(row, "p95Ms", r.p95Ms());
            row.put("sizeBytes", r.sizeBytes());
            number(row, "trainingSeconds", r.trainingSeconds());
        }
        return node;
    }

    private static void number(ObjectNode node, String key, double v) {
        if (Double.isNaN(v)) {
            node.putNull(key);
        } else {
            node.put(key, v);
        }
    }

    /** Appends the section as a table (one row per detector), every text escaped; nothing when the section is absent. */
    static void html(StringBuilder h, JsonNode section) {
        if (!section.isObject()) {
            return;
        }
        List<String> classes = new java.util.ArrayList<>();
        section.path("classes").forEach(c -> classes.add(c.asText()));
        h.append("<h2>Detectors</h2>\n<p class=\"meta\">").append(HtmlIndex.text(section.path("photos").asText()))
                .append(": ").append(HtmlIndex.text(section.path("detector").asText())).append("</p>\n")
                .append("<table class=\"detectors\"><thead><tr><th>detector</th><th>mAP</th><th>mAP50</th>");
        classes.forEach(c -> h.append("<th>AP ").append(HtmlIndex.text(c)).append("</th>"));
        h.append("<th>threshold</th><th>photo recall</th><th>photo precision</th><th>p50 ms</th><th>p95 ms</th>")
                .append("<th>size MB</th><th>training s</th></tr></thead>\n<tbody>\n");
        for (JsonNode r : section.path("rows")) {
            h.append("<tr><th>").append(HtmlIndex.text(r.path("name").asText())).append("</th>");
            cell(h, r.path("mAP"), "%.4f");
            cell(h, r.path("mAP50"), "%.4f");
            classes.forEach(c -> cell(h, r.path("apPerClass").path(c), "%.4f"));
            cell(h, r.path("threshold"), "%.4f");
            cell(h, r.path("photoRecall"), "%.4f");
            cell(h, r.path("photoPrecision"), "%.4f");
            cell(h, r.path("p50Ms"), "%.1f");
            cell(h, r.path("p95Ms"), "%.1f");
            h.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", r.path("sizeBytes").asLong() / 1e6)).append("</td>");
            cell(h, r.path("trainingSeconds"), "%.0f");
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void cell(StringBuilder h, JsonNode v, String format) {
        h.append("<td class=\"num\">").append(v.isNumber() ? String.format(Locale.ROOT, format, v.asDouble()) : "n/a").append("</td>");
    }
}
