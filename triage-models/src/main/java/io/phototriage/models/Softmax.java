package io.phototriage.models;

import io.phototriage.core.stage.TriageClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * The softmax of the classifiers and probes, in double precision and shifted by the largest logit so that no
 * exponential overflows: {@code p_i = exp(l_i - max) / sum_j exp(l_j - max)}.
 */
public final class Softmax {
    private static final TriageClass[] CLASSES = TriageClass.values();

    private Softmax() {}

    /**
     * The softmax probabilities.
     *
     * @param logits one per class; at least one
     * @return a new array of the same length, summing to 1
     */
    public static double[] probabilities(double[] logits) {
        double max = max(logits);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The softmax probabilities of float logits (computed in double).
     *
     * @param logits one per class; at least one
     * @return a new array of the same length, summing to 1
     */
    public static double[] probabilities(float[] logits) {
        return probabilities(widen(logits));
    }

    /**
     * The probabilities of the triage classes.
     *
     * @param logits one per {@link TriageClass}, in its declaration order
     * @return each class's probability
     * @throws IllegalArgumentException when there is not one logit per class
     */
    public static Map<TriageClass, Double> ofClasses(double[] logits) {
        if (logits.length != CLASSES.length) {
            throw new IllegalArgumentException("expected " + CLASSES.length + " logits, one per triage class, got "
                    + logits.length);
        }
        double[] p = probabilities(logits);
        Map<TriageClass, Double> out = new EnumMap<>(TriageClass.class);
        for (TriageClass c : CLASSES) {
            out.put(c, p[c.ordinal()]);
        }
        return out;
    }

    /**
     * The probabilities of the triage classes from float logits (computed in double).
     *
     * @param logits one per {@link TriageClass}, in its declaration order
     * @return each class's probability
     * @throws IllegalArgumentException when there is not one logit per class
     */
    public static Map<TriageClass, Double> ofClasses(float[] logits) {
        return ofClasses(widen(logits));
    }

    /**
     * {@code log(sum_i exp(v_i))}, computed without overflow.
     *
     * @param v the values; at least one
     * @return the log of the sum of their exponentials
     */
    public static double logSumExp(double[] v) {
        double max = max(v);
        double sum = 0;
        for (double e : v) {
            sum += Math.exp(e - max);
        }
        return max + Math.log(sum);
    }

    private static double[] widen(float[] v) {
        double[] wide = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            wide[i] = v[i];
        }
        return wide;
    }

    private static double max(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            max = Math.max(max, e);
        }
        return max;
    }
}
