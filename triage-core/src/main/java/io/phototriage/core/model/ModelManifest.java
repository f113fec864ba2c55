package io.phototriage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The small {@code manifest.json} that describes a model folder.
 *
 * <pre>{@code
 * {
 *   "name": "clip-vit-b32-tiny",
 *   "engine": "PyTorch",                      // DJL engine name: PyTorch or OnnxRuntime
 *   "files": {                                // role -> file
 *     "image_encoder": {"path": "image_encoder.pt", "sha256": "..."},
 *     "tokenizer":     {"path": "tokenizer.json",   "sha256": "..."}
 *   },
 *   "contract": { ... },                      // input/output contract: sizes, mean/std, names (free-form)
 *   "source": "tiny random weights, seed 0, tools/export/export.py clip --tiny"
 * }
 * }</pre>
 *
 * @param name     model name
 * @param engine   the DJL engine that runs it
 * @param files    the files by role
 * @param contract input/output contract, free-form JSON that the stage implementation reads
 * @param source   where the weights came from and how the folder was made
 */
public record ModelManifest(String name, String engine, Map<String, ModelFile> files, JsonNode contract, String source) {
    /** The manifest's file name inside a model folder. */
    public static final String FILE_NAME = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks the fields and copies the files and the contract.
     *
     * @param name model name
     * @param engine the DJL engine that runs it
     * @param files the files by role
     * @param contract input/output contract, free-form JSON that the stage implementation reads
     * @param source where the weights came from and how the folder was made
     * @throws IllegalArgumentException if the manifest lists no file
     */
    public ModelManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        files = Map.copyOf(files);
        contract = contract == null ? JsonNodeFactory.instance.objectNode() : contract.deepCopy();
        Objects.requireNonNull(source, "source");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("manifest of " + name + " lists no files");
        }
    }

    /**
     * Parses a manifest.
     *
     * @param in the JSON
     * @return the manifest
     * @throws IOException when it is not valid JSON or a required field is missing (the message says which)
     */
    public static ModelManifest read(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IOException("manifest is not a JSON object");
        }
        String name = text(root, "name");
        String engine = text(root, "engine");
        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isObject()) {
            throw new IOException("manifest of " + name + " has no \"files\" object");
        }
        Map<String, ModelFile> files = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = filesNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                files.put(e.getKey(), new ModelFile(text(e.getValue(), "path"), text(e.getValue(), "sha256")));
            } catch (IllegalArgumentException ex) {
                throw new IOException("manifest of " + name + ", file '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        JsonNode contract = root.has("contract") ? root.get("contract") : JsonNodeFactory.instance.objectNode();
        String source = root.has("source") ? root.get("source").asText() : "unknown";
        try {
            return new ModelManifest(name, engine, files, contract, source);
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /**
     * The manifest as JSON (the format {@link #read} reads).
     *
     * @return the manifest as JSON, as it is written to {@value #FILE_NAME}
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("engine", engine);
        ObjectNode f = root.putObject("files");
        files.forEach((role, file) -> f.putObject(role).put("path", file.path()).put("sha256", file.sha256()));
        root.set("contract", contract.deepCopy());
        root.put("source", source);
        return root;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IOException("manifest field \"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }
}
