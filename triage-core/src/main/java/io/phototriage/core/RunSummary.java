package io.phototriage.core;

import java.time.Duration;

/**
 * Counts for a finished run.
 *
 * @param photos  photos seen
 * @param ok      photos where every stage ran
 * @param skipped photos where detect found nothing, so later stages were skipped
 * @param failed  photos where decoding or a stage failed
 * @param elapsed wall time of the run
 */
public record RunSummary(int photos, int ok, int skipped, int failed, Duration elapsed) {}
