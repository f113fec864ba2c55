package io.phototriage.core.eval;

/**
 * The 12 numbers that pycocotools' {@code COCOeval.summarize()} prints for boxes, in its order. A value is -1 when no
 * evaluated category has a ground truth in that setting.
 *
 * @param ap       AP @ IoU .50:.95, all areas, maxDets 100 (the COCO mAP)
 * @param ap50     AP @ IoU .50, all areas, maxDets 100
 * @param ap75     AP @ IoU .75, all areas, maxDets 100
 * @param apSmall  AP @ .50:.95 for area below 32^2
 * @param apMedium AP @ .50:.95 for area 32^2..96^2
 * @param apLarge  AP @ .50:.95 for area above 96^2
 * @param ar1      AR @ .50:.95, all areas, maxDets 1
 * @param ar10     AR @ .50:.95, all areas, maxDets 10
 * @param ar100    AR @ .50:.95, all areas, maxDets 100
 * @param arSmall  AR @ .50:.95 for small areas, maxDets 100
 * @param arMedium AR @ .50:.95 for medium areas, maxDets 100
 * @param arLarge  AR @ .50:.95 for large areas, maxDets 100
 */
public record CocoStats(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                        double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge) {

    /**
     * From pycocotools' {@code stats} array (12 values).
     *
     * @param stats the 12 numbers, in pycocotools' order
     * @return the named statistics
     */
    public static CocoStats of(double[] stats) {
        if (stats.length != 12) {
            throw new IllegalArgumentException("COCO box stats have 12 values, got " + stats.length);
        }
        return new CocoStats(stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6], stats[7],
                stats[8], stats[9], stats[10], stats[11]);
    }

    /**
     * As pycocotools' {@code stats} array.
     *
     * @return the 12 numbers, in pycocotools' order
     */
    public double[] toArray() {
        return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium,
            arLarge};
    }
}
