package io.phototriage.core.eval;

import java.util.Objects;

/**
 * A COCO category.
 *
 * @param id            the COCO id (non-contiguous in COCO: person 1, cat 17, dog 18)
 * @param name          e.g. {@code person}
 * @param supercategory e.g. {@code person}, {@code animal}; empty when the file has none
 */
public record CocoCategory(int id, String name, String supercategory) {
    /** COCO's id of {@code person}. */
    public static final int PERSON = 1;
    /** COCO's id of {@code cat}. */
    public static final int CAT = 17;
    /** COCO's id of {@code dog}. */
    public static final int DOG = 18;

    /**
     * Checks the name; a null supercategory becomes {@code ""}.
     *
     * @param id the COCO id (non-contiguous in COCO: person 1, cat 17, dog 18)
     * @param name e.g. {@code person}
     * @param supercategory e.g. {@code person}, {@code animal}; empty when the file has none
     */
    public CocoCategory {
        Objects.requireNonNull(name, "name");
        supercategory = supercategory == null ? "" : supercategory;
    }
}
