package io.phototriage.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Accuracy, per-class precision / recall / F1 and the confusion matrix of a single-label classifier, computed from
 * (truth, predicted) pairs. Immutable.
 *
 * <p>The confusion matrix has one row per true class and one column per predicted class, both in the order of
 * {@link #classes()}: {@code confusion()[t][p]} counts the examples of class {@code t} that were predicted as
 * {@code p}.
 *
 * <p>Undefined ratios are 0, as scikit-learn's default {@code zero_division} makes them: the precision of a class
 * that was never predicted, the recall of a class with no examples, and the F1 where precision + recall is 0.
 *
 * <pre>{@code
 * ClassificationMetrics<TriageClass> m = ClassificationMetrics.of(List.of(TriageClass.values()), truth, predicted);
 * m.accuracy(); m.recall(TriageClass.PETS); m.confusion();
 * }</pre>
 *
 * @param <C> the class type, e.g. {@link io.phototriage.core.stage.TriageClass}
 */
public final class ClassificationMetrics<C> {
    private final List<C> classes;
    private final Map<C, Integer> index;
    private final long[][] confusion;
    private final long total;

    private ClassificationMetrics(List<C> classes, Map<C, Integer> index, long[][] confusion) {
        this.classes = classes;
        this.index = index;
        this.confusion = confusion;
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        this.total = n;
    }

    /**
     * Metrics of {@code predicted[i]} against {@code truth[i]}.
     *
     * @param classes   every class, in the order of the confusion matrix's rows and columns (no duplicates)
     * @param truth     the true class of each example
     * @param predicted the predicted class of each example, same length as {@code truth}
     * @param <C>       the class type
     * @return the metrics
     * @throws IllegalArgumentException if the lists differ in length, or a label is not one of {@code classes}
     */
    public static <C> ClassificationMetrics<C> of(List<C> classes, List<C> truth, List<C> predicted) {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes given");
        }
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth has " + truth.size() + " labels but predicted has " + predicted.size()
                    + "; they must pair up one to one");
        }
        List<C> order = List.copyOf(classes);
        Map<C, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (index.put(order.get(i), i) != null) {
                throw new IllegalArgumentException("class " + order.get(i) + " is listed twice in " + order);
            }
        }
        long[][] confusion = new long[order.size()][order.size()];
        for (int i = 0; i < truth.size(); i++) {
            int t = indexOf(index, order, truth.get(i), "truth", i);
            int p = indexOf(index, order, predicted.get(i), "predicted", i);
            confusion[t][p]++;
        }
        return new ClassificationMetrics<>(order, Collections.unmodifiableMap(index), confusion);
    }

    private static <C> int indexOf(Map<C, Integer> index, List<C> order, C label, String which, int i) {
        Integer k = label == null ? null : index.get(label);
        if (k == null) {
            throw new IllegalArgumentException(which + " label #" + i + " (" + label + ") is not one of the classes " + order);
        }
        return k;
    }

    /**
     * The classes, in the order of the confusion matrix.
     *
     * @return every class, in the confusion matrix's order
     */
    public List<C> classes() {
        return classes;
    }

    /**
     * Number of (truth, predicted) pairs.
     *
     * @return the number of examples
     */
    public long total() {
        return total;
    }

    /**
     * A copy of the confusion matrix: rows = truth, columns = predicted, in the order of {@link #classes()}.
     *
     * @return a copy of the confusion matrix: rows truth, columns predicted, in {@link #classes()} order
     */
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /**
     * How many examples of class {@code truth} were predicted as {@code predicted}.
     *
     * @param truth     the true class
     * @param predicted the predicted class
     * @return the number of such examples
     */
    public long count(C truth, C predicted) {
        return confusion[idx(truth)][idx(predicted)];
    }

    /**
     * Fraction of examples predicted correctly; 0 when there are none.
     *
     * @return the fraction of examples predicted correctly
     */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    /**
     * Number of examples whose true class is {@code c}.
     *
     * @param c a class
     * @return the number of examples of class {@code c}
     */
    public long support(C c) {
        long n = 0;
        for (long v : confusion[idx(c)]) {
            n += v;
        }
        return n;
    }

    /**
     * Number of examples predicted as {@code c}.
     *
     * @param c a class
     * @return the number of examples predicted as {@code c}
     */
    public long predictedCount(C c) {
        int k = idx(c);
        long n = 0;
        for (long[] row : confusion) {
            n += row[k];
        }
        return n;
    }

    /**
     * Of the examples predicted as {@code c}, the fraction that are {@code c}; 0 if none was predicted as {@code c}.
     *
     * @param c a class
     * @return the precision of {@code c}, in [0, 1]
     */
    public double precision(C c) {
        long predictedAsC = predictedCount(c);
        return predictedAsC == 0 ? 0 : (double) count(c, c) / predictedAsC;
    }

    /**
     * Of the examples of class {@code c}, the fraction predicted as {@code c}; 0 if there are none.
     *
     * @param c a class
     * @return the recall of {@code c}, in [0, 1]
     */
    public double recall(C c) {
        long support = support(c);
        return support == 0 ? 0 : (double) count(c, c) / support;
    }

    /**
     * Harmonic mean of precision and recall; 0 when both are 0.
     *
     * @param c a class
     * @return the F1 of {@code c}, in [0, 1]
     */
    public double f1(C c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * Unweighted mean of the per-class F1 over all {@link #classes()}.
     *
     * @return the macro-averaged F1, in [0, 1]
     */
    public double macroF1() {
        double sum = 0;
        for (C c : classes) {
            sum += f1(c);
        }
        return sum / classes.size();
    }

    /**
     * A plain-text report: accuracy, the confusion matrix with labelled rows (truth) and columns (predicted), and
     * per-class precision, recall, F1 and support.
     *
     * @param name how to print a class
     * @return the report, several lines
     */
    public String report(Function<C, String> name) {
        List<String> names = new ArrayList<>();
        int width = "truth \\ predicted".length();
        for (C c : classes) {
            String s = name.apply(c);
            names.add(s);
            width = Math.max(width, s.length());
        }
        int col = 9;
        for (String s : names) {
            col = Math.max(col, s.length() + 2);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "accuracy %.4f (%d examples), macro F1 %.4f%n", accuracy(), total, macroF1()));
        sb.append(pad("truth \\ predicted", width));
        for (String s : names) {
            sb.append(padLeft(s, col));
        }
        sb.append(System.lineSeparator());
        for (int t = 0; t < classes.size(); t++) {
            sb.append(pad(names.get(t), width));
            for (int p = 0; p < classes.size(); p++) {
                sb.append(padLeft(Long.toString(confusion[t][p]), col));
            }
            sb.append(System.lineSeparator());
        }
        sb.append(pad("class", width)).append(padLeft("precision", col)).append(padLeft("recall", col))
                .append(padLeft("F1", col)).append(padLeft("support", col)).append(System.lineSeparator());
        for (int k = 0; k < classes.size(); k++) {
            C c = classes.get(k);
            sb.append(pad(names.get(k), width))
                    .append(padLeft(String.format(Locale.ROOT, "%.4f", precision(c)), col))
                    .append(padLeft(String.format(Locale.ROOT, "%.4f", recall(c)), col))
                    .append(padLeft(String.format(Locale.ROOT, "%.4f", f1(c)), col))
                    .append(padLeft(Long.toString(support(c)), col))
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return report(String::valueOf);
    }

    private int idx(C c) {
        Integer k = index.get(c);
        if (k == null) {
            throw new IllegalArgumentException(c + " is not one of the classes " + classes);
        }
        return k;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
