package io.phototriage.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/** Builds the input tree the driver tests run on, and snapshots trees to prove nothing changed. */
final class PhotoTree {
    static final String XSS_NAME = "<img src=x onerror=\"window.__xss=1\">.jpg";
    static final String ALERT_NAME = "<img src=x onerror=alert(1)>.jpg";
    static final String UNICODE_NAME = "Ünïcødé 照片 ☃ & 'quote'.PNG";

    /** Photo paths (relative, sorted) the tree holds, with the status the fake models give each. */
    static final Map<String, String> EXPECTED_STATUS = new TreeMap<>(Map.of(
            "2020/trip/beach.png", "ok",
            "2020/trip/dog.jpg", "ok",
            "2020/trip/sky.jpg", "skipped",
            "broken/corrupt.jpg", "error",
            "broken/empty.jpg", "error",
            "portrait.jpg", "ok",
            "weird/" + XSS_NAME, "ok",
            "weird/" + ALERT_NAME, "ok",
            "weird/" + UNICODE_NAME, "ok"));

    static final Map<String, String> EXPECTED_CLASS = new TreeMap<>(Map.of(
            "2020/trip/beach.png", "people",
            "2020/trip/dog.jpg", "pets",
            "2020/trip/sky.jpg", "neither",
            "portrait.jpg", "people",
            "weird/" + XSS_NAME, "people",
            "weird/" + ALERT_NAME, "pets",
            "weird/" + UNICODE_NAME, "people"));

    private PhotoTree() {}

    static Path create(Path input) throws IOException {
        Files.createDirectories(input.resolve("2020/trip"));
        Files.createDirectories(input.resolve("broken"));
        Files.createDirectories(input.resolve("weird"));
        writeImage(input.resolve("portrait.jpg"), 0xd02020, 40, 1, "jpg");
        writeImage(input.resolve("2020/trip/beach.png"), 0xc03030, 60, 2, "png");
        writeImage(input.resolve("2020/trip/dog.jpg"), 0x20c020, 30, 3, "jpg");
        writeImage(input.resolve("2020/trip/sky.jpg"), 0x2020d0, 20, 4, "jpg");
        Files.writeString(input.resolve("2020/trip/notes.txt"), "not a photo");
        Files.write(input.resolve("2020/trip/.DS_Store"), new byte[] {0, 1, 2});
        byte[] junk = new byte[2048];
        new Random(7).nextBytes(junk);
        junk[0] = (byte) 0xff;
        junk[1] = (byte) 0xd8; // a JPEG signature followed by garbage
        Files.write(input.resolve("broken/corrupt.jpg"), junk);
        Files.write(input.resolve("broken/empty.jpg"), new byte[0]);
        writeImage(input.resolve("weird").resolve(XSS_NAME), 0xe04040, 50, 5, "jpg");
        writeImage(input.resolve("weird").resolve(ALERT_NAME), 0x30d030, 50, 6, "jpg");
        writeImage(input.resolve("weird").resolve(UNICODE_NAME), 0xd03030, 70, 7, "png");
        Files.createSymbolicLink(input.resolve("weird/loop"), input.resolve("weird"));
        Files.createSymbolicLink(input.resolve("2020/up"), Path.of(".."));
        return input;
    }

    /** A 96x64 photo of one colour with seeded noise of {@code amplitude} (more noise = a sharper hero candidate). */
    static void writeImage(Path file, int rgb, int amplitude, long seed, String format) throws IOException {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int n = random.nextInt(2 * amplitude + 1) - amplitude;
                int r = clamp(((rgb >> 16) & 0xff) + n);
                int g = clamp(((rgb >> 8) & 0xff) + n);
                int b = clamp((rgb & 0xff) + n);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** Every entry under {@code root} (links not followed): relative path → type, size, mtime and content hash. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                out.put(root.relativize(dir) + "/", "dir " + attrs.lastModifiedTime().toMillis());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String desc = attrs.isSymbolicLink() ? "link " + Files.readSymbolicLink(file)
                        : "file " + attrs.size() + " " + attrs.lastModifiedTime().toMillis() + " " + sha256(file);
                out.put(root.relativize(file).toString(), desc);
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(in.readAllBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code root}, links not followed. */
    static List<Path> files(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }
}
