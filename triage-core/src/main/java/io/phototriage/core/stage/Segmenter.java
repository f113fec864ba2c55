package io.phototriage.core.stage;

/** Stage 3: the subject's mask, an RGBA cut-out and a thumbnail. */
public interface Segmenter extends Stage<SegmentRequest, Segmentation> {}
