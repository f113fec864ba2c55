package io.phototriage.core.testing;

/** Damaged-but-decodable JPEG byte streams for decoder tests. Shared through the core test-jar. */
public final class JpegQuirks {
    private JpegQuirks() {}

    /**
     * {@code jpeg} with three junk bytes ({@code 12 34 56}) inserted just before its end-of-image marker, which
     * libjpeg reports as "extraneous bytes before marker 0xd9" and Pillow accepts.
     *
     * @param jpeg a complete JPEG file ending with the EOI marker {@code FF D9}
     * @return a new array, three bytes longer
     */
    public static byte[] junkBeforeEoi(byte[] jpeg) {
        int eoi = jpeg.length - 2;
        if (eoi < 0 || (jpeg[eoi] & 0xff) != 0xff || (jpeg[eoi + 1] & 0xff) != 0xd9) {
            throw new IllegalArgumentException("not a JPEG that ends with its EOI marker");
        }
        byte[] quirk = new byte[jpeg.length + 3];
        System.arraycopy(jpeg, 0, quirk, 0, eoi);
        quirk[eoi] = 0x12;
        quirk[eoi + 1] = 0x34;
        quirk[eoi + 2] = 0x56;
        System.arraycopy(jpeg, eoi, quirk, eoi + 3, 2);
        return quirk;
    }
}
