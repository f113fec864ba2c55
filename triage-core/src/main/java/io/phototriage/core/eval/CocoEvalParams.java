package io.phototriage.core.eval;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link CocoEvaluator} evaluates: pycocotools' {@code params.catIds} and {@code params.imgIds}. The rest of the
 * protocol is COCO's and fixed (see {@link CocoEvaluator}).
 *
 * @param categoryIds the categories to evaluate; empty = every category of the dataset
 * @param imageIds    the images to evaluate; empty = every image of the dataset
 */
public record CocoEvalParams(Set<Integer> categoryIds, Set<Long> imageIds) {
    /**
     * Copies the ids into sorted, unmodifiable sets.
     *
     * @param categoryIds the categories to evaluate; empty = every category of the dataset
     * @param imageIds the images to evaluate; empty = every image of the dataset
     */
    public CocoEvalParams {
        categoryIds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(categoryIds));
        imageIds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(imageIds));
    }

    /**
     * Every category on every image.
     *
     * @return the parameters
     */
    public static CocoEvalParams defaults() {
        return new CocoEvalParams(Set.of(), Set.of());
    }

    /**
     * Only these categories, e.g. {@code Set.of(CocoCategory.PERSON, CocoCategory.CAT, CocoCategory.DOG)}.
     *
     * @param ids the categories to evaluate (empty: all)
     * @return the new parameters
     */
    public CocoEvalParams withCategoryIds(Collection<Integer> ids) {
        requireNotEmpty(ids, "category");
        return new CocoEvalParams(Set.copyOf(ids), imageIds);
    }

    /**
     * Only these images.
     *
     * @param ids the images to evaluate (empty: all)
     * @return the new parameters
     */
    public CocoEvalParams withImageIds(Collection<Long> ids) {
        requireNotEmpty(ids, "image");
        return new CocoEvalParams(categoryIds, Set.copyOf(ids));
    }

    private static void requireNotEmpty(Collection<?> ids, String what) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("an empty " + what + " id restriction would evaluate nothing; use"
                    + " defaults() to evaluate every " + what);
        }
    }
}
