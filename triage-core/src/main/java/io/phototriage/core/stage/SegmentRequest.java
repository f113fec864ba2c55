package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;
import java.util.List;
import java.util.Objects;

/**
 * What the segment stage is asked: cut the subject in {@code subject.box()} out of {@code photo}.
 *
 * <p>The segmenter also sees every box the detector kept, best first ({@link #detections()}), so that when the
 * prompt's cut-out is empty or degenerate it can fall back to the next box instead of failing (see the segmenter's
 * docs for what it does). {@code detections.get(0)} is always {@code subject}.
 *
 * @param photo      the decoded photo
 * @param subject    the prompt, normally the detect stage's best box (in {@code photo.image()} pixels)
 * @param detections the photo's detections ranked best first, starting with {@code subject}; never empty
 */
public record SegmentRequest(DecodedPhoto photo, Detection subject, List<Detection> detections) {
    /**
     * Checks that no component is null and that {@code detections} starts with {@code subject}.
     *
     * @param photo the decoded photo
     * @param subject the prompt, normally the detect stage's best box (in {@code photo.image()} pixels)
     * @param detections the photo's detections ranked best first, starting with {@code subject}
     */
    public SegmentRequest {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detections, "detections");
        detections = List.copyOf(detections);
        if (detections.isEmpty() || !detections.get(0).equals(subject)) {
            throw new IllegalArgumentException("detections must start with the subject " + subject + ": " + detections);
        }
    }

    /**
     * A request with one prompt and no other box to fall back to.
     *
     * @param photo   the decoded photo
     * @param subject the prompt, in {@code photo.image()} pixels; also the only entry of {@link #detections()}
     * @throws NullPointerException when an argument is null
     */
    public SegmentRequest(DecodedPhoto photo, Detection subject) {
        this(photo, subject, List.of(Objects.requireNonNull(subject, "subject")));
    }

    /**
     * The request for a photo's detections: the best box is the prompt, all of them (ranked, as {@link Detections}
     * keeps them) are the candidates.
     *
     * @param photo      the decoded photo
     * @param detections the detect stage's answer for it
     * @return a request prompted with {@link Detections#best()}
     * @throws IllegalArgumentException if {@code detections} is empty
     */
    public static SegmentRequest of(DecodedPhoto photo, Detections detections) {
        Detection best = detections.best().orElseThrow(() -> new IllegalArgumentException("no detection to segment"));
        return new SegmentRequest(photo, best, detections.detections());
    }
}
