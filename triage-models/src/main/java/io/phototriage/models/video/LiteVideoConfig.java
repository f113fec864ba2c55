package io.phototriage.models.video;

import io.phototriage.core.spi.OptionSpec;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Labels;
import java.util.List;

/**
 * Settings of {@link LiteVideoSegmenter}. The first defaults were chosen on the DAVIS clip {@code kite-surf} only;
 * the association caps and the instance gate were added after breakdance failed (docs/video.md says which choice
 * saw which clip).
 *
 * @param smoothing    weight of the previous frame's smoothed probability in this frame's (option {@code smoothing},
 *                     0 = none, below 1)
 * @param threshold    probability above which a pixel is subject (option {@code threshold}, 0 to 1)
 * @param searchMargin how far around the previous mask's box the person matte looks, as a fraction of the box's size
 *                     on each side (option {@code search-margin}, 0 to 2)
 * @param association  how far a component may be from the previous mask and still be kept: the previous mask is
 *                     dilated by this fraction of the square root of its area, at least 4 px (option
 *                     {@code association}, 0 to 1)
 * @param lostRatio    the subject counts as lost when the kept mask is smaller than this share of the previous one
 *                     (option {@code lost-ratio}, 0 to 1); YOLOX then looks for it again
 * @param personMatte  for a person: combine DeepLab's person probability with the Selfie matte (option
 *                     {@code person-matte}: {@code selfie+deeplab} the default, {@code selfie}, {@code deeplab})
 * @param redetect     whether to run YOLOX when the subject is lost (option {@code redetect}, true)
 * @param maxGrowth    the most the mask may grow from one frame to the next, as a factor of the previous area;
 *                     beyond it the association reach is halved until it fits (option {@code max-growth}, 1 to 10)
 * @param maxSize      the most the mask may grow relative to the prompt frame's mask (option {@code max-size}, 1 to
 *                     100); a prior for short clips, raise it for a subject that comes towards the camera
 * @param boxGate      keep only candidates inside the YOLOX box of the class that overlaps the previous mask's box
 *                     (option {@code box-gate}, true; needs {@code yolox-nano/})
 * @param carry        with a mask prompt: carry the prompt's pixels the class model does not explain (a kite's lines,
 *                     a board, a leash) along with the subject's motion (option {@code carry}, false: on kite-surf it
 *                     lowered J from 0.55 to 0.47, the thin lines land beside their true place)
 */
public record LiteVideoConfig(double smoothing, double threshold, double searchMargin, double association, double lostRatio,
        PersonMatte personMatte, boolean redetect, double maxGrowth, double maxSize, boolean boxGate, boolean carry) {

    /** How a person's probability is made. */
    public enum PersonMatte {
        /** The larger of the Selfie and DeepLab person probabilities. */
        SELFIE_DEEPLAB("selfie+deeplab"),
        /** The Selfie matte only (DeepLab for other classes). */
        SELFIE("selfie"),
        /** DeepLab's person class only. */
        DEEPLAB("deeplab");

        private final String id;

        PersonMatte(String id) {
            this.id = id;
        }

        /**
         * The option value.
         *
         * @return e.g. {@code selfie+deeplab}
         */
        public String id() {
            return id;
        }

        /**
         * Parses an option value.
         *
         * @param value {@code selfie+deeplab}, {@code selfie} or {@code deeplab}
         * @return the choice
         * @throws IllegalArgumentException for anything else
         */
        public static PersonMatte of(String value) {
            return Labels.parse(PersonMatte.class, PersonMatte::id, "person-matte", value);
        }
    }

    /**
     * Checks the ranges.
     *
     * @param smoothing    in [0, 1)
     * @param threshold    in (0, 1)
     * @param searchMargin in [0, 2]
     * @param association  in [0, 1]
     * @param lostRatio    in [0, 1]
     * @param personMatte  not null
     * @param redetect     whether YOLOX looks again for a lost subject
     * @param maxGrowth    in [1, 10]
     * @param maxSize      in [1, 100]
     * @param boxGate      whether the YOLOX box of the subject gates the candidates
     * @param carry        whether the prompt's non-class pixels are carried along
     * @throws IllegalArgumentException when a value is out of range (the message names it)
     */
    public LiteVideoConfig {
        check("smoothing", smoothing, 0, 0.99);
        check("threshold", threshold, 0.01, 0.99);
        check("search-margin", searchMargin, 0, 2);
        check("association", association, 0, 1);
        check("lost-ratio", lostRatio, 0, 1);
        check("max-growth", maxGrowth, 1, 10);
        check("max-size", maxSize, 1, 100);
        java.util.Objects.requireNonNull(personMatte, "personMatte");
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException("lite-video option " + name + " must be in [" + lo + ", " + hi + "]: " + v);
        }
    }

    /**
     * The defaults (chosen on kite-surf): smoothing 0.3, threshold 0.5, search margin 0.5, association 0.5, lost
     * ratio 0.3, Selfie and DeepLab for people, re-detection on, max growth 1.2, max size 2, box gate on, no carry.
     *
     * @return the default configuration
     */
    public static LiteVideoConfig defaults() {
        return new LiteVideoConfig(0.3, 0.5, 0.5, 0.5, 0.3, PersonMatte.SELFIE_DEEPLAB, true, 1.2, 2.0, true, false);
    }

    /**
     * The options, for listings.
     *
     * @return one spec per option, with its default
     */
    public static List<OptionSpec> optionSpecs() {
        LiteVideoConfig d = defaults();
        return List.of(OptionSpec.of("smoothing", "weight of the previous frame's probability (0 = none)", "" + d.smoothing),
                OptionSpec.of("threshold", "subject probability threshold", "" + d.threshold),
                OptionSpec.of("search-margin", "person matte window around the previous box, fraction of its size",
                        "" + d.searchMargin),
                OptionSpec.of("association", "keep components within this fraction of sqrt(previous area)", "" + d.association),
                OptionSpec.of("lost-ratio", "lost when the mask shrinks below this share of the previous one", "" + d.lostRatio),
                OptionSpec.of("person-matte", "selfie+deeplab, selfie or deeplab", d.personMatte.id()),
                OptionSpec.of("redetect", "run YOLOX when the subject is lost (true/false)", "" + d.redetect),
                OptionSpec.of("max-growth", "the most the mask may grow between two frames (factor)", "" + d.maxGrowth),
                OptionSpec.of("max-size", "the most the mask may grow relative to the prompt frame's (factor)",
                        "" + d.maxSize),
                OptionSpec.of("box-gate", "keep candidates inside the subject's YOLOX box (true/false)", "" + d.boxGate),
                OptionSpec.of("carry", "carry the prompt mask's non-class pixels along with the subject (true/false)",
                        "" + d.carry));
    }

    /**
     * From stage options, defaults where absent.
     *
     * @param settings the stage's settings
     * @return the configuration
     * @throws IllegalArgumentException when a value is not a number or out of range
     */
    public static LiteVideoConfig of(StageSettings settings) {
        LiteVideoConfig d = defaults();
        return new LiteVideoConfig(settings.number("smoothing", d.smoothing), settings.number("threshold", d.threshold),
                settings.number("search-margin", d.searchMargin), settings.number("association", d.association),
                settings.number("lost-ratio", d.lostRatio),
                settings.option("person-matte").map(PersonMatte::of).orElse(d.personMatte),
                settings.flag("redetect", d.redetect),
                settings.number("max-growth", d.maxGrowth), settings.number("max-size", d.maxSize),
                settings.flag("box-gate", d.boxGate),
                settings.flag("carry", d.carry));
    }
}
