package io.phototriage.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path root;

    private Path modelDir;

    @BeforeEach
    void writeModel() throws Exception {
        modelDir = Files.createDirectories(root.resolve("toy"));
        Files.writeString(modelDir.resolve("weights.pt"), "weights");
        Files.writeString(modelDir.resolve(ModelManifest.FILE_NAME), """
                {"name": "toy", "engine": "PyTorch",
                 "files": {"model": {"path": "weights.pt", "sha256": "%s"}},
                 "contract": {"input": [1, 3, 8, 8]},
                 "source": "written by the test"}
                """.formatted(sha("weights")));
    }

    @Test
    void resolvesAModelAndItsFilesByRole() throws Exception {
        ResolvedModel model = ModelStore.at(root).resolve("toy");

        assertThat(model.file("model")).isEqualTo(modelDir.resolve("weights.pt"));
        assertThat(model.manifest().contract().get("input").get(1).asInt()).isEqualTo(3);
        assertThat(model.weightsId("model")).isEqualTo("toy@" + sha("weights").substring(0, 12));
        assertThatThrownBy(() -> model.file("tokenizer")).hasMessageContaining("no file with role 'tokenizer'");
    }

    @Test
    void missingModelFolderSaysWhereItLookedAndHowToGetModels() {
        assertThatThrownBy(() -> ModelStore.at(root).resolve("sam-vit-b"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(root.resolve("sam-vit-b").toString())
                .hasMessageContaining("tools/export");
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Files.delete(modelDir.resolve("weights.pt"));
        assertThatThrownBy(() -> ModelStore.at(root).resolve("toy"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("missing file " + modelDir.resolve("weights.pt"))
                .hasMessageContaining("role 'model'");
    }

    @Test
    void corruptFileFailsTheChecksum() throws Exception {
        Files.writeString(modelDir.resolve("weights.pt"), "weightz");
        assertThatThrownBy(() -> ModelStore.at(root).resolve("toy"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining(modelDir.resolve("weights.pt").toString());
    }

    @Test
    void manifestWithoutFilesIsRejected() throws Exception {
        Files.writeString(modelDir.resolve(ModelManifest.FILE_NAME), "{\"name\":\"toy\",\"engine\":\"PyTorch\",\"files\":{}}");
        assertThatThrownBy(() -> ModelStore.at(root).resolve("toy")).isInstanceOf(ModelException.class).hasMessageContaining("lists no files");
    }

    @Test
    void namesAndPathsCannotLeaveTheirFolders() throws Exception {
        assertThatThrownBy(() -> ModelStore.at(root.resolve("toy")).resolve("../toy")).isInstanceOf(ModelException.class)
                .hasMessageContaining("does not name a folder inside");
        String escaping = "{\"name\":\"x\",\"engine\":\"PyTorch\",\"files\":{\"m\":{\"path\":\"../weights.pt\",\"sha256\":\"" + sha("weights") + "\"}}}";
        assertThatThrownBy(() -> ModelManifest.read(new ByteArrayInputStream(escaping.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("stay inside the model folder");
    }

    @Test
    void bundledManifestResolvesAFolderThatHasNone() throws Exception {
        Files.delete(modelDir.resolve(ModelManifest.FILE_NAME));
        String json = "{\"name\":\"toy-lite\",\"engine\":\"OnnxRuntime\",\"files\":{\"model\":{\"path\":\"weights.pt\",\"sha256\":\"" + sha("weights") + "\"}}}";
        ModelManifest bundled = ModelManifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(ModelStore.at(root).resolve("toy", bundled).manifest().name()).isEqualTo("toy-lite");
    }

    @Test
    void manifestRoundTripsThroughJson() throws Exception {
        ModelManifest manifest = ModelStore.at(root).resolve("toy").manifest();
        byte[] json = manifest.toJson().toString().getBytes(StandardCharsets.UTF_8);
        assertThat(ModelManifest.read(new ByteArrayInputStream(json))).isEqualTo(manifest);
    }

    private static String sha(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
