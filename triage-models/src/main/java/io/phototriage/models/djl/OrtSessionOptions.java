package io.phototriage.models.djl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ONNX Runtime session options every ONNX model is loaded with (DJL's {@code OrtModel} options). The defaults are
 * what measured fastest for the lite set on a 2-core CPU (docs/performance.md); each can be changed with a system
 * property, e.g. {@code -Dphototriage.ort.intraOpThreads=4}, for another machine:
 * <ul>
 *   <li>{@code phototriage.ort.intraOpThreads}: threads inside one operator (0 = ONNX Runtime's choice, one per
 *       physical core);</li>
 *   <li>{@code phototriage.ort.interOpThreads}: threads across operators in {@code PARALLEL} mode (0 = its
 *       choice);</li>
 *   <li>{@code phototriage.ort.optLevel}: {@code NO_OPT}, {@code BASIC_OPT}, {@code EXTENDED_OPT} or
 *       {@code ALL_OPT} (graph optimisations);</li>
 *   <li>{@code phototriage.ort.executionMode}: {@code SEQUENTIAL} or {@code PARALLEL};</li>
 *   <li>{@code phototriage.ort.cpuArena}: {@code true}/{@code false}, ONNX Runtime's CPU memory arena;</li>
 *   <li>{@code phototriage.ort.memoryPattern}: {@code true}/{@code false}, memory pattern optimisation.</li>
 * </ul>
 *
 * @param intraOpThreads threads inside one operator, 0 for ONNX Runtime's default
 * @param interOpThreads threads across operators, 0 for ONNX Runtime's default
 * @param optLevel       the graph optimisation level
 * @param executionMode  {@code SEQUENTIAL} or {@code PARALLEL}
 * @param cpuArena       whether to use the CPU memory arena
 * @param memoryPattern  whether to use memory pattern optimisation
 */
public record OrtSessionOptions(int intraOpThreads, int interOpThreads, String optLevel, String executionMode,
        boolean cpuArena, boolean memoryPattern) {
    /** The system property prefix. */
    public static final String PREFIX = "phototriage.ort.";
    private static final Set<String> LEVELS = Set.of("NO_OPT", "BASIC_OPT", "EXTENDED_OPT", "ALL_OPT");
    private static final Set<String> MODES = Set.of("SEQUENTIAL", "PARALLEL");

    /**
     * Checks the values.
     *
     * @param intraOpThreads threads inside one operator, 0 for the default
     * @param interOpThreads threads across operators, 0 for the default
     * @param optLevel       one of {@code NO_OPT}, {@code BASIC_OPT}, {@code EXTENDED_OPT}, {@code ALL_OPT}
     * @param executionMode  {@code SEQUENTIAL} or {@code PARALLEL}
     * @param cpuArena       whether to use the CPU memory arena
     * @param memoryPattern  whether to use memory pattern optimisation
     * @throws IllegalArgumentException for a negative thread count or an unknown level or mode
     */
    public OrtSessionOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("ONNX Runtime thread counts must be 0 (default) or more: intra "
                    + intraOpThreads + ", inter " + interOpThreads);
        }
        Objects.requireNonNull(optLevel, "optLevel");
        Objects.requireNonNull(executionMode, "executionMode");
        if (!LEVELS.contains(optLevel)) {
            throw new IllegalArgumentException("unknown ONNX Runtime optimisation level '" + optLevel + "'; use one of "
                    + new java.util.TreeSet<>(LEVELS));
        }
        if (!MODES.contains(executionMode)) {
            throw new IllegalArgumentException("unknown ONNX Runtime execution mode '" + executionMode + "'; use one of "
                    + new java.util.TreeSet<>(MODES));
        }
    }

    /**
     * The measured defaults: ONNX Runtime's own thread counts, all graph optimisations, sequential execution, arena
     * and memory pattern on.
     *
     * @return the defaults
     */
    public static OrtSessionOptions defaults() {
        return new OrtSessionOptions(0, 0, "ALL_OPT", "SEQUENTIAL", true, true);
    }

    /**
     * The defaults with each value a {@code phototriage.ort.*} system property sets replaced.
     *
     * @return the options in effect
     * @throws IllegalArgumentException if a property's value is not valid (naming the property)
     */
    public static OrtSessionOptions fromSystemProperties() {
        OrtSessionOptions d = defaults();
        return new OrtSessionOptions(
                intProperty("intraOpThreads", d.intraOpThreads()),
                intProperty("interOpThreads", d.interOpThreads()),
                System.getProperty(PREFIX + "optLevel", d.optLevel()).trim().toUpperCase(Locale.ROOT),
                System.getProperty(PREFIX + "executionMode", d.executionMode()).trim().toUpperCase(Locale.ROOT),
                booleanProperty("cpuArena", d.cpuArena()),
                booleanProperty("memoryPattern", d.memoryPattern()));
    }

    /**
     * These options with another intra-op thread count.
     *
     * @param threads threads inside one operator, 0 for ONNX Runtime's default
     * @return a copy with {@code threads}
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public OrtSessionOptions withIntraOpThreads(int threads) {
        return new OrtSessionOptions(threads, interOpThreads, optLevel, executionMode, cpuArena, memoryPattern);
    }

    /**
     * These options as DJL's OnnxRuntime engine reads them ({@code Criteria.optOption}). Thread counts of 0 mean
     * ONNX Runtime's choice (0 is its own "default" value too).
     *
     * <p>DJL 0.29's {@code OrtModel} applies {@code intraOpNumThreads} only when {@code interOpNumThreads} is given as
     * well (it tests the wrong variable), so an intra-op count always comes with an inter-op one, 0 (ONNX Runtime's
     * default) unless set; without that, {@code -Dphototriage.ort.intraOpThreads=1} alone was silently ignored.
     *
     * @return option name to value
     */
    public Map<String, String> djlOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        if (intraOpThreads > 0) {
            options.put("intraOpNumThreads", Integer.toString(intraOpThreads));
        }
        if (interOpThreads > 0 || intraOpThreads > 0) {
            options.put("interOpNumThreads", Integer.toString(interOpThreads));
        }
        options.put("optLevel", optLevel);
        options.put("executionMode", executionMode);
        options.put("cpuArenaAllocator", Boolean.toString(cpuArena));
        options.put("memoryPatternOptimization", Boolean.toString(memoryPattern));
        return options;
    }

    /**
     * Sets the intra-op thread count of the ONNX models loaded from now on to {@code threads}, unless the user set
     * {@code phototriage.ort.intraOpThreads} already (the user's value wins). For a process that runs one pipeline
     * (it sets the system property): the CLI's {@code run} asks for 1, so that
     * <ul>
     *   <li>throughput comes from photos in flight, each worker running a network on its own core, instead of every
     *       session spreading one photo over all cores: on 2 cores that measured about half the CPU time per photo
     *       (ONNX Runtime's idle threads spin, docs/performance.md);</li>
     *   <li>the results do not depend on the number of workers or of cores: ONNX Runtime's float results can change
     *       in the last bits with its thread count (seen on 49 of 128 coco128 confidences, around 1e-11).</li>
     * </ul>
     *
     * @param threads the intra-op thread count to use by default, at least 1
     * @return the intra-op thread count ONNX models will now be loaded with
     * @throws IllegalArgumentException if {@code threads} is below 1, or the user's property is not valid
     */
    public static int defaultIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (System.getProperty(PREFIX + "intraOpThreads") == null) {
            System.setProperty(PREFIX + "intraOpThreads", Integer.toString(threads));
        }
        return fromSystemProperties().intraOpThreads();
    }

    private static int intProperty(String name, int fallback) {
        String value = System.getProperty(PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PREFIX + name + " must be a whole number: '" + value + "'", e);
        }
    }

    private static boolean booleanProperty(String name, boolean fallback) {
        String value = System.getProperty(PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("system property " + PREFIX + name + " must be true or false: '" + value + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
