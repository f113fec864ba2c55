package com.example.consumer;

import io.phototriage.core.Photo;
import io.phototriage.core.PhotoResult;
import io.phototriage.core.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A minimal application on phototriage's lite chain: no settings, no models folder, the pack on the class path. */
public final class LiteTriage {
    private LiteTriage() {}

    /** Triages the photos of one album folder and returns one result per photo, in file-name order. */
    public static List<PhotoResult> run(Path album) throws Exception {
        List<Photo> photos;
        try (Stream<Path> files = Files.list(album)) {
            photos = files.filter(f -> f.toString().endsWith(".jpg")).sorted()
                    .map(f -> new Photo(f, album.getFileName() + "/" + f.getFileName(), album.getFileName().toString()))
                    .toList();
        }
        try (Pipeline pipeline = Pipeline.builder()
                .classify("lite-probe").detect("yolox").segment("deeplab").stylize("fast-style")
                .build()) {
            return pipeline.run(photos);
        }
    }

    public static void main(String[] args) throws Exception {
        for (PhotoResult r : run(Path.of(args[0]))) {
            System.out.println(r);
        }
    }
}
