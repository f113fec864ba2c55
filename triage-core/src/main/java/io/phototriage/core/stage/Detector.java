package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;

/** Stage 2: boxes for the configured labels; an empty answer means "nothing found" and later stages skip. */
public interface Detector extends Stage<DecodedPhoto, Detections> {}
