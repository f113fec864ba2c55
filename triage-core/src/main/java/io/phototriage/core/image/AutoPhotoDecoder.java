package io.phototriage.core.image;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@link PhotoDecoder} for everything on a photographer's drive: it reads a file's first bytes and hands it to
 * the decoder for its kind ({@link #kindOf}): camera RAW to a {@link RawPreviewDecoder}, HEIC/HEIF/AVIF to a HEIF
 * decoder (triage-models' {@code HeifPhotoDecoder}, which needs FFmpeg; {@code HeifPhotoDecoder.auto(options)}
 * builds the full set), everything else (JPEG, PNG, WebP, TIFF, BMP, GIF) to the standard decoder. Give it to the
 * pipeline with {@code Pipeline.Builder.decoder(...)}.
 *
 * <p>Dispatch is by content, so a misnamed file still reaches the right decoder, with one exception: a plain TIFF
 * header is both an ordinary TIFF image and a TIFF-based RAW (NEF, ARW, DNG, PEF, ...), so such a file goes to the
 * RAW decoder only when its extension is a RAW one ({@link RawFormat#isRawExtension}).
 *
 * <p>Thread-safe when the decoders it is given are.
 */
public final class AutoPhotoDecoder implements PhotoDecoder {
    /** The file extensions (lower case, no dot) of HEIF and AVIF photos. */
    public static final Set<String> HEIF_EXTENSIONS = Set.of("heic", "heif", "hif", "avif");

    /** Which decoder a file goes to. */
    public enum Kind {
        /** JPEG, PNG, WebP, TIFF, BMP, GIF and anything unrecognised (whose decoder then says what it is). */
        STANDARD,
        /** A camera RAW file: decoded through its embedded preview. */
        RAW,
        /** HEIC/HEIF or AVIF. */
        HEIF
    }

    private final DecodeOptions options;
    private final PhotoDecoder standard;
    private final PhotoDecoder raw;
    private final Optional<PhotoDecoder> heif;

    /**
     * A decoder that dispatches to the given ones.
     *
     * @param options  the options, for the file guard run before the first bytes are read
     * @param standard for JPEG, PNG, WebP, TIFF, BMP, GIF and unrecognised files
     * @param raw      for camera RAW files
     * @param heif     for HEIC/HEIF/AVIF; empty to refuse them with a message that says what to add
     */
    public AutoPhotoDecoder(DecodeOptions options, PhotoDecoder standard, PhotoDecoder raw,
            Optional<PhotoDecoder> heif) {
        this.options = Objects.requireNonNull(options, "options");
        this.standard = Objects.requireNonNull(standard, "standard");
        this.raw = Objects.requireNonNull(raw, "raw");
        this.heif = Objects.requireNonNull(heif, "heif");
    }

    /**
     * The decoders of triage-core alone: {@link ImageIoPhotoDecoder} and {@link RawPreviewDecoder} with
     * {@code options}; HEIC/AVIF files are refused (they need triage-models' {@code HeifPhotoDecoder}).
     *
     * @param options scaling and orientation options shared by both decoders
     * @return a decoder that routes by file content; it throws for HEIF files, naming the missing decoder
     */
    public static AutoPhotoDecoder withoutHeif(DecodeOptions options) {
        return new AutoPhotoDecoder(options, new ImageIoPhotoDecoder(options), new RawPreviewDecoder(options),
                Optional.empty());
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        Path path = photo.path();
        options.checkFile(path);
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(16);
        } catch (IOException e) {
            throw new PhotoDecodeException(path, "cannot read the file (" + ImageIoPhotoDecoder.describe(e) + ")", e);
        }
        return switch (kindOf(head, path.getFileName().toString())) {
            case RAW -> raw.decode(photo);
            case HEIF -> heif.orElseThrow(() -> new PhotoDecodeException(path, "it is HEIC/HEIF or AVIF, and no HEIF"
                    + " decoder is configured: use triage-models' HeifPhotoDecoder.auto(options) (FFmpeg), or convert"
                    + " the photo to JPEG")).decode(photo);
            case STANDARD -> standard.decode(photo);
        };
    }

    /**
     * The kind of a file from its first bytes ({@code head}, 16 are enough) and, only for a plain TIFF header, its
     * name's extension.
     *
     * @param head     the file's first bytes (fewer than 16 are fine; the checks that need more say no)
     * @param fileName the file's name, consulted only for a plain TIFF header (a RAW extension makes it RAW)
     * @return {@link Kind#HEIF}, {@link Kind#RAW} or {@link Kind#STANDARD}
     */
    public static Kind kindOf(byte[] head, String fileName) {
        if (isHeif(head)) {
            return Kind.HEIF;
        }
        Optional<RawFormat> format = RawFormat.sniff(head);
        if (format.isEmpty()) {
            return Kind.STANDARD;
        }
        if (format.get() != RawFormat.TIFF) {
            return Kind.RAW;
        }
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && RawFormat.isRawExtension(fileName.substring(dot + 1)) ? Kind.RAW : Kind.STANDARD;
    }

    /**
     * Whether {@code head} (a file's first bytes, 16 are enough) is an ISO media file whose major brand is a HEIF
     * or AVIF image brand: {@code heic heix heim heis hevc hevx mif1 msf1 avif avis}.
     *
     * @param head the file's first bytes
     * @return true for a HEIF/AVIF image file; false when {@code head} has fewer than 12 bytes
     */
    public static boolean isHeif(byte[] head) {
        if (head.length < 12) {
            return false;
        }
        String ascii = new String(head, 0, 12, StandardCharsets.ISO_8859_1);
        if (!ascii.startsWith("ftyp", 4)) {
            return false;
        }
        return switch (ascii.substring(8, 12).toLowerCase(Locale.ROOT)) {
            case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis" -> true;
            default -> false;
        };
    }
}
