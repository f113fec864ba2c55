package io.phototriage.models.deeplab;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The 21 PASCAL VOC classes DeepLab labels, looked up by PASCAL or COCO name (a detector's labels are COCO's). */
final class PascalClasses {
    static final List<String> NAMES = List.of("background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car",
            "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
            "train", "tvmonitor");
    private static final Map<String, String> COCO_NAMES = Map.of("airplane", "aeroplane", "motorcycle", "motorbike",
            "dining table", "diningtable", "potted plant", "pottedplant", "couch", "sofa", "tv", "tvmonitor");

    private PascalClasses() {}

    /** The class index of a detection label, if PASCAL has that class (never {@code background}). */
    static Optional<Integer> of(String label) {
        String name = label.trim().toLowerCase(Locale.ROOT);
        name = COCO_NAMES.getOrDefault(name, name);
        int index = NAMES.indexOf(name);
        return index > 0 ? Optional.of(index) : Optional.empty();
    }
}
