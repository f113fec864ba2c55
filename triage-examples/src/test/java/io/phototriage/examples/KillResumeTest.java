package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL in the middle of the batch is finished by the next run, with nothing half-written. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KillResumeTest {
    private static final String BLOCK_ON = "weird/" + PhotoTree.ALERT_NAME;

    @TempDir
    Path tmp;

    /** The child process: triages with fake models and blocks forever before classifying {@code args[2]}. */
    public static final class BlockingTriage {
        public static void main(String[] args) throws Exception {
            FakeModels models = new FakeModels();
            models.beforeClassify = id -> {
                if (id.equals(args[2])) {
                    System.out.println("BLOCKED " + id);
                    System.out.flush();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            FolderTriage.run(FolderTriage.Options.of(Path.of(args[0]), Path.of(args[1])), models.registry(), System.err, false);
            System.out.println("FINISHED");
        }
    }

    @Test
    void runKilledWithSigkillIsFinishedByTheNextRun() throws Exception {
        Path input = PhotoTree.create(tmp.resolve("photos"));
        Path output = tmp.resolve("out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                BlockingTriage.class.getName(), input.toString(), output.toString(), BLOCK_ON)
                .redirectError(tmp.resolve("child-stderr.txt").toFile())
                .start();
        String first;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            first = out.readLine();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first).as(Files.readString(tmp.resolve("child-stderr.txt"))).isEqualTo("BLOCKED " + BLOCK_ON);
        assertThat(output.resolve("results.json")).as("the killed run never got to write results.json").doesNotExist();
        List<String> journaled = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(output.resolve("results.jsonl"))) {
            journaled.add(json.readTree(line).get("photo").get("path").asText());
        }
        // Photos before the blocked one (sorted order) are journaled, the blocked one and later ones are not.
        List<String> all = new ArrayList<>(PhotoTree.EXPECTED_STATUS.keySet());
        assertThat(journaled).containsExactlyElementsOf(all.subList(0, all.indexOf(BLOCK_ON)));

        FakeModels models = new FakeModels();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FolderTriage.Report report = FolderTriage.run(FolderTriage.Options.of(input, output), models.registry(),
                new PrintStream(log, true, StandardCharsets.UTF_8), false);

        assertThat(report.exitCode()).isZero();
        Set<String> notJournaled = new HashSet<>(all.subList(all.indexOf(BLOCK_ON), all.size()));
        assertThat(models.classified).containsAll(notJournaled);
        Set<String> again = new HashSet<>(models.classified);
        again.removeAll(notJournaled);
        // Of the finished photos, only albums' best candidates run again (to be stylized); never a whole album.
        assertThat(again).isSubsetOf(new HashSet<>(journaled));
        assertThat(again.stream().map(p -> p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "")).doesNotHaveDuplicates();
        JsonNode results = json.readTree(output.resolve("results.json").toFile());
        assertThat(results.get("counts").get("photos").asInt()).isEqualTo(9);
        assertThat(results.get("counts").get("ok").asInt()).isEqualTo(6);
        assertThat(results.get("albums")).hasSize(4);
        try (var files = Files.walk(output)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(AtomicFiles.TEMP_PREFIX)).toList()).isEmpty();
        }
        for (JsonNode p : results.get("photos")) {
            for (String field : List.of("thumbnail", "cutout", "stylized")) {
                if (!p.get(field).isNull()) {
                    assertThat(javax.imageio.ImageIO.read(output.resolve(p.get(field).asText()).toFile())).as(field).isNotNull();
                }
            }
        }
    }
}
