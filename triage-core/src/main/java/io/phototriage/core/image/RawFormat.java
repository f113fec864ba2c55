package io.phototriage.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The container of a camera RAW file, recognised from its first bytes ({@link #sniff}); tells
 * {@link RawPreviewDecoder} where to look for the embedded previews.
 */
public enum RawFormat {
    /**
     * A plain TIFF header ({@code II*\0} or {@code MM\0*}): NEF, NRW, ARW, SRF, SR2, DNG, PEF, and also an
     * ordinary TIFF image: only the file's extension tells them apart (see {@link #isRawExtension}).
     */
    TIFF("TIFF-based RAW"),
    /** Canon CR2: a TIFF header followed by {@code CR} at byte 8. */
    CR2("CR2"),
    /** Olympus ORF: {@code IIRO}, {@code IIRS} or {@code MMOR}. */
    ORF("ORF"),
    /** Panasonic RW2/RAW/RWL: {@code IIU\0}. */
    RW2("RW2"),
    /** Fujifilm RAF: {@code FUJIFILMCCD-RAW}. */
    RAF("RAF"),
    /** Canon CR3: an ISO media file of brand {@code crx }. */
    CR3("CR3");

    /** The RAW formats read, for messages. */
    public static final String SUPPORTED = "CR2, CR3, NEF, ARW, DNG, RAF, RW2, ORF, PEF";

    /**
     * The file extensions (lower case, no dot) of camera RAW files: what a folder scanner should list, and what
     * makes a plain TIFF header a RAW for {@link #isRawExtension}.
     */
    public static final java.util.Set<String> EXTENSIONS = java.util.Set.of(
            "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "dng", "raf", "rw2", "rwl", "orf", "pef", "srw",
            "3fr", "erf", "kdc", "mef", "mos", "mrw", "iiq", "x3f");

    private final String label;

    RawFormat(String label) {
        this.label = label;
    }

    /**
     * A short name for messages.
     *
     * @return e.g. "CR3" or "TIFF-based RAW"
     */
    public String label() {
        return label;
    }

    /**
     * The RAW container that {@code head} (the first bytes of a file, 16 are enough) starts like; empty for
     * anything else. A plain TIFF header gives {@link #TIFF}, which may also be an ordinary TIFF image.
     *
     * @param head the first bytes of a file
     * @return the container, or empty
     */
    public static Optional<RawFormat> sniff(byte[] head) {
        int n = head.length;
        String ascii = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("FUJIFILMCCD-RAW")) {
            return Optional.of(RAF);
        }
        if (n >= 12 && ascii.startsWith("ftypcrx ", 4)) {
            return Optional.of(CR3);
        }
        if (ascii.startsWith("IIRO") || ascii.startsWith("IIRS") || ascii.startsWith("MMOR")) {
            return Optional.of(ORF);
        }
        if (n >= 4 && ascii.startsWith("IIU\0")) {
            return Optional.of(RW2);
        }
        if (ascii.startsWith("II*\0") || ascii.startsWith("MM\0*")) {
            return Optional.of(n >= 10 && ascii.startsWith("CR", 8) ? CR2 : TIFF);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code extension} (without the dot, any case) is a camera RAW extension (cr2, nef, dng, ...).
     *
     * @param extension a file name's extension
     * @return true for a known RAW extension
     */
    public static boolean isRawExtension(String extension) {
        return EXTENSIONS.contains(extension.toLowerCase(java.util.Locale.ROOT));
    }
}
