package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A few coco128 photos as a COCO-format folder of their own: {@code annotations.json} with just their images and
 * annotations (every category kept), {@code images/} of symbolic links to the shared photos. Nothing is copied.
 */
final class CocoSlice {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 6 photos: neither, people, a dog, people with a dog, people with a cat, a cat. */
    static final List<String> SIX = List.of("000000000009.jpg", "000000000036.jpg", "000000000042.jpg", "000000000074.jpg",
            "000000000443.jpg", "000000000650.jpg");

    private CocoSlice() {}

    /** Writes the slice of {@code fileNames} into {@code dir} (created) and returns {@code dir}. */
    static Path of(Path dir, List<String> fileNames) throws IOException {
        JsonNode all = JSON.readTree(SharedData.coco128().resolve("annotations.json").toFile());
        Set<String> wanted = Set.copyOf(fileNames);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode images = out.putArray("images");
        Set<Long> ids = new HashSet<>();
        Files.createDirectories(dir.resolve("images"));
        for (JsonNode image : all.get("images")) {
            String name = image.get("file_name").asText();
            if (wanted.contains(name)) {
                images.add(image);
                ids.add(image.get("id").asLong());
                Files.createSymbolicLink(dir.resolve("images").resolve(name), SharedData.coco128().resolve("images").resolve(name).toAbsolutePath());
            }
        }
        if (ids.size() != wanted.size()) {
            throw new IllegalArgumentException("not every file is in coco128: " + fileNames);
        }
        out.set("categories", all.get("categories"));
        ArrayNode annotations = out.putArray("annotations");
        for (JsonNode a : all.get("annotations")) {
            if (ids.contains(a.get("image_id").asLong())) {
                annotations.add(a);
            }
        }
        JSON.writeValue(dir.resolve("annotations.json").toFile(), out);
        return dir;
    }

    /** The first {@code perClass} photos of each triage class, by file name. */
    static List<String> firstOfEachClass(int perClass) throws IOException {
        JsonNode all = JSON.readTree(SharedData.coco128().resolve("annotations.json").toFile());
        List<JsonNode> images = new ArrayList<>();
        all.get("images").forEach(images::add);
        images.sort(Comparator.comparing(i -> i.get("file_name").asText()));
        List<String> out = new ArrayList<>();
        for (String c : List.of("people", "pets", "neither")) {
            images.stream().filter(i -> i.get("triage_class").asText().equals(c)).limit(perClass)
                    .forEach(i -> out.add(i.get("file_name").asText()));
        }
        return out;
    }
}
