package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.eval.CategoryMetrics;
import io.phototriage.core.eval.PrecisionRecallCurve;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders the eval's {@code report.html}: one self-contained page (inline CSS, no script, charts as embedded PNG
 * data URIs drawn with XChart) with the metrics tables, the confusion-matrix heat map, the precision-recall curves at
 * IoU .50 per class, the histogram of the segmentation IoUs and the per-stage latency bars. Every string from the
 * metrics (paths, model names, messages) goes through {@link HtmlIndex#text} / {@link HtmlIndex#attr}.
 */
final class EvalReport {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 1.5rem 2rem; color: #222; background: #fafafa; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
            table { border-collapse: collapse; margin: .4rem 0; background: #fff; }
            td, th { border: 1px solid #ddd; padding: .2rem .6rem; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
            .charts img { border: 1px solid #ddd; background: #fff; max-width: 100%; }
            .meta { color: #555; word-break: break-all; }
            """;

    private EvalReport() {}

    static String render(EvalRun.Outcome outcome) {
        JsonNode m = outcome.metrics();
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
                .append("<title>phototriage eval</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>phototriage eval: model set ").append(text(m.path("provenance").path("modelSet"))).append("</h1>\n");
        section(h, "Provenance", m.path("provenance"));
        h.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        confusionChart(m.path("classify").path("confusion")).ifPresent(png -> image(h, png, "confusion matrix of classify"));
        prChart(outcome).ifPresent(png -> image(h, png, "precision-recall curves at IoU 0.5"));
        iouChart(outcome).ifPresent(png -> image(h, png, "histogram of segmentation IoU"));
        image(h, latencyChart(m), "latency per stage");
        h.append("</div>\n");
        for (String stage : List.of("classify", "detect", "segment", "stylize")) {
            section(h, stage, m.path(stage));
        }
        DetectorTable.html(h, m.path(DetectorTable.SECTION));
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** A table of the section's scalar fields, nested objects as nested tables; arrays inline. */
    private static void section(StringBuilder h, String title, JsonNode node) {
        h.append("<h2>").append(HtmlIndex.text(title)).append("</h2>\n");
        table(h, node);
    }

    private static void table(StringBuilder h, JsonNode node) {
        h.append("<table><tbody>\n");
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            h.append("<tr><th>").append(HtmlIndex.text(f.getKey())).append("</th>");
            JsonNode v = f.getValue();
            if (v.isObject()) {
                h.append("<td>");
                table(h, v);
                h.append("</td>");
            } else if (v.isNumber()) {
                h.append("<td class=\"num\">").append(number(v.asDouble(), v.isIntegralNumber())).append("</td>");
            } else {
                h.append("<td class=\"meta\">").append(text(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String text(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "n/a";
        }
        return HtmlIndex.text(v.isTextual() ? v.asText() : v.toString());
    }

    private static String number(double v, boolean integral) {
        return integral ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void image(StringBuilder h, byte[] png, String alt) {
        h.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" alt=\"").append(HtmlIndex.attr(alt)).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\"><figcaption>").append(HtmlIndex.text(alt)).append("</figcaption></figure>\n");
    }

    static java.util.Optional<byte[]> confusionChart(JsonNode confusion) {
        JsonNode classes = confusion.path("classes");
        JsonNode matrix = confusion.path("matrix");
        if (!classes.isArray() || classes.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> names = new ArrayList<>();
        classes.forEach(c -> names.add(c.asText()));
        List<Number[]> cells = new ArrayList<>();
        double max = 1;
        for (int t = 0; t < names.size(); t++) {
            for (int p = 0; p < names.size(); p++) {
                double v = matrix.path(t).path(p).asDouble();
                max = Math.max(max, v);
                // XChart's heat map puts y index 0 at the bottom: truth row t goes to y = n - 1 - t, so row 0 is on top.
                cells.add(new Number[] {p, names.size() - 1 - t, v});
            }
        }
        List<String> rows = new ArrayList<>(names);
        java.util.Collections.reverse(rows);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title("classify: confusion (rows truth)")
                .xAxisTitle("predicted").yAxisTitle("truth").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf4f8fb), new Color(0x6baed6), new Color(0x08306b)});
        chart.addSeries("count", names, rows, cells);
        return java.util.Optional.of(png(chart));
    }

    static java.util.Optional<byte[]> prChart(EvalRun.Outcome outcome) {
        if (outcome.detection() == null) {
            return java.util.Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("detect: precision-recall at IoU 0.5")
                .xAxisTitle("recall").yAxisTitle("precision").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(0);
        boolean any = false;
        for (CategoryMetrics c : outcome.detection().perCategory()) {
            if (c.curve50().isPresent()) {
                PrecisionRecallCurve curve = c.curve50().get();
                chart.addSeries(String.format(Locale.ROOT, "%s (AP50 %.3f)", c.name(), c.ap50()), curve.recall(), curve.precision());
                any = true;
            }
        }
        return any ? java.util.Optional.of(png(chart)) : java.util.Optional.empty();
    }

    static java.util.Optional<byte[]> iouChart(EvalRun.Outcome outcome) {
        if (outcome.ious().isEmpty() && outcome.iousDetected().isEmpty()) {
            return java.util.Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("segment: mask IoU per photo")
                .xAxisTitle("IoU").yAxisTitle("photos").build();
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        addHistogram(chart, "ground-truth box prompt", outcome.ious());
        addHistogram(chart, "detector box prompt", outcome.iousDetected());
        return java.util.Optional.of(png(chart));
    }

    private static void addHistogram(CategoryChart chart, String name, List<Double> values) {
        if (!values.isEmpty()) {
            Histogram histogram = new Histogram(values, 10, 0.0, 1.0);
            chart.addSeries(name, histogram.getxAxisData(), histogram.getyAxisData());
        }
    }

    static byte[] latencyChart(JsonNode m) {
        List<String> stages = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        for (String stage : List.of("classify", "detect", "segment", "stylize")) {
            JsonNode s = m.path(stage);
            if (s.path("latencyMsP50").isNumber()) {
                stages.add(stage);
                p50.add(s.path("latencyMsP50").asDouble());
                p95.add(s.path("latencyMsP95").asDouble());
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("latency per photo")
                .xAxisTitle("stage").yAxisTitle("ms").build();
        if (stages.isEmpty()) {
            stages.add("none");
            p50.add(0.0);
            p95.add(0.0);
        }
        chart.addSeries("p50", stages, p50);
        chart.addSeries("p95", stages, p95);
        return png(chart);
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + chart.getTitle() + ": " + e.getMessage(), e);
        }
    }
}
