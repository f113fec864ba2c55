package io.phototriage.core.video;

import io.phototriage.core.stage.Stage;

/**
 * The video segmentation stage kind: given a prompt, opens a {@link ClipTracker} for one clip. Providers return
 * {@code VideoSegmenter.class} from {@code StageProvider.kind()}. The segmenter holds the models; each tracker holds
 * one clip's state, so one segmenter serves many clips, one after the other.
 */
public interface VideoSegmenter extends Stage<VideoPrompt, ClipTracker> {}
