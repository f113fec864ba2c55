package io.phototriage.models.ct;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multi-part TotalSegmentator model, such as its 1.5 mm {@code total} model: several part networks (TotalSegmentator's
 * {@code class_map_5_parts}), each predicting a subset of the classes with its own local label ids, merged into the
 * v2 {@code total} label ids.
 *
 * <p>The model folder (written by {@code tools/export/export.py totalseg --tiny --parts N} or {@code --real PARTS_DIR})
 * holds one TorchScript file per part; the manifest's {@code contract.parts} lists them in order, each with its
 * {@code role} (the file), its own plans (the fields {@link TotalSegPlans#fromContract} reads, {@code classes} being
 * the part's local classes including background) and {@code labels}, the map local id → total id.
 *
 * <p>The merge follows TotalSegmentator's {@code nnUNet_predict_image} ({@code totalsegmentator/nnunet.py}), which
 * runs every part on the same image at the model spacing and then, in task-id order, starting from an all-background
 * map, does {@code seg_combined[seg == jdx] = class_map_inv[class_name]} for each local id {@code jdx} of the part:
 * every voxel a part labels gets the mapped total id, <b>a later part overwriting an earlier one</b>; a voxel no part
 * labels stays background. Here each part runs {@link TotalSegmentator#segment} (sliding window at the part's
 * spacing, argmax, nearest-neighbour resampling back, inverse reorientation) and the merge is done on the input
 * grid: the way back is a per-voxel gather that is the same for all parts (one spacing is required), so merging
 * before or after it gives the same labels. {@code keep} is applied after the merge, as a filter on total ids.
 *
 * <p>Owns the part networks (closed by {@link #close()}); not thread-safe.
 */
public final class TotalSegmentatorParts implements AutoCloseable {
    private final String name;
    private final List<TotalSegmentator> parts;
    private final List<short[]> maps;
    private final ModelInfo info;

    private TotalSegmentatorParts(String name, List<TotalSegmentator> parts, List<short[]> maps, ModelInfo info) {
        this.name = name;
        this.parts = parts;
        this.maps = maps;
        this.info = info;
    }

    /**
     * Whether a model folder is a multi-part model (its contract has {@code parts}).
     *
     * @param manifest the folder's manifest
     * @return true for a multi-part folder, false for a single network ({@link TotalSegmentator#load})
     */
    public static boolean isMultiPart(ModelManifest manifest) {
        return manifest.contract() != null && manifest.contract().has("parts");
    }

    /**
     * Loads every part of a multi-part folder.
     *
     * @param model the resolved (sha256-checked) folder
     * @return the merged segmenter; close it when done
     * @throws ModelException if the contract is unusable (no parts, a part's plans or label map malformed, parts at
     *                        different spacings)
     * @throws StageException if a part network cannot be loaded (a {@code ModelLoadException})
     */
    public static TotalSegmentatorParts load(ResolvedModel model) throws ModelException, StageException {
        JsonNode contract = model.manifest().contract();
        JsonNode list = contract == null ? null : contract.get("parts");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ModelException(model.manifest().name() + ": the manifest's contract lists no parts; "
                    + "re-export it with tools/export/export.py totalseg");
        }
        int totalClasses = contract.path("classes").asInt(TotalSegClasses.all().size() + 1);
        List<TotalSegPlans> plans = new ArrayList<>();
        List<short[]> maps = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (JsonNode part : list) {
            String role = part.path("role").asText("");
            if (role.isEmpty()) {
                throw new ModelException(model.manifest().name() + ": a part without a 'role'");
            }
            TotalSegPlans p = TotalSegPlans.fromContract(part);
            if (!plans.isEmpty() && !Arrays.equals(p.spacingMm(), plans.get(0).spacingMm())) {
                throw new ModelException(model.manifest().name() + ": part " + role + " runs at "
                        + Arrays.toString(p.spacingMm()) + " mm, part " + roles.get(0) + " at "
                        + Arrays.toString(plans.get(0).spacingMm()) + " mm; the parts of one model share one spacing");
            }
            maps.add(labelMap(model.manifest().name(), role, part.get("labels"), p.classes(), totalClasses));
            plans.add(p);
            roles.add(role);
        }
        List<TotalSegmentator> loaded = new ArrayList<>();
        List<String> weights = new ArrayList<>();
        try {
            for (int k = 0; k < roles.size(); k++) {
                loaded.add(TotalSegmentator.loadPart(model, roles.get(k), plans.get(k)));
                weights.add(model.weightsId(roles.get(k)));
            }
        } catch (StageException | RuntimeException e) {
            loaded.forEach(TotalSegmentator::close);
            throw e;
        }
        ModelInfo info = new ModelInfo(model.manifest().name(), String.join("+", weights), model.manifest().engine());
        return new TotalSegmentatorParts(model.manifest().name(), List.copyOf(loaded), List.copyOf(maps), info);
    }

    /** local id -> total id; every local id 1..classes-1 must be mapped to a total id in 1..totalClasses-1. */
    private static short[] labelMap(String model, String role, JsonNode labels, int classes, int totalClasses)
            throws ModelException {
        if (labels == null || !labels.isObject()) {
            throw new ModelException(model + ": part " + role + " has no 'labels' map (local id -> total id)");
        }
        short[] map = new short[classes];
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) labels::fields) {
            int local;
            try {
                local = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new ModelException(model + ": part " + role + " maps '" + e.getKey() + "', not a label id");
            }
            int total = e.getValue().asInt(-1);
            if (local < 1 || local >= classes || total < 1 || total >= totalClasses) {
                throw new ModelException(model + ": part " + role + " maps local id " + local + " to " + e.getValue()
                        + "; local ids are 1.." + (classes - 1) + " and total ids 1.." + (totalClasses - 1));
            }
            map[local] = (short) total;
        }
        for (int local = 1; local < classes; local++) {
            if (map[local] == 0) {
                throw new ModelException(model + ": part " + role + " does not map its local id " + local
                        + " (it has " + (classes - 1) + " classes besides background)");
            }
        }
        return map;
    }

    /**
     * Segments a volume with every part and merges the labels (see the class description for the rule).
     *
     * @param volume the CT in Hounsfield units
     * @param keep   the total label ids to keep (others become background), or an empty set for all
     * @return the merged labels on the volume's grid; patches summed over the parts; timings per part and step
     *         ({@code partK.step}) and {@code merge}
     * @throws StageException if a part network fails or the grid cannot be reoriented
     */
    public CtSegmentation segment(CtVolume volume, Set<Integer> keep) throws StageException {
        Map<String, Long> millis = new LinkedHashMap<>();
        short[] merged = null;
        VolumeGeometry modelGrid = null;
        int patches = 0;
        for (int k = 0; k < parts.size(); k++) {
            CtSegmentation part = parts.get(k).segment(volume, Set.of());
            for (Map.Entry<String, Long> e : part.millis().entrySet()) {
                millis.put("part" + (k + 1) + "." + e.getKey(), e.getValue());
            }
            long t = System.nanoTime();
            if (merged == null) {
                merged = new short[part.labels().data().length];
                modelGrid = part.modelGrid();
            }
            try {
                mergeInto(merged, part.labels().data(), maps.get(k));
            } catch (IllegalArgumentException e) {
                throw new StageException("part " + (k + 1) + " of " + name + ": " + e.getMessage(), e);
            }
            patches += part.patches();
            millis.merge("merge", (System.nanoTime() - t) / 1_000_000, Long::sum);
        }
        keepOnly(merged, keep);
        return new CtSegmentation(new LabelVolume(volume.geometry(), merged), modelGrid, patches, millis, info);
    }

    /**
     * One step of TotalSegmentator's merge: every voxel the part labels (local id &gt; 0) gets the mapped total id,
     * overwriting what an earlier part wrote there; other voxels are left as they are.
     *
     * @param merged the merged map so far (modified)
     * @param local  the part's labels (local ids)
     * @param map    local id → total id
     * @throws IllegalArgumentException if a local id is beyond the map
     */
    static void mergeInto(short[] merged, short[] local, short[] map) {
        for (int n = 0; n < local.length; n++) {
            int id = local[n];
            if (id > 0) {
                if (id >= map.length) {
                    throw new IllegalArgumentException("label " + id + " is over the part's " + (map.length - 1)
                            + " classes");
                }
                merged[n] = map[id];
            }
        }
    }

    /** Sets every label not in {@code keep} to background (no-op for an empty set). */
    static void keepOnly(short[] labels, Set<Integer> keep) {
        if (keep.isEmpty()) {
            return;
        }
        for (int n = 0; n < labels.length; n++) {
            if (!keep.contains((int) labels[n])) {
                labels[n] = 0;
            }
        }
    }

    /**
     * The model (name, the parts' weight ids joined with {@code +}, engine).
     *
     * @return which networks and weights produce the labels
     */
    public ModelInfo model() {
        return info;
    }

    /**
     * How many part networks.
     *
     * @return the number of parts
     */
    public int parts() {
        return parts.size();
    }

    /** Closes every part network. */
    @Override
    public void close() {
        parts.forEach(TotalSegmentator::close);
    }
}
