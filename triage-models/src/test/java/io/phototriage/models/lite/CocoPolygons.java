package io.phototriage.models.lite;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.stage.Mask;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * COCO polygon ground truth as a {@link Mask}, filled with Java2D (pixel centres inside the polygon). For these tests
 * only; it is close to, not identical with, pycocotools' rasteriser.
 */
public final class CocoPolygons {
    private CocoPolygons() {}

    public static Mask mask(JsonNode annotation, int width, int height) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(Color.WHITE);
            for (JsonNode polygon : annotation.get("segmentation")) {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(polygon.get(0).asDouble(), polygon.get(1).asDouble());
                for (int i = 2; i + 1 < polygon.size(); i += 2) {
                    path.lineTo(polygon.get(i).asDouble(), polygon.get(i + 1).asDouble());
                }
                path.closePath();
                g.fill(path);
            }
        } finally {
            g.dispose();
        }
        boolean[] values = new boolean[width * height];
        byte[] data = ((java.awt.image.DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < values.length; i++) {
            values[i] = data[i] != 0;
        }
        return Mask.of(width, height, values);
    }
}
