package io.phototriage.models.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.testing.NeedsNatives;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each tiny TorchScript part, run through DJL, against the eager Python module on the same inputs (golden files of
 * {@code tools/export/export.py stable-diffusion --tiny}); the schedule against the numpy reference; and a whole LCM
 * img2img against the Python loop fed the same noise.
 */
@NeedsNatives
class SdGoldenParityTest {
    /**
     * TorchScript in libtorch 2.3.1 vs eager torch 2.13 in float32, outputs of order 1: measured max differences are
     * 0 (text encoder), 7e-7 (UNet), 1.3e-6 (VAE encoder), 3e-6 (VAE decoder) (kernels sum in different orders);
     * 2e-5 leaves room for another CPU's vector width and fails on any real contract error.
     */
    private static final double PART_TOLERANCE = 2e-5;

    private static SdContract contract;
    @AutoClose
    private static SdTextEncoder text;
    @AutoClose
    private static SdUnet unet;
    @AutoClose
    private static SdVaeEncoder vaeEncoder;
    @AutoClose
    private static SdVaeDecoder vaeDecoder;

    @BeforeAll
    static void load() throws Exception {
        ResolvedModel tiny = SdFixtures.tiny();
        contract = SdContract.of(tiny.manifest());
        text = SdTextEncoder.load(tiny, contract);
        unet = SdUnet.load(tiny, contract);
        vaeEncoder = SdVaeEncoder.load(tiny, contract);
        vaeDecoder = SdVaeDecoder.load(tiny, contract);
    }

    @Test
    void tokenizerMatchesClipTokenizerOnTheDefaultPrompt() {
        JsonNode parts = SdFixtures.json("parts.json");
        long[] expected = new long[parts.get("input_ids").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = parts.get("input_ids").get(i).asLong();
        }
        assertThat(text.tokenize(parts.get("prompt").asText())).containsExactly(expected);
    }

    @Test
    void textEncoderMatchesPython() throws Exception {
        float[] hidden = text.encode(SdFixtures.json("parts.json").get("prompt").asText());
        assertThat(SdFixtures.maxAbsDiff(hidden, SdFixtures.tensor("text_hidden_states"))).isLessThan(PART_TOLERANCE);
    }

    @Test
    void unetMatchesPython() throws Exception {
        float[] eps = unet.predictNoise(SdFixtures.tensor("unet_sample"), SdFixtures.json("parts.json").get("unet_timestep").asInt(),
                SdFixtures.tensor("text_hidden_states"), SdFixtures.tensor("guidance_embedding"));
        assertThat(SdFixtures.maxAbsDiff(eps, SdFixtures.tensor("noise_pred"))).isLessThan(PART_TOLERANCE);
    }

    @Test
    void vaeEncoderMatchesPython() throws Exception {
        float[] moments = vaeEncoder.moments(SdFixtures.tensor("pixels"));
        assertThat(SdFixtures.maxAbsDiff(moments, SdFixtures.tensor("vae_moments"))).isLessThan(PART_TOLERANCE);
    }

    @Test
    void vaeDecoderMatchesPython() throws Exception {
        float[] mean = vaeEncoder.latentMean(SdFixtures.tensor("pixels"));
        float[] decoded = vaeDecoder.decode(mean);
        assertThat(SdFixtures.maxAbsDiff(decoded, SdFixtures.tensor("vae_decoded"))).isLessThan(PART_TOLERANCE);
    }

    /**
     * numpy float32 and Java (exp in double, rounded to float) may differ by one ulp in a frequency; at arguments up to
     * 7500 rad that moves sin/cos by up to about 5e-4 (measured 4.9e-4).
     */
    @Test
    void guidanceEmbeddingMatchesPython() {
        JsonNode g = SdFixtures.json("scheduler.json").get("guidance");
        float[] java = GuidanceEmbedding.of(g.get("w").asDouble(), g.get("embedding_dim").asInt());
        assertThat(SdFixtures.maxAbsDiff(java, SdFixtures.tensor("guidance_embedding"))).isLessThan(1e-3);
    }

    @Test
    void scheduleMatchesTheNumpyReference() {
        JsonNode golden = SdFixtures.json("scheduler.json");
        SchedulerConfig config = SchedulerConfig.fromJson(golden.get("config"));
        double[] alphas = config.alphasCumprod();
        JsonNode expected = golden.get("alphas_cumprod");
        assertThat(alphas).hasSize(expected.size());
        for (int t = 0; t < alphas.length; t++) {
            // both float64 from the same formula; only summation order differs
            assertThat(alphas[t]).as("alphas_cumprod[%d]", t).isCloseTo(expected.get(t).asDouble(), within(1e-12));
        }
        for (JsonNode run : golden.get("lcm")) {
            int[] ts = LcmScheduler.timesteps(config, run.get("steps").asInt(), run.get("strength").asDouble());
            assertThat(ts).hasSize(run.get("timesteps").size());
            for (int i = 0; i < ts.length; i++) {
                assertThat(ts[i]).isEqualTo(run.get("timesteps").get(i).asInt());
                LcmScheduler.BoundaryScalings c = LcmScheduler.boundaryScalings(config, ts[i]);
                assertThat(c.cSkip()).isCloseTo(run.get("c_skip").get(i).asDouble(), within(1e-15));
                assertThat(c.cOut()).isCloseTo(run.get("c_out").get(i).asDouble(), within(1e-15));
            }
        }
    }

    /**
     * The Java sampler with the tiny UNet through DJL against the Python loop (float64 scheduler arithmetic, eager
     * UNet), both fed the same start and step noises. Measured max difference 2e-6 on latents of order 1; the bound is
     * the part tolerance plus room for 4 steps of float32 (Java) vs float64 (numpy) scheduler arithmetic.
     */
    @Test
    void wholeLcmImg2ImgMatchesPythonGivenTheSameNoise() throws Exception {
        JsonNode run = SdFixtures.json("parts.json").get("img2img");
        Deque<float[]> noises = new ArrayDeque<>();
        for (JsonNode n : run.get("noises")) {
            noises.add(SdFixtures.tensor(n.asText().replace(".f32", "")));
        }
        float[] x0 = vaeEncoder.latentMean(SdFixtures.tensor("pixels"));
        for (int i = 0; i < x0.length; i++) {
            x0[i] *= (float) contract.scalingFactor();
        }
        float[] textHidden = SdFixtures.tensor("text_hidden_states");
        float[] guidance = SdFixtures.tensor("guidance_embedding");
        DiffusionScheduler scheduler = DiffusionScheduler.create(contract.scheduler(), run.get("steps").asInt(),
                run.get("strength").asDouble());
        float[] latent = Img2ImgSampler.sample(x0, scheduler, (in, t) -> unet.predictNoise(in, t, textHidden, guidance),
                n -> {
                    float[] next = noises.removeFirst();
                    assertThat(next).hasSize(n);
                    return next;
                }, StepListener.NONE);
        assertThat(noises).as("every golden noise is used").isEmpty();
        assertThat(SdFixtures.maxAbsDiff(latent, SdFixtures.tensor("img2img_latent"))).isLessThan(5e-5);
    }
}
