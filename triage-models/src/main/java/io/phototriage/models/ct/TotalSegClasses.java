package io.phototriage.models.ct;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * TotalSegmentator v2's class map for its "total" task: label id ↔ organ name (1 spleen, 2 kidney_right, ...,
 * 5 liver, ..., 117 costal_cartilages), as {@code class_map["total"]} in TotalSegmentator's
 * {@code totalsegmentator/map_to_binary.py} lists it. 0 is background.
 */
public final class TotalSegClasses {
    private static final Map<Integer, String> NAMES = load();

    private TotalSegClasses() {}

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new LinkedHashMap<>();
        try (InputStream in = TotalSegClasses.class.getResourceAsStream("total-classes.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                names.put(Integer.parseInt(parts[0]), parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read total-classes.txt", e);
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * All classes.
     *
     * @return label id → name, ascending
     */
    public static Map<Integer, String> all() {
        return NAMES;
    }

    /**
     * The name of a label.
     *
     * @param id the label id
     * @return its name, or {@code label_<id>} for an id the map does not name
     */
    public static String name(int id) {
        return NAMES.getOrDefault(id, "label_" + id);
    }

    /**
     * The label ids of organ names.
     *
     * @param names TotalSegmentator names, e.g. {@code liver}, {@code spleen}
     * @return their ids, ascending
     * @throws IllegalArgumentException naming every unknown name and the names that contain it
     */
    public static SortedSet<Integer> ids(List<String> names) {
        SortedSet<Integer> out = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String n = name.trim();
            Integer id = NAMES.entrySet().stream().filter(e -> e.getValue().equals(n)).map(Map.Entry::getKey).findFirst()
                    .orElse(null);
            if (id == null) {
                List<String> near = NAMES.values().stream().filter(v -> v.contains(n) || n.contains(v)).limit(8).toList();
                unknown.add("'" + n + "'" + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)"));
            } else {
                out.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown TotalSegmentator organ name(s): " + String.join("; ", unknown)
                    + "; the names are those of TotalSegmentator's total task, e.g. liver, spleen, kidney_left");
        }
        return out;
    }
}
