package io.phototriage.spark;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of {@code phototriage-spark.jar} for {@code java -jar}: Spark is a provided dependency (a cluster's
 * {@code spark-submit} brings its own), so when it is not on the class path this starts {@link SparkTriageCli} in a
 * class loader over the jar, {@code lib/} (phototriage, DJL, natives) and {@code spark-lib/} (Spark, Scala, Hadoop
 * client) beside it. The jar's manifest opens the JDK packages Spark needs ({@code Add-Opens}), for every class
 * loader's unnamed module. Under {@code spark-submit} use {@code --class io.phototriage.spark.SparkTriageCli}.
 */
public final class JarMain {
    private static final String CLI = "io.phototriage.spark.SparkTriageCli";

    private JarMain() {}

    /**
     * Runs {@link SparkTriageCli}, with Spark from {@code spark-lib/} if it is not already on the class path.
     *
     * @param args the command line
     * @throws Exception if the command line class cannot be started
     */
    public static void main(String[] args) throws Exception {
        if (onClassPath("org.apache.spark.SparkContext", JarMain.class.getClassLoader())) {
            SparkTriageCli.main(args);
            return;
        }
        Path jar = jarPath();
        Path home = jar.getParent();
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        addJars(home.resolve("lib"), urls);
        if (!addJars(home.resolve("spark-lib"), urls)) {
            System.err.println("error: Spark is not on the class path and " + home.resolve("spark-lib") + " is missing:"
                    + " build the module (mvn -pl triage-spark -am package) or run through spark-submit --class " + CLI);
            System.exit(3);
        }
        ClassLoader loader = new URLClassLoader("phototriage-spark", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(CLI, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static boolean onClassPath(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Path jarPath() throws URISyntaxException {
        URI location = JarMain.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        return Path.of(location).toAbsolutePath();
    }

    /** Adds the jars of {@code dir}, sorted by name; false if it has none. */
    private static boolean addJars(Path dir, List<URL> urls) throws IOException, MalformedURLException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            entries.forEach(jars::add);
        }
        jars.sort(null);
        for (Path p : jars) {
            urls.add(p.toUri().toURL());
        }
        return !jars.isEmpty();
    }
}
