/**
 * Video segmentation: follow one subject through a clip from a prompt on its first frame.
 */
package io.phototriage.core.video;
