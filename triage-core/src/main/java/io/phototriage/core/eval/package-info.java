/**
 * Metrics and COCO-format I/O, each checked against pycocotools on coco128.
 *
 * <ul>
 *   <li>{@link io.phototriage.core.eval.CocoDataset}: reads a COCO "instances" {@code annotations.json}.</li>
 *   <li>{@link io.phototriage.core.eval.CocoDetections}: reads and writes a COCO results file.</li>
 *   <li>{@link io.phototriage.core.eval.CocoEvaluator}: box mAP exactly as pycocotools' {@code COCOeval}.</li>
 *   <li>{@link io.phototriage.core.eval.CocoMasks}: polygon and RLE masks exactly as pycocotools' {@code mask} module.</li>
 *   <li>{@link io.phototriage.core.eval.SegmentationMetrics}: per-photo and mean mask IoU against the main subject.</li>
 * </ul>
 */
package io.phototriage.core.eval;
