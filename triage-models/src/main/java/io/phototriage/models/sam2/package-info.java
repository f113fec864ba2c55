/**
 * SAM 2 video segmentation: the four TorchScript parts of transformers' {@code Sam2VideoModel} (image encoder, memory
 * attention, memory encoder, prompt encoder + mask decoder) and the glue between them in Java (the memory bank of
 * the conditioning frame and the most recent frames, object pointers and their temporal encodings, the mask choice),
 * as a {@link io.phototriage.core.video.VideoSegmenter} named {@code sam2}. See docs/video-sam2.md.
 */
package io.phototriage.models.sam2;
