package io.phototriage.core.stage;

/** Stage 4: a stylized version of an album's hero shot. */
public interface Stylizer extends Stage<StyleRequest, Stylized> {}
