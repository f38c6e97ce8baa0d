package org.dendrite.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fisher's iris data (1936): 150 flowers, 50 of each of three species, with sepal and petal
 * length and width in centimetres. The table ships with the samples as {@code iris.csv}: UCI's
 * {@code iris.data} with the two corrections its {@code iris.names} lists (rows 35 and 38), which
 * makes it the table scikit-learn's {@code load_iris} and R's {@code iris} hold.
 */
final class Iris {
  /** The species, in the order of scikit-learn's target indices. */
  static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

  private static final String RESOURCE = "iris.csv";
  private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";

  private Iris() {}

  /** One flower; lengths in centimetres. */
  record Flower(float sepalLength, float sepalWidth, float petalLength, float petalWidth,
      String species) {}

  /**
   * The 150 flowers, in the order of the table.
   *
   * @throws UncheckedIOException if the resource is missing or malformed (a broken jar)
   */
  static List<Flower> load() {
    try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the samples' class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      if (!HEADER.equals(reader.readLine())) {
        throw new IOException(RESOURCE + " does not start with " + HEADER);
      }
      List<Flower> flowers = new ArrayList<>(150);
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",");
        if (f.length != 5 || !SPECIES.contains(f[4])) {
          throw new IOException(RESOURCE + " row " + (flowers.size() + 1) + " is malformed: "
              + line);
        }
        flowers.add(new Flower(Float.parseFloat(f[0]), Float.parseFloat(f[1]),
            Float.parseFloat(f[2]), Float.parseFloat(f[3]), f[4]));
      }
      return List.copyOf(flowers);
    } catch (IOException | NumberFormatException e) {
      throw new UncheckedIOException(new IOException("cannot read " + RESOURCE, e));
    }
  }
}
