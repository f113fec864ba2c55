package io.phototriage.models.video;

import io.phototriage.core.image.Resize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * A small looping animated GIF of a clip for the page, built frame by frame: at most {@code maxFrames} frames (every
 * {@code stride}-th, chosen from the announced length), scaled to at most {@code maxSide} pixels on the longer side,
 * with the delay that keeps the clip's real speed. Only the scaled frames are held (a few hundred KB). Written with
 * the JDK's ImageIO GIF writer (no natives).
 */
public final class GifPreview {
    /** Default longer side of the preview in pixels. */
    public static final int DEFAULT_MAX_SIDE = 240;
    /** Default number of frames at most. */
    public static final int DEFAULT_MAX_FRAMES = 48;

    private final int stride;
    private final int maxSide;
    private final double fps;
    private final List<BufferedImage> frames = new ArrayList<>();

    /**
     * A preview of a clip of about {@code frameCount} frames.
     *
     * @param frameCount the clip's announced length (-1 if unknown: every 4th frame, up to the cap)
     * @param fps        the clip's frame rate
     * @param maxFrames  the most frames the GIF holds
     * @param maxSide    the longer side of the GIF in pixels
     */
    public GifPreview(int frameCount, double fps, int maxFrames, int maxSide) {
        if (maxFrames < 1 || maxSide < 8 || !(fps > 0)) {
            throw new IllegalArgumentException("bad preview settings: " + maxFrames + " frames, " + maxSide + " px, " + fps + " fps");
        }
        this.stride = frameCount > 0 ? Math.max(1, (int) Math.ceil(frameCount / (double) maxFrames)) : 4;
        this.maxSide = maxSide;
        this.fps = fps;
        this.maxFramesCap = maxFrames;
    }

    private final int maxFramesCap;

    /**
     * Offers frame {@code index}; kept when it falls on the stride and the cap is not reached.
     *
     * @param index the frame's index in the clip
     * @param image the picture to show for it (e.g. the cut-out composite)
     */
    public void offer(int index, BufferedImage image) {
        if (index % stride != 0 || frames.size() >= maxFramesCap) {
            return;
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage rgb = ClipReader.rgb(image);
        frames.add(scale < 1.0 ? Resize.resize(rgb, w, h, Resize.Filter.BILINEAR) : rgb);
    }

    /**
     * How many frames were kept.
     *
     * @return the number of frames the GIF will hold
     */
    public int size() {
        return frames.size();
    }

    /**
     * Writes the GIF.
     *
     * @param out where the bytes go (not closed)
     * @throws IOException if nothing was offered or the writer fails
     */
    public void writeTo(OutputStream out) throws IOException {
        if (frames.isEmpty()) {
            throw new IOException("no frame for the preview");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            int delayCs = Math.max(2, (int) Math.round(100.0 * stride / fps));
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = frames.get(i);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                configure(metadata, delayCs, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static void configure(IIOMetadata metadata, int delayCs, boolean first) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCs));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(app);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
