package io.phototriage.bench;

import ai.djl.ndarray.types.Shape;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.models.faststyle.FastStyleConfig;
import io.phototriage.models.faststyle.FastStyleStylizer;
import io.phototriage.models.sd.GuidanceEmbedding;
import io.phototriage.models.sd.SdContract;
import io.phototriage.models.sd.SdOptions;
import io.phototriage.models.sd.SdTextEncoder;
import io.phototriage.models.sd.SdUnet;
import io.phototriage.models.sd.SdVaeDecoder;
import io.phototriage.models.sd.SdVaeEncoder;
import io.phototriage.models.sd.StableDiffusionStylizer;
import io.phototriage.models.sd.StepListener;
import java.util.Optional;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stylize stage on the real 481x640 coco128 portrait.
 * <ul>
 *   <li>Fast neural style (candy, real ONNX weights) by the long side it styles at ({@code maxSide}): the stage and
 *       the network alone ({@code fastStyleForward}, on the {@code [1,3,maxSide,maxSide*3/4]} input the portrait
 *       becomes).</li>
 *   <li>Stable Diffusion img2img, {@code variant} {@code tiny} (the committed fixture, 64x64) or {@code full}
 *       ({@code models-full/sd-lcm}, a real LCM SD-1.5 export at 512x512: SD-1.5's UNet alone is 3.4 GB of TorchScript,
 *       too big to generate on the 2-core dev machine, so it must be exported with
 *       {@code export.py stable-diffusion --real} on a bigger machine). Each network separately on ready inputs: text
 *       encoder, one UNet step, VAE encode, VAE decode; and a whole img2img ({@code sdImg2Img}, 4 LCM steps).</li>
 * </ul>
 */
public class StylizeBenchmark extends BenchmarkDefaults {
    /** Fast neural style, as the stage and its network alone. */
    @State(Scope.Benchmark)
    public static class FastStyle extends OwningState {
        @Param({"256", "512"})
        public int maxSide;

        FastStyleStylizer stylizer;
        StyleRequest request;
        RawModel forward;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            stylizer = own(FastStyleStylizer.load(BenchPaths.liteModels(), new FastStyleConfig("candy", maxSide)));
            request = new StyleRequest(BenchPaths.portrait(), Optional.empty(), "", 0);
            // the portrait is 481x640: styled at maxSide on its long side, 3:4, multiples of 4
            forward = own(RawModel.onnx(BenchPaths.liteModelFile("fast-neural-style/candy.onnx"),
                    new Shape(1, 3, maxSide, maxSide * 3 / 4), 255f).warmUp(SHAPE_WARMUP_CALLS));
            warmUp(stylizer, request);
        }
    }

    /** The four Stable Diffusion networks, each on ready inputs of the contract's shapes. */
    @State(Scope.Benchmark)
    public static class SdParts extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: a real LCM export in {@code models-full/sd-lcm}. */
        @Param({"tiny"})
        public String variant;

        SdTextEncoder text;
        SdUnet unet;
        SdVaeEncoder vaeEncoder;
        SdVaeDecoder vaeDecoder;
        long[] ids;
        float[] hidden;
        float[] latent;
        float[] guidance;
        float[] pixels;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            ResolvedModel resolved = BenchPaths.model("sd", variant);
            SdContract contract = SdContract.of(resolved.manifest());
            try {
                text = own(SdTextEncoder.load(resolved, contract));
                unet = own(SdUnet.load(resolved, contract));
                vaeEncoder = own(SdVaeEncoder.load(resolved, contract));
                vaeDecoder = own(SdVaeDecoder.load(resolved, contract));
            } catch (Exception e) {
                tearDown();
                throw e;
            }
            Random random = new Random(0);
            ids = text.tokenize(StyleRequest.DEFAULT_PROMPT);
            latent = gaussianNoise(random, contract.latentSize());
            pixels = new float[3 * contract.height() * contract.width()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat() * 2 - 1;
            }
            guidance = contract.guidanceEmbeddingDim() == 0 ? new float[0]
                    : GuidanceEmbedding.of(contract.guidanceScale() - 1, contract.guidanceEmbeddingDim());
            for (int i = 0; i < SHAPE_WARMUP_CALLS; i++) {
                hidden = text.encodeIds(ids);
                unet.predictNoise(latent, 499, hidden, guidance);
                vaeEncoder.moments(pixels);
                vaeDecoder.decode(latent);
            }
        }
    }

    /** The Stable Diffusion stylizer (all four networks and the LCM sampler). */
    @State(Scope.Benchmark)
    public static class Sd extends OwningState {
        /** {@code tiny}: the test fixture; {@code full}: a real LCM export in {@code models-full/sd-lcm}. */
        @Param({"tiny"})
        public String variant;

        StableDiffusionStylizer stylizer;
        StyleRequest request;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            stylizer = own(StableDiffusionStylizer.load(BenchPaths.model("sd", variant), SdOptions.defaults(), StepListener.NONE));
            request = new StyleRequest(BenchPaths.portrait(), Optional.empty(), StyleRequest.DEFAULT_PROMPT, 42);
            warmUp(stylizer, request);
        }
    }

    /** The fast-style stage: resize, ONNX inference, clip, back to an image. */
    @Benchmark
    public Stylized fastStyle(FastStyle state) throws Exception {
        return state.stylizer.apply(state.request);
    }

    /** The fast-style network alone on a ready input (model time). */
    @Benchmark
    public long fastStyleForward(FastStyle state) throws Exception {
        return state.forward.forward();
    }

    /** The CLIP text encoder on the default prompt's token ids (model time). */
    @Benchmark
    public float[] sdTextEncoder(SdParts state) throws Exception {
        return state.text.encodeIds(state.ids);
    }

    /** One UNet step: latent, timestep, text hidden states, guidance embedding (model time). */
    @Benchmark
    public float[] sdUnetStep(SdParts state) throws Exception {
        return state.unet.predictNoise(state.latent, 499, state.hidden, state.guidance);
    }

    /** The VAE encoder on a ready image in -1..1 (model time). */
    @Benchmark
    public float[] sdVaeEncode(SdParts state) throws Exception {
        return state.vaeEncoder.moments(state.pixels);
    }

    /** The VAE decoder on a ready latent (model time). */
    @Benchmark
    public float[] sdVaeDecode(SdParts state) throws Exception {
        return state.vaeDecoder.decode(state.latent);
    }

    /** A whole img2img on the portrait: fit, encode, 4 LCM steps (strength 0.4), decode, paste back. */
    @Benchmark
    public Stylized sdImg2Img(Sd state) throws Exception {
        return state.stylizer.apply(state.request);
    }
}
