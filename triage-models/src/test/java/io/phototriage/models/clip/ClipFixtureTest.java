package io.phototriage.models.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.NeedsNatives;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Foundation smoke test: the exported tiny CLIP folder resolves, verifies and loads offline; damage is caught early. */
class ClipFixtureTest {

    @Test
    @NeedsNatives
    void tinyFixtureResolvesAndBothTowersRunOffline() throws Exception {
        ResolvedModel tiny = ModelStore.at(ClipGolden.fixturesDir()).resolve(ClipGolden.TINY);
        ClipContract contract = ClipContract.of(tiny.manifest());

        assertThat(tiny.manifest().engine()).isEqualTo("PyTorch");
        assertThat(tiny.manifest().files()).containsOnlyKeys("image_encoder", "text_encoder", "tokenizer");
        assertThat(contract.imageSize()).isEqualTo(224);
        assertThat(contract.contextLength()).isEqualTo(77);
        assertThat(contract.mean()).containsExactly(0.48145466f, 0.4578275f, 0.40821073f);
        assertThat(contract.std()).containsExactly(0.26862954f, 0.26130258f, 0.27577711f);
        try (ClipImageEncoder image = ClipImageEncoder.load(tiny); ClipTextEncoder text = ClipTextEncoder.load(tiny)) {
            assertThat(image.embed(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB))).hasSize(contract.embedDim());
            assertThat(text.embed("a photo of a dog")).hasSize(contract.embedDim());
        }
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    static Stream<Arguments> fixtureFiles() {
        return Stream.of(Arguments.of("image_encoder.pt"), Arguments.of("text_encoder.pt"), Arguments.of("tokenizer.json"));
    }

    @ParameterizedTest
    @MethodSource("fixtureFiles")
    void corruptedCopyFailsAtResolveNamingTheFile(String file, @TempDir Path models) throws Exception {
        Path copy = copyFixture(models);
        Path damaged = copy.resolve(file);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(damaged, bytes);

        assertThatThrownBy(() -> ModelStore.at(models).resolve(ClipGolden.TINY))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(damaged.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void missingContractFieldFailsNamingTheField(@TempDir Path models) throws Exception {
        Path copy = copyFixture(models);
        ModelManifest manifest;
        try (InputStream in = Files.newInputStream(copy.resolve(ModelManifest.FILE_NAME))) {
            manifest = ModelManifest.read(in);
        }
        ObjectNode json = manifest.toJson();
        ((ObjectNode) json.get("contract")).remove("context_length");
        Files.writeString(copy.resolve(ModelManifest.FILE_NAME), json.toPrettyString());
        ResolvedModel resolved = ModelStore.at(models).resolve(ClipGolden.TINY);

        assertThatThrownBy(() -> ClipTextEncoder.load(resolved))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("context_length")
                .hasMessageContaining("clip-tiny");
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "640, 480, 298, 224", // int(224 * 640 / 480) = int(298.67): truncated, as transformers does
        "481, 640, 224, 298",
        "640, 426, 336, 224",
        "224, 224, 224, 224",
        "100, 50, 448, 224",  // upscaled when smaller than 224
        "3, 1000, 224, 74666"
    })
    void resizedSizeMatchesTransformersShortestEdgeRule(int width, int height, int expectedWidth, int expectedHeight) {
        assertThat(ClipPreprocessor.resizedSize(width, height, 224)).containsExactly(expectedWidth, expectedHeight);
    }

    private static Path copyFixture(Path models) throws Exception {
        Path source = ClipGolden.fixturesDir().resolve(ClipGolden.TINY);
        Path copy = Files.createDirectories(models.resolve(ClipGolden.TINY));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
