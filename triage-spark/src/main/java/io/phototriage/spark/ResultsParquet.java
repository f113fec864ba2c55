package io.phototriage.spark;

import io.phototriage.examples.Journal.DetectionEntry;
import io.phototriage.examples.Journal.PhotoEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code OUTPUT/results.parquet}, for analysts: one row per photo with the columns of results.json a query needs.
 * Written by Spark's own committer (a temporary folder, renamed when complete), replacing the previous one.
 *
 * <pre>
 * path       string   the photo's path relative to the input
 * album      string   its folder relative to the input ("" for the root)
 * status     string   ok, skipped (nothing detected) or error
 * error      string   the first failure, or null
 * class      string   people, pets, neither; null without a classification
 * confidence double   the classifier's confidence, or null
 * counts     map&lt;string,int&gt;  detections per label; null without detect
 * boxes      array&lt;struct&lt;label string, score double, x0, y0, x1, y1 double&gt;&gt;  in original pixels, best first
 * </pre>
 */
public final class ResultsParquet {
    /** The folder name inside the output. */
    public static final String NAME = "results.parquet";

    /** The boxes' element type. */
    static final StructType BOX = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
        DataTypes.createStructField("x0", DataTypes.DoubleType, false),
        DataTypes.createStructField("y0", DataTypes.DoubleType, false),
        DataTypes.createStructField("x1", DataTypes.DoubleType, false),
        DataTypes.createStructField("y1", DataTypes.DoubleType, false)});

    /** The table's schema. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("album", DataTypes.StringType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("class", DataTypes.StringType, true),
        DataTypes.createStructField("confidence", DataTypes.DoubleType, true),
        DataTypes.createStructField("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false), true),
        DataTypes.createStructField("boxes", DataTypes.createArrayType(BOX, false), true)});

    private ResultsParquet() {}

    /**
     * Writes the table, replacing an earlier one.
     *
     * @param spark  the session
     * @param photos the photo entries of results.json
     * @param target the parquet folder
     */
    public static void write(SparkSession spark, List<PhotoEntry> photos, Path target) {
        write(spark, photos, target.toUri().toString());
    }

    /**
     * Writes the table to any Hadoop file system URI, replacing an earlier one.
     *
     * @param spark  the session
     * @param photos the photo entries of results.json
     * @param target the parquet folder's URI
     */
    public static void write(SparkSession spark, List<PhotoEntry> photos, String target) {
        List<Row> rows = new ArrayList<>(photos.size());
        for (PhotoEntry p : photos) {
            List<Row> boxes = null;
            if (p.detections() != null) {
                boxes = new ArrayList<>(p.detections().size());
                for (DetectionEntry d : p.detections()) {
                    List<Double> b = d.box();
                    boxes.add(RowFactory.create(d.label(), d.score(), b.get(0), b.get(1), b.get(2), b.get(3)));
                }
            }
            rows.add(RowFactory.create(p.path(), p.album(), p.status(), p.error(), p.classLabel(), p.confidence(),
                    p.counts(), boxes));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(target);
    }
}
