package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The run's photo decoder ({@link FolderTriage#decoderOrFallback}), set up on a thread of its own while the models
 * load: loading the OpenCV and FFmpeg natives takes about as long as loading the lite models (~0.6 s each on 2
 * cores) and neither needs the other. The pipeline is built with this object as its decoder; {@link #await} then
 * says whether the set-up worked, before any photo is decoded.
 */
final class DecoderSetup implements PhotoDecoder {
    private final CompletableFuture<PhotoDecoder> decoder;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private DecoderSetup(FolderTriage.Options options) {
        this.decoder = CompletableFuture.supplyAsync(() -> FolderTriage.decoderOrFallback(options, warnings::add), task -> {
            Thread thread = new Thread(task, "phototriage-decoder-setup");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts setting up the decoder of {@code options}. */
    static DecoderSetup start(FolderTriage.Options options) {
        return new DecoderSetup(options);
    }

    /**
     * Waits for the set-up.
     *
     * @return the warnings it gave (a fallback decoder was taken), to print
     * @throws IllegalStateException as {@link FolderTriage#decoderOrFallback} throws it
     */
    List<String> await() {
        try {
            decoder.join();
            return List.copyOf(warnings);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
        return decoder.join().decode(photo);
    }
}
