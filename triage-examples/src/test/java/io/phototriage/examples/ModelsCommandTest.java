package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.phototriage.core.model.ModelManifest;
import io.phototriage.core.model.ModelRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phototriage models pull|verify|list} against a repository served by the JDK's HTTP server on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelsCommandTest {
    private static final String WEIGHTS = "tiny weights served over loopback";

    @TempDir
    Path tmp;

    private HttpServer server;
    private Path repo;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void serve() throws Exception {
        repo = tmp.resolve("repo");
        Path dir = Files.createDirectories(repo.resolve("tiny-model"));
        Files.writeString(dir.resolve("weights.pt"), WEIGHTS);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), """
                {"name": "tiny-model", "engine": "PyTorch",
                 "files": {"model": {"path": "weights.pt", "sha256": "%s"}},
                 "source": "ModelsCommandTest"}
                """.formatted(sha(WEIGHTS)));
        Files.writeString(repo.resolve("INDEX"), "# models here\ntiny-model\n");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private int models(String... args) {
        CommandLine cli = new CommandLine(new PhotoTriageCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .setExitCodeExceptionMapper(e -> FolderTriage.EXIT_USAGE);
        String[] full = new String[args.length + 1];
        full[0] = "models";
        System.arraycopy(args, 0, full, 1, args.length);
        return cli.execute(full);
    }

    @Test
    void pullThenVerifyThenListFromTheCache() throws Exception {
        Path cache = tmp.resolve("home");

        assertThat(models("pull", "--repository", url(), "--cache", cache.toString(), "tiny-model")).isZero();
        assertThat(cache.resolve("models/tiny-model/weights.pt")).hasContent(WEIGHTS);
        assertThat(out.toString()).contains("ok tiny-model (1 files, sha256 verified)");

        assertThat(models("verify", "--cache", cache.toString())).isZero();
        assertThat(models("list", "--cache", cache.toString(), "--repository", url())).isZero();
        assertThat(out.toString()).contains("cache " + cache.resolve("models") + ": tiny-model")
                .contains("repository " + url() + ": tiny-model");
    }

    @Test
    void verifyFailsOnACorruptedCachedFileNamingIt() throws Exception {
        Path cache = tmp.resolve("home");
        assertThat(models("pull", "--repository", url(), "--cache", cache.toString(), "tiny-model")).isZero();
        Files.writeString(cache.resolve("models/tiny-model/weights.pt"), "changed on disk");

        assertThat(models("verify", "--cache", cache.toString(), "tiny-model")).isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(err.toString()).contains("weights.pt").contains("corrupt");
    }

    @Test
    void pullOfAnUnknownModelIsExitThreeWithThe404() {
        assertThat(models("pull", "--repository", url(), "--cache", tmp.resolve("home").toString(), "nope"))
                .isEqualTo(FolderTriage.EXIT_MODELS);
        assertThat(err.toString()).contains("404").contains("nope/manifest.json");
    }

    @Test
    void pullRefusesWhenTheUserSwitchedDownloadsOff() {
        System.setProperty(ModelRepository.OFFLINE_PROPERTY, "true");
        try {
            assertThat(models("pull", "--repository", url(), "--cache", tmp.resolve("home").toString(), "tiny-model"))
                    .isEqualTo(FolderTriage.EXIT_MODELS);
        } finally {
            System.clearProperty(ModelRepository.OFFLINE_PROPERTY);
        }
        assertThat(err.toString()).contains("downloads are off");
        assertThat(tmp.resolve("home/models/tiny-model")).doesNotExist();
    }

    private static String sha(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
