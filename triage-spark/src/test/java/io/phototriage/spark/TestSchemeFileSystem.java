package io.phototriage.spark;

import java.net.URI;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local disk under a scheme of its own, {@code ptfs:}, that {@code java.nio.file} does not know: registered with
 * {@code fs.ptfs.impl} (or {@code spark.hadoop.fs.ptfs.impl}), it makes the runner take its Hadoop path in-process,
 * as it would for {@code hdfs:} or {@code s3a:}.
 */
public class TestSchemeFileSystem extends RawLocalFileSystem {
    /** The scheme. */
    static final String SCHEME = "ptfs";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /**
     * Plain statuses: the local file system's own ones load their owner and permissions through a {@code file:}
     * URI, which this scheme is not.
     */
    @Override
    public FileStatus getFileStatus(Path f) throws java.io.IOException {
        return plain(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws java.io.IOException {
        FileStatus[] all = super.listStatus(f);
        FileStatus[] plain = new FileStatus[all.length];
        for (int i = 0; i < all.length; i++) {
            plain[i] = plain(all[i]);
        }
        return plain;
    }

    private static FileStatus plain(FileStatus s) {
        return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), s.getAccessTime(),
                s.isDirectory() ? FsPermission.getDirDefault() : FsPermission.getFileDefault(), "", "", s.getPath());
    }

    /** The {@code ptfs:} URI of a local path (no trailing slash). */
    static String uri(java.nio.file.Path path) {
        String p = path.toAbsolutePath().normalize().toUri().getRawPath();
        return SCHEME + "://" + (p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
    }

    /** A Hadoop configuration with the scheme registered (no Spark). */
    static org.apache.hadoop.conf.Configuration configuration() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set("fs." + SCHEME + ".impl", TestSchemeFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        return conf;
    }
}
