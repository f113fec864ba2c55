package io.phototriage.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A COCO annotation's {@code segmentation}: polygons (one object may have several parts) or an RLE mask. */
public sealed interface CocoSegmentation {

    /**
     * Polygons in pixel coordinates, each {@code [x1, y1, x2, y2, ...]}. Empty when the annotation has no
     * segmentation.
     *
     * @param polygons the parts (copies are kept; {@link #polygons()} returns copies)
     */
    record Polygons(List<double[]> polygons) implements CocoSegmentation {
        /**
         * Copies every polygon.
         *
         * @param polygons the parts (copies are kept; {@link #polygons()} returns copies)
         */
        public Polygons {
            List<double[]> copy = new ArrayList<>(polygons.size());
            for (double[] p : polygons) {
                copy.add(Objects.requireNonNull(p, "polygon").clone());
            }
            polygons = List.copyOf(copy);
        }

        /**
         * Copies of the parts.
         *
         * @return copies of the polygons
         */
        @Override
        public List<double[]> polygons() {
            return polygons.stream().map(double[]::clone).toList();
        }

        /**
         * Number of parts.
         *
         * @return the number of polygons
         */
        public int size() {
            return polygons.size();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Polygons other) || other.polygons.size() != polygons.size()) {
                return false;
            }
            for (int i = 0; i < polygons.size(); i++) {
                if (!java.util.Arrays.equals(polygons.get(i), other.polygons.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (double[] p : polygons) {
                h = 31 * h + java.util.Arrays.hashCode(p);
            }
            return h;
        }

        @Override
        public String toString() {
            return "Polygons[parts=" + polygons.size() + "]";
        }
    }

    /**
     * An RLE mask (crowd regions use it), from either the uncompressed {@code counts} list or the compressed string.
     *
     * @param rle the mask
     */
    record RunLength(CocoRle rle) implements CocoSegmentation {
        /**
         * Checks that the run-length mask is not null.
         *
         * @param rle the mask
         */
        public RunLength {
            Objects.requireNonNull(rle, "rle");
        }
    }
}
