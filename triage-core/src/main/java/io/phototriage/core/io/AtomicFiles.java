package io.phototriage.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a rerun after {@code kill -9}) sees either the old file or the complete new
 * one, never a half-written one: the bytes go to a temporary file in the target's folder, are forced to disk, and
 * the temporary file is renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}.
 */
public final class AtomicFiles {
    /** Prefix of the temporary files; {@link #deleteStaleTemporaries} removes those a killed run left behind. */
    public static final String TEMP_PREFIX = ".partial-";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /** Something that writes the file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out where to (may be closed by the writer)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically; on failure the target is unchanged and no temporary file remains.
     *
     * @param target  the file
     * @param content its content
     * @throws IOException if it cannot be written
     */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // Not Files.createTempFile: it forces 0600; a file created plainly gets the permissions the umask allows, like
        // any other file the user writes.
        Path temp = dir.resolve(TEMP_PREFIX + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                    OutputStream out = Channels.newOutputStream(channel)) {
                // The content writer may close what it is given (Jackson does): shield the channel until it is forced.
                OutputStream shielded = new java.io.BufferedOutputStream(new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }, 1 << 16);
                content.writeTo(shielded);
                shielded.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename files atomically; choose an output folder"
                        + " on a local disk", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * {@link #write} after creating the target's folder and any missing parents: for files a library call saves
     * wherever its caller says (a probe, a calibration), where a run's output folder already exists.
     *
     * @param target  the file
     * @param content its content
     * @throws IOException if the folder or the file cannot be written
     */
    public static void writeCreatingFolder(Path target, Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        write(target, content);
    }

    /**
     * Deletes the temporary files a killed run left in {@code dir} (not recursive).
     *
     * @param dir a folder of the output
     * @return how many were deleted
     * @throws IOException if the folder cannot be listed or a file deleted
     */
    public static int deleteStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*.tmp")) {
            for (Path p : entries) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
