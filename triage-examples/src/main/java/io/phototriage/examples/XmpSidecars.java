package io.phototriage.examples;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.adobe.internal.xmp.XMPMetaFactory;
import com.adobe.internal.xmp.options.PropertyOptions;
import com.adobe.internal.xmp.options.SerializeOptions;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the triage result of each photo as an XMP sidecar that photo managers import as keywords (written with
 * Adobe's xmpcore, which comes with metadata-extractor):
 *
 * <ul>
 *   <li>{@code dc:subject} (a bag): the class ({@code people}, {@code pets}; {@code neither} is not a keyword) and
 *       each detected label ({@code person}, {@code dog}, {@code cat}, ...), once each;</li>
 *   <li>{@code lr:hierarchicalSubject} (a bag, Lightroom's and darktable's hierarchy): the same under
 *       {@code phototriage|}, e.g. {@code phototriage|people};</li>
 *   <li>{@code digiKam:TagsList} (a seq, digiKam's own tag paths): the same as {@code phototriage/people};</li>
 *   <li>the album's hero shot: {@code xmp:Rating} 5 <em>and</em> {@code xmp:Label} {@value #HERO_LABEL} (a colour
 *       label: Lightroom's default label set, darktable and digiKam all read it); other photos get no rating.</li>
 * </ul>
 *
 * <p>Photos that failed get no sidecar, nor do photos with nothing to say (no keyword, not the hero). A RAW file
 * paired with a JPEG ({@code companions}) gets the same sidecar as its JPEG; with {@link Naming#LIGHTROOM} a pair
 * gets only the RAW's ({@code IMG_0001.xmp} after {@code IMG_0001.CR2}), as Lightroom Classic keeps it.
 *
 * <p>Where: by default under {@code OUT/xmp/}, mirroring the input tree (a rerun replaces them). With
 * {@link Target#BESIDE_ORIGINALS} next to the photos, the one opt-in write under the input: a sidecar is created only
 * where none exists (exclusive create, never replacing or modifying an existing file).
 */
final class XmpSidecars {
    /** Prefix of the hierarchical keywords. */
    static final String ROOT_KEYWORD = "phototriage";
    /** The colour label of the hero shot. */
    static final String HERO_LABEL = "Green";
    /** The hero shot's rating (stars). */
    static final int HERO_RATING = 5;
    /** Folder of the sidecars under the output. */
    static final String FOLDER = "xmp";

    static final String NS_LR = "http://ns.adobe.com/lightroom/1.0/";
    static final String NS_DIGIKAM = "http://www.digikam.org/ns/1.0/";

    static {
        try {
            XMPMetaFactory.getSchemaRegistry().registerNamespace(NS_LR, "lr");
            XMPMetaFactory.getSchemaRegistry().registerNamespace(NS_DIGIKAM, "digiKam");
        } catch (XMPException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How a sidecar is named. */
    enum Naming {
        /** {@code IMG_0001.CR2.xmp}: darktable and digiKam (a pair gets one per file). */
        DARKTABLE,
        /** {@code IMG_0001.xmp}: Lightroom Classic (a pair shares one). */
        LIGHTROOM;

        /** Parses {@code darktable}, {@code digikam} or {@code lightroom}. */
        static Naming parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "darktable", "digikam" -> DARKTABLE;
                case "lightroom" -> LIGHTROOM;
                default -> throw new IllegalArgumentException("--xmp-naming must be darktable, digikam or lightroom: " + s);
            };
        }

        /** The sidecar's file name for a photo file name. */
        String sidecarName(String fileName) {
            if (this == DARKTABLE) {
                return fileName + ".xmp";
            }
            int dot = fileName.lastIndexOf('.');
            return (dot > 0 ? fileName.substring(0, dot) : fileName) + ".xmp";
        }
    }

    /** Where sidecars go. */
    enum Target {
        /** {@code OUT/xmp/}, mirroring the input tree. */
        OUTPUT,
        /** Beside the photos, only where no sidecar exists yet. */
        BESIDE_ORIGINALS
    }

    /**
     * What was written.
     *
     * @param written       sidecars created (or replaced under the output)
     * @param keptExisting  sidecars beside the originals that existed already and were left untouched
     * @param nothingToSay  photos without keywords that are not a hero, and photos that failed: no sidecar
     */
    record Result(int written, int keptExisting, int nothingToSay) {}

    private XmpSidecars() {}

    /**
     * Writes the sidecars of a run.
     *
     * @param doc    the run's results
     * @param input  the input folder (the photos' ids are relative to it)
     * @param output the output folder
     * @param naming how sidecars are named
     * @param target where they go
     * @return what was written
     * @throws IOException if a sidecar cannot be written
     */
    static Result write(ResultsDocument doc, Path input, Path output, Naming naming, Target target) throws IOException {
        Set<String> heroes = new HashSet<>();
        for (AlbumEntry a : doc.albums()) {
            if (a.hero() != null) {
                heroes.add(a.hero());
            }
        }
        Path base = target == Target.OUTPUT ? output.resolve(FOLDER) : input;
        int written = 0;
        int kept = 0;
        int nothing = 0;
        for (PhotoEntry p : doc.photos()) {
            List<String> keywords = keywords(p);
            boolean hero = heroes.contains(p.path());
            if ("error".equals(p.status()) || (keywords.isEmpty() && !hero)) {
                nothing++;
                continue;
            }
            byte[] xmp = serialize(keywords, hero);
            Set<String> names = new LinkedHashSet<>();
            boolean paired = p.companions() != null && !p.companions().isEmpty();
            // Lightroom keeps one sidecar per RAW+JPEG pair, named after the RAW (its master file); it reads a JPEG's
            // metadata from inside the JPEG, so the JPEG of a pair gets none of its own under this naming.
            if (!(paired && naming == Naming.LIGHTROOM)) {
                names.add(sidecarId(p.path(), naming));
            }
            if (paired) {
                p.companions().forEach(c -> names.add(sidecarId(c, naming)));
            }
            for (String id : names) {
                Path file = base.resolve(id).normalize();
                if (!file.startsWith(base)) {
                    throw new IOException("sidecar path escapes its folder: " + id);
                }
                Files.createDirectories(file.getParent());
                if (target == Target.OUTPUT) {
                    AtomicFiles.write(file, out -> out.write(xmp));
                    written++;
                } else if (createNew(file, xmp)) {
                    written++;
                } else {
                    kept++;
                }
            }
        }
        return new Result(written, kept, nothing);
    }

    /** The keywords of a photo: its class unless {@code neither}, then each detected label, each once, in order. */
    static List<String> keywords(PhotoEntry p) {
        Set<String> k = new LinkedHashSet<>();
        if (p.classLabel() != null && !"neither".equals(p.classLabel())) {
            k.add(p.classLabel());
        }
        if (p.detections() != null) {
            for (DetectionEntry d : p.detections()) {
                k.add(d.label());
            }
        }
        return new ArrayList<>(k);
    }

    /** The XMP packet for these keywords, with the hero's rating and label when {@code hero}. */
    static byte[] serialize(List<String> keywords, boolean hero) throws IOException {
        try {
            XMPMeta meta = XMPMetaFactory.create();
            PropertyOptions bag = new PropertyOptions().setArray(true);
            PropertyOptions seq = new PropertyOptions().setArray(true).setArrayOrdered(true);
            for (String k : keywords) {
                meta.appendArrayItem(XMPConst.NS_DC, "subject", bag, k, null);
                meta.appendArrayItem(NS_LR, "hierarchicalSubject", bag, ROOT_KEYWORD + "|" + k, null);
                meta.appendArrayItem(NS_DIGIKAM, "TagsList", seq, ROOT_KEYWORD + "/" + k, null);
            }
            if (hero) {
                meta.setPropertyInteger(XMPConst.NS_XMP, "Rating", HERO_RATING);
                meta.setProperty(XMPConst.NS_XMP, "Label", HERO_LABEL);
            }
            meta.setProperty(XMPConst.NS_XMP, "CreatorTool", "phototriage");
            // A sidecar is a file of its own: no packet wrapper and no in-place-editing padding (2 KB of spaces),
            // an XML declaration instead, as darktable and exiftool write them.
            byte[] body = XMPMetaFactory.serializeToBuffer(meta, new SerializeOptions().setOmitPacketWrapper(true));
            byte[] decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] all = java.util.Arrays.copyOf(decl, decl.length + body.length);
            System.arraycopy(body, 0, all, decl.length, body.length);
            return all;
        } catch (XMPException e) {
            throw new IOException("cannot write XMP: " + e.getMessage(), e);
        }
    }

    /** The sidecar's path relative to the base folder for a photo id ({@code a/IMG.CR2} → {@code a/IMG.CR2.xmp}). */
    static String sidecarId(String photoId, Naming naming) {
        int slash = photoId.lastIndexOf('/');
        return photoId.substring(0, slash + 1) + naming.sidecarName(photoId.substring(slash + 1));
    }

    /**
     * Creates {@code file} with {@code bytes} only if nothing exists at that path (exclusive create: an existing
     * sidecar, or a link, is never opened for writing); a failed write removes what it created.
     *
     * @return true if written, false if something was there
     */
    private static boolean createNew(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        boolean done = false;
        try (OutputStream o = out) {
            o.write(bytes);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
        return true;
    }

    /** For messages: the folder sidecars of {@code target} go to. */
    static String where(Target target, Path input, Path output) {
        return Objects.requireNonNull(target) == Target.OUTPUT ? output.resolve(FOLDER).toString() : "beside the photos in " + input;
    }
}
