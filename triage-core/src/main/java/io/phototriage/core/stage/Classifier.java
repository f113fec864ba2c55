package io.phototriage.core.stage;

import io.phototriage.core.DecodedPhoto;

/** Stage 1: people / pets / neither, with a confidence. */
public interface Classifier extends Stage<DecodedPhoto, Classification> {}
