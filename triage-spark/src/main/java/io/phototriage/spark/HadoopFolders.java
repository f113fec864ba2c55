package io.phototriage.spark;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.examples.FolderTriage.UsageException;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Input and output folders on a Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code abfs://}, ...): what the
 * driver and the executors do through {@link FileSystem} where {@code java.nio.file} cannot go. The driver lists the
 * photos with {@link FolderScanner#classify} (the scan's own rules) and fingerprints them with the journal's sample
 * ({@link SourceFingerprint#of(long, long, SeekableByteChannel)}); the executors copy each photo to a local temporary
 * folder to decode it and upload what they wrote with {@link #upload} (a temporary name in the output folder, then a
 * rename: a retried task replaces its files, never duplicates them). Plain paths and {@code file:} URIs never come
 * here: they take the local path, as before.
 */
public final class HadoopFolders {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private HadoopFolders() {}

    /**
     * Whether a folder given on the command line names a Hadoop file system other than the local one.
     *
     * @param value the folder as given
     * @return true for a URI with a scheme other than {@code file}
     */
    public static boolean isHadoop(String value) {
        Matcher m = SCHEME.matcher(value);
        return m.find() && !m.group(1).equalsIgnoreCase("file");
    }

    /**
     * Whether a folder is written as a URI (any scheme, {@code file:} included) rather than a plain path.
     *
     * @param value the folder
     * @return true for a URI
     */
    public static boolean hasScheme(String value) {
        return SCHEME.matcher(value).find();
    }

    /**
     * The Hadoop configuration of this JVM's Spark (its {@code spark.hadoop.*} settings and the class path's
     * {@code core-site.xml}), on the driver or an executor.
     *
     * @return a new configuration
     */
    public static Configuration configuration() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }

    /**
     * The file system of a URI.
     *
     * @param uri  a folder or file
     * @param conf the configuration
     * @return its file system
     * @throws IOException if there is no file system for its scheme (the message says which jar is missing)
     */
    public static FileSystem fileSystem(String uri, Configuration conf) throws IOException {
        try {
            return new Path(uri).getFileSystem(conf);
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            throw missingJar(e.getMessage(), e);
        } catch (RuntimeException e) {
            // a scheme whose class Hadoop knows by name (fs.s3a.impl) but whose jar is absent
            if (e.getCause() instanceof ClassNotFoundException || e.getCause() instanceof NoClassDefFoundError) {
                throw missingJar(e.getCause().getMessage(), e);
            }
            throw e;
        }
    }

    private static IOException missingJar(String message, Exception cause) {
        return new IOException(message + " (the jar of that file system, e.g. hadoop-aws for s3a:, must be on"
                + " the class path of the driver and the executors; see docs/distributed.md)", cause);
    }

    /**
     * The input folder, fully qualified, refused (as the {@code run} command refuses a local one) when it does not
     * exist, is not a folder or cannot be read.
     *
     * @param input the input as given
     * @param conf  the configuration
     * @return the qualified folder
     * @throws UsageException with the message the command prints
     */
    public static Path checkInput(String input, Configuration conf) throws UsageException {
        try {
            FileSystem fs = fileSystem(input, conf);
            Path path = fs.makeQualified(new Path(input));
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw new UsageException("input folder " + path + " does not exist or is not a folder");
            }
            if (!status.isDirectory()) {
                throw new UsageException("input folder " + path + " does not exist or is not a folder");
            }
            fs.listStatus(path); // readable?
            return path;
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read input folder " + input + ": " + e.getMessage());
        }
    }

    /**
     * The output folder, fully qualified, refused when it is a file, is the input, inside it, or contains it (the
     * same rules as {@code run}, compared on qualified URIs: scheme, authority and path).
     *
     * @param input  the checked input
     * @param output the output as given
     * @param conf   the configuration
     * @return the qualified output folder (not created yet)
     * @throws UsageException with the message the command prints
     */
    public static Path checkOutput(Path input, String output, Configuration conf) throws UsageException {
        Path out;
        try {
            FileSystem fs = fileSystem(output, conf);
            out = fs.makeQualified(new Path(output));
            if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
                throw new UsageException("output " + out + " exists and is not a folder");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot resolve output folder " + output + ": " + e.getMessage());
        }
        URI in = input.toUri();
        URI o = out.toUri();
        boolean sameFs = java.util.Objects.equals(lower(in.getScheme()), lower(o.getScheme()))
                && java.util.Objects.equals(lower(in.getAuthority()), lower(o.getAuthority()));
        if (sameFs) {
            String ip = trimSlash(in.getPath());
            String op = trimSlash(o.getPath());
            if (op.equals(ip) || op.startsWith(ip + "/")) {
                throw UsageException.outputUnderInput(out, input, op.equals(ip));
            }
            if (ip.startsWith(op + "/") || op.isEmpty()) {
                throw UsageException.outputAboveInput(out, input);
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String trimSlash(String p) {
        String s = p == null ? "" : p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /**
     * Lists the photos under a folder with the scan's rules ({@link FolderScanner#classify}). Each photo's
     * {@link io.phototriage.core.Photo#path()} only carries its name (the URI's path); read it through
     * {@link #child(Path, String)} of its id.
     *
     * @param root the checked input folder
     * @param conf the configuration
     * @return the scan
     * @throws IOException if the folder cannot be listed
     */
    public static FolderScanner.Scan scan(Path root, Configuration conf) throws IOException {
        FileSystem fs = root.getFileSystem(conf);
        String base = trimSlash(root.toUri().getPath());
        List<FolderScanner.Listed> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus status = it.next();
            String path = status.getPath().toUri().getPath();
            if (!path.startsWith(base + "/")) {
                continue;
            }
            String id = path.substring(base.length() + 1);
            files.add(new FolderScanner.Listed(java.nio.file.Path.of(path), id, status.isFile()));
        }
        return FolderScanner.classify(java.nio.file.Path.of(base.isEmpty() ? "/" : base), files, 0, List.of());
    }

    /**
     * A file of a folder by its {@code /}-separated relative path.
     *
     * @param folder the folder
     * @param id     the relative path
     * @return the file
     */
    public static Path child(Path folder, String id) {
        return new Path(folder, id);
    }

    /**
     * Fingerprints a file with the journal's sample of its first and last bytes.
     *
     * @param file the file
     * @param conf the configuration
     * @return its fingerprint
     * @throws IOException if it cannot be read
     */
    public static SourceFingerprint fingerprint(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(file);
        try (FSDataInputStream in = fs.open(file)) {
            return SourceFingerprint.of(status.getLen(), status.getModificationTime(), new StreamChannel(in, status.getLen()));
        }
    }

    /**
     * Copies a file to a local file (the executors decode local files).
     *
     * @param file   the file
     * @param target the local file; its folder is created
     * @param conf   the configuration
     * @throws IOException if it cannot be copied
     */
    public static void download(Path file, java.nio.file.Path target, Configuration conf) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        FileSystem fs = file.getFileSystem(conf);
        try (FSDataInputStream in = fs.open(file)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Uploads a local file: written under a temporary name ({@link AtomicFiles#TEMP_PREFIX}) in the target's folder,
     * then renamed over the target, so that a reader never sees half a file and a retried task leaves one file, not
     * two. Where the file system's rename does not replace (HDFS), the old file is deleted just before the rename.
     *
     * @param local  the local file
     * @param target where it goes
     * @param conf   the configuration
     * @throws IOException if it cannot be written or renamed
     */
    public static void upload(java.nio.file.Path local, Path target, Configuration conf) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path temp = new Path(target.getParent(), AtomicFiles.TEMP_PREFIX + UUID.randomUUID() + ".tmp");
        try {
            try (var out = fs.create(temp, false)) {
                Files.copy(local, out);
            }
            if (!fs.rename(temp, target)) {
                fs.delete(target, false);
                if (!fs.rename(temp, target)) {
                    throw new IOException("cannot rename " + temp + " to " + target);
                }
            }
        } finally {
            if (fs.exists(temp)) {
                fs.delete(temp, false);
            }
        }
    }

    /**
     * Uploads every file under a local folder to the same relative paths under a Hadoop folder.
     *
     * @param localRoot the local folder
     * @param target    the Hadoop folder
     * @param conf      the configuration
     * @return the relative paths uploaded, sorted
     * @throws IOException if one cannot be uploaded
     */
    public static List<String> uploadTree(java.nio.file.Path localRoot, Path target, Configuration conf) throws IOException {
        List<String> done = new ArrayList<>();
        if (!Files.isDirectory(localRoot)) {
            return done;
        }
        List<java.nio.file.Path> files;
        try (var walk = Files.walk(localRoot)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (java.nio.file.Path f : files) {
            List<String> parts = new ArrayList<>();
            localRoot.relativize(f).forEach(p -> parts.add(p.toString()));
            String rel = String.join("/", parts);
            upload(f, child(target, rel), conf);
            done.add(rel);
        }
        return done;
    }

    /**
     * Deletes temporary files a killed upload left in a folder (the same names {@link #upload} writes).
     *
     * @param folder the folder (absent: nothing to do)
     * @param conf   the configuration
     * @throws IOException if it cannot be listed
     */
    public static void deleteStaleTemporaries(Path folder, Configuration conf) throws IOException {
        FileSystem fs = folder.getFileSystem(conf);
        if (!fs.exists(folder)) {
            return;
        }
        for (FileStatus s : fs.listStatus(folder)) {
            String name = s.getPath().getName();
            if (s.isFile() && name.startsWith(AtomicFiles.TEMP_PREFIX) && name.endsWith(".tmp")) {
                fs.delete(s.getPath(), false);
            }
        }
    }

    /**
     * Deletes a local temporary folder and everything in it (best effort: the operating system's temporary folder
     * is the fallback).
     *
     * @param dir the folder
     */
    static void deleteLocal(java.nio.file.Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // left to the temporary folder's cleaning
        }
    }

    /** A read-only channel over a Hadoop stream, for the journal's fingerprint. */
    private static final class StreamChannel implements SeekableByteChannel {
        private final FSDataInputStream in;
        private final long size;

        StreamChannel(FSDataInputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            byte[] buf = new byte[dst.remaining()];
            int n = in.read(buf, 0, buf.length);
            if (n > 0) {
                dst.put(buf, 0, n);
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return in.getPos();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            in.seek(newPosition);
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the stream is closed by its owner
        }
    }
}
