package io.phototriage.models.sd;

import io.phototriage.core.image.Pixels;
import io.phototriage.core.image.StyleInputs;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.Closeables;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.models.djl.DjlRuntime;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Stable Diffusion img2img with a few-step sampler (LCM, or Euler for turbo models), as the stylize stage.
 *
 * <p>The input is the hero's cut-out by default (see {@link #apply}). Per picture: it is centre-cropped to the aspect ratio the parts were traced at and resized (bicubic) to
 * that size (a multiple of 8; 512x512 for the real export), so nothing is stretched; it is scaled to -1..1 and
 * VAE-encoded (the posterior mean, times the scaling factor); the prompt ({@link StyleRequest#DEFAULT_PROMPT} when
 * blank) is encoded once; the latent is noised to the start timestep that {@code strength} picks, with noise seeded by
 * {@link StyleRequest#seed()}; the scheduler runs its steps with the UNet; the result is decoded to an image of the
 * traced size. The same photo, prompt, seed and options give the same image.
 *
 * <p>Owns its four networks and the tokenizer; close it when done. A fresh scheduler is made per run. Call from one
 * thread at a time.
 */
public final class StableDiffusionStylizer implements Stylizer {
    private final SdTextEncoder textEncoder;
    private final SdUnet unet;
    private final SdVaeEncoder vaeEncoder;
    private final SdVaeDecoder vaeDecoder;
    private final SdContract contract;
    private final SdOptions options;
    private final StepListener listener;
    private final ModelInfo modelInfo;
    private final float[] guidanceEmbedding;

    private StableDiffusionStylizer(SdTextEncoder textEncoder, SdUnet unet, SdVaeEncoder vaeEncoder, SdVaeDecoder vaeDecoder,
            SdContract contract, SdOptions options, StepListener listener, ModelInfo modelInfo) {
        this.textEncoder = textEncoder;
        this.unet = unet;
        this.vaeEncoder = vaeEncoder;
        this.vaeDecoder = vaeDecoder;
        this.contract = contract;
        this.options = options;
        this.listener = listener;
        this.modelInfo = modelInfo;
        this.guidanceEmbedding = contract.guidanceEmbeddingDim() == 0 ? new float[0]
                : GuidanceEmbedding.of(contract.guidanceScale() - 1, contract.guidanceEmbeddingDim());
    }

    /**
     * Loads the four networks and the tokenizer of a resolved model folder; if one fails to load, those already
     * loaded are closed.
     *
     * @param resolved the model folder, its files checked against the manifest
     * @param options  steps, strength and what is stylized; checked against the contract
     * @param listener told after every sampling step (use {@link StepListener#NONE} for none)
     * @return a stylizer owning the four networks and the tokenizer
     * @throws ModelException if the manifest's contract is invalid, or the options do not fit it
     * @throws StageException if a part cannot be loaded
     */
    public static StableDiffusionStylizer load(ResolvedModel resolved, SdOptions options, StepListener listener)
            throws StageException, ModelException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        if (!DjlRuntime.PYTORCH.equals(resolved.manifest().engine())) {
            throw new ModelException("model " + resolved.manifest().name() + " is for engine " + resolved.manifest().engine()
                    + "; the Stable Diffusion stylizer runs TorchScript (" + DjlRuntime.PYTORCH + ")");
        }
        SdContract contract = SdContract.of(resolved.manifest());
        try {
            DiffusionScheduler.create(contract.scheduler(), options.steps(), options.strength());
        } catch (IllegalArgumentException e) {
            throw new ModelException("model " + resolved.manifest().name() + ": " + e.getMessage(), e);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            SdTextEncoder text = add(opened, SdTextEncoder.load(resolved, contract));
            SdUnet unet = add(opened, SdUnet.load(resolved, contract));
            SdVaeEncoder encoder = add(opened, SdVaeEncoder.load(resolved, contract));
            SdVaeDecoder decoder = add(opened, SdVaeDecoder.load(resolved, contract));
            ModelInfo info = new ModelInfo(resolved.manifest().name(), resolved.weightsId(SdUnet.ROLE), DjlRuntime.PYTORCH);
            return new StableDiffusionStylizer(text, unet, encoder, decoder, contract, options, listener, info);
        } catch (StageException | ModelException | RuntimeException e) {
            Collections.reverse(opened);
            Closeables.closeAfterFailure(e, opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> opened, T part) {
        opened.add(part);
        return part;
    }

    /**
     * The contract read from the manifest.
     *
     * @return the image size, latent layout, scheduler and guidance the parts were traced with
     */
    public SdContract contract() {
        return contract;
    }

    /**
     * The options this stylizer samples with.
     *
     * @return the options given to {@link #load}
     */
    public SdOptions options() {
        return options;
    }

    /**
     * Stylizes the hero: its cut-out on a neutral background padded to the traced aspect ratio (so the centre crop
     * cuts nothing), or the whole photo with option {@code input=photo} or when the hero has no segmentation
     * ({@link StyleInputs#prepare}; {@link Stylized#input()} says which).
     */
    @Override
    public Stylized apply(StyleRequest request) throws StageException {
        StyleInputs.Prepared prepared = StyleInputs.prepare(request, options.input(),
                (double) contract.width() / contract.height());
        SdOutput out = img2img(prepared.image(), request.prompt(), request.seed());
        return prepared.result(out.image(), out.prompt());
    }

    /**
     * Runs img2img on one picture.
     *
     * @param photo  the picture, any size; centre-cropped and resized to the contract's size ({@link #fitToContract})
     * @param prompt the style prompt; blank means {@link StyleRequest#DEFAULT_PROMPT}
     * @param seed   seeds the sampler's noise
     * @return the stylized picture at the contract's size, with the prompt, seed, timesteps and strength used
     * @throws StageException when a network fails
     */
    public SdOutput img2img(BufferedImage photo, String prompt, long seed) throws StageException {
        String usedPrompt = prompt == null || prompt.isBlank() ? StyleRequest.DEFAULT_PROMPT : prompt;
        BufferedImage fitted = fitToContract(photo, contract.width(), contract.height());
        float[] pixels = Pixels.chw(fitted, Pixels.Order.RGB, 1 / 127.5f, new float[] {1, 1, 1}, new float[] {1, 1, 1});
        float[] x0 = scale(vaeEncoder.latentMean(pixels), (float) contract.scalingFactor());
        float[] text = textEncoder.encode(usedPrompt);
        DiffusionScheduler scheduler = DiffusionScheduler.create(contract.scheduler(), options.steps(), options.strength());
        float[] latent = Img2ImgSampler.sample(x0, scheduler,
                (input, t) -> unet.predictNoise(input, t, text, guidanceEmbedding), new GaussianNoise(seed), listener);
        float[] image = vaeDecoder.decode(scale(latent, (float) (1 / contract.scalingFactor())));
        return new SdOutput(toImage(image, contract.width(), contract.height()), usedPrompt, seed, scheduler.timesteps(),
                options.strength());
    }

    /**
     * The largest centred crop of {@code photo} with the aspect ratio of {@code width x height}, resized (bicubic) to
     * exactly that size.
     *
     * @param photo  the picture
     * @param width  the target width, in pixels
     * @param height the target height, in pixels
     * @return a new image of exactly {@code width x height}
     */
    public static BufferedImage fitToContract(BufferedImage photo, int width, int height) {
        int w = photo.getWidth();
        int h = photo.getHeight();
        int cropW = w;
        int cropH = (int) Math.round((double) w * height / width);
        if (cropH > h) {
            cropH = h;
            cropW = (int) Math.round((double) h * width / height);
        }
        int x = (w - cropW) / 2;
        int y = (h - cropH) / 2;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(photo, 0, 0, width, height, x, y, x + cropW, y + cropH, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Planar RGB in -1..1 to an image ({@code (v + 1) * 127.5}, clamped, rounded). */
    static BufferedImage toImage(float[] chw, int width, int height) {
        float[] scaled = new float[chw.length];
        for (int i = 0; i < chw.length; i++) {
            scaled[i] = (chw[i] + 1f) * 127.5f;
        }
        return Pixels.fromChwRgb(scaled, width, height);
    }

    private static float[] scale(float[] values, float factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    @Override
    public String name() {
        return "stable-diffusion";
    }

    @Override
    public ModelInfo model() {
        return modelInfo;
    }

    @Override
    public void close() {
        Closeables.closeAll(vaeDecoder, vaeEncoder, unet, textEncoder);
    }
}
