package io.phototriage.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRepository} against the JDK's HTTP server on 127.0.0.1, serving a tiny repository folder. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ModelRepositoryTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    Path tmp;

    private Path served;
    private HttpServer server;
    private ModelCache cache;
    /** How the next request for weights.onnx is answered. */
    private volatile Mode mode = Mode.NORMAL;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseStalled = new CountDownLatch(1);

    enum Mode { NORMAL, CORRUPT, TRUNCATE_ONCE, STALL }

    @BeforeEach
    void serve() throws IOException {
        served = tmp.resolve("repo");
        Path dir = Files.createDirectories(served.resolve(TinyPack.NAME));
        Files.writeString(dir.resolve("weights.onnx"), TinyPack.WEIGHTS);
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/names.txt"), TinyPack.LABELS);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), TinyPack.manifestJson());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/", this::handle);
        server.start();
        cache = ModelCache.at(tmp.resolve("home"));
    }

    @AfterEach
    void stop() {
        releaseStalled.countDown();
        server.stop(0);
    }

    private ModelRepository repository() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/");
        return ModelRepository.builder(base).optCache(cache).optConnectTimeout(TIMEOUT).optReadTimeout(TIMEOUT)
                .optOffline(false).build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rel = exchange.getRequestURI().getPath().substring("/models/".length());
            Path file = served.resolve(rel).normalize();
            if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            boolean weights = file.getFileName().toString().equals("weights.onnx");
            if (weights && mode == Mode.CORRUPT) {
                body = "tampered bytes".getBytes(StandardCharsets.UTF_8);
            }
            int from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                ranges.add(range);
                Matcher m = RANGE.matcher(range);
                if (m.matches()) {
                    from = Integer.parseInt(m.group(1));
                }
            }
            int length = body.length - from;
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (from > 0) {
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
            OutputStream out = exchange.getResponseBody();
            if (weights && mode == Mode.TRUNCATE_ONCE) {
                mode = Mode.NORMAL;
                out.write(body, from, length / 2);
                out.flush();
                throw new IOException("connection dropped by the test server after " + length / 2 + " bytes");
            }
            if (weights && mode == Mode.STALL) {
                out.write(body, from, 4);
                out.flush();
                try {
                    releaseStalled.await(10, TimeUnit.SECONDS); // the client's 300 ms read timeout fires long before
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            out.write(body, from, length);
        }
    }

    @Test
    void pullDownloadsVerifiesAndReusesTheCache() throws Exception {
        ResolvedModel model = repository().pull(TinyPack.NAME);

        assertThat(model.dir()).isEqualTo(cache.models().resolve(TinyPack.NAME));
        assertThat(model.file("model")).hasContent(TinyPack.WEIGHTS);
        assertThat(model.file("labels")).hasContent(TinyPack.LABELS);
        assertNoPartFiles();

        // the server can go away: a second pull of a complete model does not need it
        server.stop(0);
        ResolvedModel again = repository().pull(TinyPack.NAME);
        assertThat(again.file("model")).hasContent(TinyPack.WEIGHTS);
    }

    @Test
    void corruptFileIsRejectedAndNeverUsed() {
        mode = Mode.CORRUPT;

        assertThatThrownBy(() -> repository().pull(TinyPack.NAME))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("weights.onnx")
                .hasMessageContaining("corrupt")
                .hasMessageContaining(TinyPack.sha(TinyPack.WEIGHTS));
        Path dir = cache.models().resolve(TinyPack.NAME);
        assertThat(dir.resolve("weights.onnx")).doesNotExist();
        assertThat(dir.resolve(ModelManifest.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> ModelStore.at(cache.models()).resolve(TinyPack.NAME)).isInstanceOf(ModelException.class);
    }

    @Test
    void unknownModelIsA404NamingTheUrl() {
        assertThatThrownBy(() -> repository().pull("no-such-model"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("/models/no-such-model/manifest.json");
    }

    @Test
    void truncatedTransferIsResumedWithARangeRequestThenVerified() throws Exception {
        mode = Mode.TRUNCATE_ONCE;
        Path part = cache.models().resolve(TinyPack.NAME).resolve("weights.onnx" + ModelCache.PART_SUFFIX);

        assertThatThrownBy(() -> repository().pull(TinyPack.NAME))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("resumes");
        int half = TinyPack.WEIGHTS.length() / 2;
        assertThat(part).hasContent(TinyPack.WEIGHTS.substring(0, half));
        assertThat(cache.models().resolve(TinyPack.NAME).resolve("weights.onnx")).doesNotExist();

        ResolvedModel model = repository().pull(TinyPack.NAME);

        assertThat(ranges).containsExactly("bytes=" + half + "-");
        assertThat(model.file("model")).hasContent(TinyPack.WEIGHTS);
        assertNoPartFiles();
    }

    @Test
    void serverThatStopsAnsweringFailsWithinTheReadTimeout() {
        mode = Mode.STALL;
        long start = System.nanoTime();

        assertThatThrownBy(() -> repository().pull(TinyPack.NAME))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("stopped answering")
                .hasMessageContaining("300 ms");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("bounded by the read timeout, not by the stalled server").isLessThan(5_000);
        assertThat(cache.models().resolve(TinyPack.NAME).resolve("weights.onnx")).doesNotExist();
    }

    @Test
    void offlineRefusesToDownloadButUsesWhatIsCached() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/");
        ModelRepository offline = ModelRepository.builder(base).optCache(cache).optOffline(true).build();

        assertThatThrownBy(() -> offline.pull(TinyPack.NAME))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("offline")
                .hasMessageContaining(ModelRepository.OFFLINE_ENV + "=false");
        assertThat(ranges).isEmpty();

        repository().pull(TinyPack.NAME);
        assertThat(offline.pull(TinyPack.NAME).file("model")).hasContent(TinyPack.WEIGHTS);
    }

    @Test
    void djlOfflineSetByTheUserMeansOfflineButNotWhenTheLibrarySetIt() {
        // surefire passes -Dai.djl.offline=true, as a user would
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(ModelRepository.offlineByDefault()).isTrue();
        System.setProperty(ModelRepository.DJL_OFFLINE_IMPLICIT_PROPERTY, "true");
        try {
            assertThat(ModelRepository.offlineByDefault()).isFalse();
            System.setProperty(ModelRepository.OFFLINE_PROPERTY, "true");
            assertThat(ModelRepository.offlineByDefault()).isTrue();
        } finally {
            System.clearProperty(ModelRepository.DJL_OFFLINE_IMPLICIT_PROPERTY);
            System.clearProperty(ModelRepository.OFFLINE_PROPERTY);
        }
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cache.home())) {
            assertThat(files.filter(p -> p.toString().endsWith(ModelCache.PART_SUFFIX))).isEmpty();
        }
    }
}
