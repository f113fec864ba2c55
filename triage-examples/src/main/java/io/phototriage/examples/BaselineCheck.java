package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a {@code metrics.json} with a baseline one, metric by metric (see {@code docs/eval.md}).
 *
 * <ul>
 *   <li>Quality metrics (accuracy, macro F1, precision, recall, F1, mAP / AP, AR, mean IoU, CLIP score): higher is
 *       better; a drop of more than {@link #QUALITY_TOLERANCE} (absolute) is a regression.</li>
 *   <li>Latencies ({@code latencyMsP50}, {@code latencyMsP95}): lower is better; a rise of more than
 *       {@link #LATENCY_TOLERANCE} (relative) that is also more than {@link #LATENCY_FLOOR_MS} is a regression (the
 *       floor keeps sub-millisecond jitter of cheap stages from failing a run).</li>
 *   <li>A value that is {@code null} or -1 (undefined: no ground truth of that class) in the baseline is not
 *       compared; a value the baseline has and the new run lacks (null, -1 or absent) is a regression.</li>
 *   <li>Everything else (counts, confusion matrices, provenance) is not compared.</li>
 * </ul>
 */
final class BaselineCheck {
    /** Largest allowed absolute drop of a quality metric. */
    static final double QUALITY_TOLERANCE = 0.02;
    /** Largest allowed relative rise of a latency: +25%. */
    static final double LATENCY_TOLERANCE = 0.25;
    /** A latency rise smaller than this many milliseconds is never a regression. */
    static final double LATENCY_FLOOR_MS = 1.0;

    private static final Set<String> QUALITY = Set.of("accuracy", "macroF1", "precision", "recall", "f1", "mAP", "mAP50",
            "mAP75", "ap", "ap50", "ap75", "ar100", "meanIoU", "meanIoUDetected", "clipScore");
    private static final Set<String> LATENCY = Set.of("latencyMsP50", "latencyMsP95");

    private BaselineCheck() {}

    /**
     * One metric that got worse.
     *
     * @param stage    the top-level section, e.g. {@code detect}
     * @param metric   the dotted key, e.g. {@code detect.perClass.dog.ap50}
     * @param baseline the baseline value
     * @param current  the new value ({@code NaN} when missing)
     * @param rule     the tolerance that was exceeded, in words
     */
    record Regression(String stage, String metric, double baseline, double current, String rule) {
        String describe() {
            return String.format(Locale.ROOT, "stage %s: %s %s from %.4f to %s (%s)", stage, metric,
                    Double.isNaN(current) ? "is missing, was" : LATENCY.contains(leaf(metric)) ? "rose" : "dropped", baseline,
                    Double.isNaN(current) ? "nothing" : String.format(Locale.ROOT, "%.4f", current), rule);
        }
    }

    /** Every compared metric that regressed, in the baseline's key order. */
    static List<Regression> compare(JsonNode baseline, JsonNode current) {
        Map<String, Double> before = numbers(baseline);
        Map<String, Double> after = numbers(current);
        List<Regression> regressions = new ArrayList<>();
        for (Map.Entry<String, Double> e : before.entrySet()) {
            String key = e.getKey();
            String leaf = leaf(key);
            double b = e.getValue();
            if (key.startsWith("provenance.") || !(QUALITY.contains(leaf) || LATENCY.contains(leaf)) || !defined(b)) {
                continue;
            }
            double c = Optional.ofNullable(after.get(key)).filter(BaselineCheck::defined).orElse(Double.NaN);
            String stage = key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'));
            if (Double.isNaN(c)) {
                regressions.add(new Regression(stage, key, b, c, "the baseline has it"));
            } else if (QUALITY.contains(leaf) && c < b - QUALITY_TOLERANCE) {
                regressions.add(new Regression(stage, key, b, c, "tolerance: absolute drop of " + QUALITY_TOLERANCE));
            } else if (LATENCY.contains(leaf) && c > b * (1 + LATENCY_TOLERANCE) && c - b > LATENCY_FLOOR_MS) {
                regressions.add(new Regression(stage, key, b, c, "tolerance: +" + Math.round(LATENCY_TOLERANCE * 100)
                        + "% and more than " + LATENCY_FLOOR_MS + " ms"));
            }
        }
        return regressions;
    }

    private static boolean defined(double v) {
        return Double.isFinite(v) && v != -1;
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Every numeric leaf under an object path, by dotted key; arrays are not entered. */
    static Map<String, Double> numbers(JsonNode root) {
        Map<String, Double> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Map<String, Double> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), out));
        } else if (node.isNumber()) {
            out.put(prefix, node.asDouble());
        } else if (node.isNull()) {
            out.put(prefix, Double.NaN);
        }
    }
}
