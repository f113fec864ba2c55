package io.phototriage.core.image;

import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stylizer paints: the hero's cut-out composited on a neutral background (the default), or the whole photo.
 * The one place both stylizers ({@code fast-style}, {@code stable-diffusion}) get their input from.
 *
 * <p>The composite: the segmentation's full-resolution cut-out (not its 256-pixel thumbnail, so nothing is enlarged)
 * is centred on a canvas of {@link #BACKGROUND} mid-grey with a margin of {@value #MARGIN} of its longer side on each
 * side, the canvas widened or heightened to the stylizer's aspect ratio when it has one (Stable Diffusion's traced
 * size, so its centre crop cuts nothing), and the cut-out's alpha (soft edges included) is blended over the grey.
 *
 * <p>Why a neutral grey and not a blurred copy of the photo: the point is to stylize the subject with its background
 * removed, and a blurred background brings the background's colours and shapes back for the style network to paint
 * as loudly as the subject; mid-grey is 0 in Stable Diffusion's −1..1 pixel scale, so img2img at the default strength
 * leaves it calm and puts its changes on the subject, and fast neural style fills it with an even, light texture.
 * It is also exact and cheap: no blur radius to tune, the same input for the same cut-out.
 */
public final class StyleInputs {
    /** The background of the composite: mid-grey {@code #808080}. */
    public static final int BACKGROUND = 0x808080;
    /** Margin around the cut-out, as a fraction of its longer side. */
    public static final double MARGIN = 0.1;

    private StyleInputs() {}

    /**
     * The picture to stylize and what it is.
     *
     * @param image TYPE_INT_RGB
     * @param input what {@code image} is
     * @param note  why {@code input} is not what was asked, or that the cut-out is approximate; {@code ""} otherwise
     */
    public record Prepared(BufferedImage image, Stylized.Input input, String note) {
        /**
         * Checks that no component is null.
         *
         * @param image TYPE_INT_RGB
         * @param input what {@code image} is
         * @param note  why {@code input} is not what was asked, or that the cut-out is approximate; {@code ""} otherwise
         * @throws NullPointerException when any component is null
         */
        public Prepared {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(note, "note");
        }

        /**
         * The stylizer's answer for this input: {@code styled} with what it was made from.
         *
         * @param styled the stylizer's output image
         * @param prompt the text prompt it used ({@code ""} for a stylizer without one)
         * @return a result carrying this input's kind and note
         */
        public Stylized result(BufferedImage styled, String prompt) {
            return new Stylized(styled, prompt, input, note);
        }
    }

    /**
     * Picks the input for {@code request}. {@code PHOTO} gives the photo. {@code CUTOUT} gives the composite of the
     * hero's segmentation; when the hero has none (segment not configured, skipped or failed for it), the whole photo,
     * with a note saying so.
     *
     * @param request the photo and the earlier stages' answers
     * @param wanted  the input the stylizer asks for
     * @param aspect  the stylizer's width / height, or {@code NaN} to keep the cut-out's own aspect (plus margin)
     * @return the picture to stylize, what it is and why it differs from {@code wanted} if it does
     */
    public static Prepared prepare(StyleRequest request, Stylized.Input wanted, double aspect) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(wanted, "wanted");
        BufferedImage photo = request.photo().image();
        if (wanted == Stylized.Input.PHOTO) {
            return new Prepared(photo, Stylized.Input.PHOTO, "");
        }
        Optional<Segmentation> subject = request.subject();
        if (subject.isEmpty()) {
            return new Prepared(photo, Stylized.Input.PHOTO,
                    "the hero shot has no segmentation (segment not run, skipped or failed for it): stylized the whole photo");
        }
        Segmentation s = subject.get();
        String note = s.approximate() ? "the cut-out is approximate (the detection box): " + s.source().reason() : "";
        return new Prepared(composite(s.cutout(), aspect), Stylized.Input.CUTOUT, note);
    }

    /**
     * {@code cutout} (ARGB) blended over {@link #BACKGROUND}, centred, with a {@link #MARGIN} border, on a canvas
     * widened or heightened to {@code aspect} (width / height) unless it is {@code NaN}.
     *
     * @param cutout the cut-out, {@code TYPE_INT_ARGB}; transparent pixels show the background
     * @param aspect the canvas's width / height, or {@code NaN} for the cut-out's own aspect plus margin
     * @return a new TYPE_INT_RGB image
     */
    public static BufferedImage composite(BufferedImage cutout, double aspect) {
        int w = cutout.getWidth();
        int h = cutout.getHeight();
        int margin = (int) Math.round(MARGIN * Math.max(w, h));
        int cw = w + 2 * margin;
        int ch = h + 2 * margin;
        if (!Double.isNaN(aspect)) {
            if (!(aspect > 0) || Double.isInfinite(aspect)) {
                throw new IllegalArgumentException("aspect must be a positive width / height ratio or NaN: " + aspect);
            }
            if ((double) cw / ch < aspect) {
                cw = (int) Math.round(ch * aspect);
            } else {
                ch = (int) Math.round(cw / aspect);
            }
        }
        int ox = (cw - w) / 2;
        int oy = (ch - h) / 2;
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        int[] grey = new int[cw];
        java.util.Arrays.fill(grey, BACKGROUND);
        for (int y = 0; y < ch; y++) {
            out.setRGB(0, y, cw, 1, grey, 0, cw);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            cutout.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] = over(row[x]);
            }
            out.setRGB(ox, oy + y, w, 1, row, 0, w);
        }
        return out;
    }

    /** Non-premultiplied {@code argb} over {@link #BACKGROUND}, rounded. */
    static int over(int argb) {
        int a = argb >>> 24;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int fg = (argb >> shift) & 0xff;
            int bg = (BACKGROUND >> shift) & 0xff;
            rgb |= ((fg * a + bg * (255 - a) + 127) / 255) << shift;
        }
        return rgb;
    }
}
