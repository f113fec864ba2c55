package io.phototriage.core.eval;

import java.util.Objects;

/**
 * A ground-truth object of a COCO dataset.
 *
 * @param id           the annotation id
 * @param imageId      the image it belongs to
 * @param categoryId   its category
 * @param bbox         its box
 * @param area         its mask area in pixels as written in the file (COCO's area ranges use this, not the box area)
 * @param crowd        {@code iscrowd}: a crowd region, which evaluation ignores rather than counts
 * @param segmentation its mask as polygons or RLE
 */
public record CocoAnnotation(long id, long imageId, int categoryId, CocoBox bbox, double area, boolean crowd,
                             CocoSegmentation segmentation) {
    /**
     * Checks that the box and the segmentation are not null.
     *
     * @param id the annotation id
     * @param imageId the image it belongs to
     * @param categoryId its category
     * @param bbox its box
     * @param area its mask area in pixels as written in the file (COCO's area ranges use this, not the box area)
     * @param crowd {@code iscrowd}: a crowd region, which evaluation ignores rather than counts
     * @param segmentation its mask as polygons or RLE
     */
    public CocoAnnotation {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(segmentation, "segmentation");
    }
}
