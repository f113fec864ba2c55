package io.phototriage.models.ct;

import io.phototriage.core.stage.ModelInfo;
import java.util.Map;

/**
 * The result of segmenting one CT volume.
 *
 * @param labels    the labels on the input volume's grid
 * @param modelGrid the grid the network ran on (canonical orientation, model spacing)
 * @param patches   how many patches the sliding window ran
 * @param millis    time per step (reorient, normalise, resample, network, argmax, resample back), milliseconds
 * @param model     which network and weights produced it
 */
public record CtSegmentation(LabelVolume labels, VolumeGeometry modelGrid, int patches, Map<String, Long> millis,
                             ModelInfo model) {
    /**
     * Copies the timings.
     *
     * @param labels the labels on the input volume's grid
     * @param modelGrid the grid the network ran on (canonical orientation, model spacing)
     * @param patches how many patches the sliding window ran
     * @param millis time per step (reorient, normalise, resample, network, argmax, resample back), milliseconds
     * @param model which network and weights produced it
     */
    public CtSegmentation {
        millis = Map.copyOf(millis);
    }
}
