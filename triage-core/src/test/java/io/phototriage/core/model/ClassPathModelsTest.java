package io.phototriage.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.spi.StageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathModelsTest {
    @TempDir
    Path tmp;

    @Test
    void packedModelIsExtractedOnceIntoTheCacheAndVerified() throws Exception {
        ClassPathModels packs = pack(TinyPack.WEIGHTS);
        ModelCache cache = cache();

        assertThat(packs.contains(TinyPack.NAME)).isTrue();
        assertThat(packs.contains("not-packed")).isFalse();
        ResolvedModel model = packs.extract(TinyPack.NAME, cache);

        assertThat(model.dir()).isEqualTo(cache.models().resolve(TinyPack.NAME));
        assertThat(Files.readString(model.file("model"))).isEqualTo(TinyPack.WEIGHTS);
        assertThat(Files.readString(model.file("labels"))).isEqualTo(TinyPack.LABELS);
        assertThat(model.dir().resolve(ModelManifest.FILE_NAME)).isRegularFile();
        try (Stream<Path> files = Files.walk(model.dir())) {
            assertThat(files.filter(p -> p.toString().endsWith(ModelCache.PART_SUFFIX))).isEmpty();
        }

        // a second extraction leaves the verified file alone (same modification time)
        FileTime before = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(model.file("model"), before);
        packs.extract(TinyPack.NAME, cache);
        assertThat(Files.getLastModifiedTime(model.file("model"))).isEqualTo(before);
    }

    @Test
    void damagedCacheFileIsReplacedFromThePack() throws Exception {
        ClassPathModels packs = pack(TinyPack.WEIGHTS);
        ModelCache cache = cache();
        ResolvedModel first = packs.extract(TinyPack.NAME, cache);
        Files.writeString(first.file("model"), "damaged");

        ResolvedModel again = packs.extract(TinyPack.NAME, cache);

        assertThat(Files.readString(again.file("model"))).isEqualTo(TinyPack.WEIGHTS);
    }

    @Test
    void corruptPackIsRefusedAndNothingIsLeftUnderTheFinalName() throws Exception {
        ClassPathModels packs = pack("not the weights the manifest describes");
        ModelCache cache = cache();

        assertThatThrownBy(() -> packs.extract(TinyPack.NAME, cache))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining(TinyPack.sha(TinyPack.WEIGHTS));
        Path dir = cache.models().resolve(TinyPack.NAME);
        assertThat(dir.resolve("weights.onnx")).doesNotExist();
        assertThat(dir.resolve(ModelManifest.FILE_NAME)).doesNotExist();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(ModelCache.PART_SUFFIX))).isEmpty();
        }
    }

    @Test
    void packListingAFileItDoesNotHoldNamesIt() throws Exception {
        Path packRoot = tmp.resolve("pack");
        Path dir = TinyPack.write(packRoot, TinyPack.WEIGHTS);
        Files.delete(dir.resolve("labels/names.txt"));

        assertThatThrownBy(() -> ClassPathModels.of(TinyPack.loader(packRoot)).extract(TinyPack.NAME,
                cache()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("labels/names.txt")
                .hasMessageContaining("incomplete");
    }

    @Test
    void explicitFolderWinsOverPackAndPackOverCache() throws Exception {
        ModelCache cache = cache();
        ModelSources withPack = new ModelSources(pack(TinyPack.WEIGHTS), cache);
        ModelSources withoutPack = new ModelSources(ClassPathModels.of(TinyPack.loader(tmp.resolve("empty"))), cache);
        Path explicit = Files.createDirectories(tmp.resolve("mine"));

        assertThat(withPack.root(StageSettings.ofModelsDir(explicit), TinyPack.NAME)).isEqualTo(explicit);
        assertThat(withPack.missing(StageSettings.ofModelsDir(explicit), TinyPack.NAME)).get().asString()
                .contains(explicit.resolve(TinyPack.NAME).toString());
        assertThat(withPack.missing(StageSettings.defaults(), TinyPack.NAME)).isEmpty();
        assertThat(cache.models().resolve(TinyPack.NAME)).doesNotExist(); // missing() extracts nothing

        assertThat(withPack.root(StageSettings.defaults(), TinyPack.NAME)).isEqualTo(cache.models());
        assertThat(cache.models().resolve(TinyPack.NAME).resolve("weights.onnx")).hasContent(TinyPack.WEIGHTS);
        // what was extracted (or pulled) before is found in the cache without the pack
        assertThat(withoutPack.root(StageSettings.defaults(), TinyPack.NAME)).isEqualTo(cache.models());
    }

    @Test
    void nothingAnywhereListsTheThreePlacesLooked() throws Exception {
        ModelCache cache = cache();
        ModelSources sources = new ModelSources(ClassPathModels.of(TinyPack.loader(tmp.resolve("empty"))), cache);

        assertThatThrownBy(() -> sources.root(StageSettings.defaults(), "yolox-nano"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("--models DIR")
                .hasMessageContaining("triage-models-lite")
                .hasMessageContaining(cache.models().toString());
        assertThat(sources.missing(StageSettings.defaults(), "yolox-nano")).get().asString().contains("triage-models-lite");
    }

    /** The tiny model packed under {@code tmp/pack} with {@code weights} as its weights file, on a class path. */
    private ClassPathModels pack(String weights) throws IOException {
        Path packRoot = tmp.resolve("pack");
        TinyPack.write(packRoot, weights);
        return ClassPathModels.of(TinyPack.loader(packRoot));
    }

    /** The model cache under {@code tmp/home}. */
    private ModelCache cache() {
        return ModelCache.at(tmp.resolve("home"));
    }
}
