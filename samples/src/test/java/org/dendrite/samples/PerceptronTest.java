package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code perceptron} sample and the iris table it ships. */
class PerceptronTest {
  @Test
  void irisTableIsFishers() {
    List<Iris.Flower> flowers = Iris.load();
    assertEquals(150, flowers.size());
    Map<String, Integer> counts = new TreeMap<>();
    for (Iris.Flower f : flowers) {
      counts.merge(f.species(), 1, Integer::sum);
    }
    assertEquals(Map.of("setosa", 50, "versicolor", 50, "virginica", 50), counts);
    assertEquals(new Iris.Flower(5.1f, 3.5f, 1.4f, 0.2f, "setosa"), flowers.get(0));
    assertEquals(new Iris.Flower(7.0f, 3.2f, 4.7f, 1.4f, "versicolor"), flowers.get(50));
    assertEquals(new Iris.Flower(6.3f, 3.3f, 6.0f, 2.5f, "virginica"), flowers.get(100));
    assertEquals(new Iris.Flower(5.9f, 3.0f, 5.1f, 1.8f, "virginica"), flowers.get(149));
    // The two rows UCI's iris.names corrects (35 and 38, counted from 1).
    assertEquals(new Iris.Flower(4.9f, 3.1f, 1.5f, 0.2f, "setosa"), flowers.get(34));
    assertEquals(new Iris.Flower(4.9f, 3.6f, 1.4f, 0.1f, "setosa"), flowers.get(37));
    // Column sums as R's colSums(iris[1:4]) gives them: 876.5, 458.6, 563.7, 179.9.
    double[] sums = new double[4];
    for (Iris.Flower f : flowers) {
      sums[0] += f.sepalLength();
      sums[1] += f.sepalWidth();
      sums[2] += f.petalLength();
      sums[3] += f.petalWidth();
    }
    assertEquals(876.5, sums[0], 1e-3);
    assertEquals(458.6, sums[1], 1e-3);
    assertEquals(563.7, sums[2], 1e-3);
    assertEquals(179.9, sums[3], 1e-3);
  }

  @Test
  void separatesSetosaAndClassifiesTheNewFlower() {
    PerceptronCommand sample = new PerceptronCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute()));
    assertEquals(1.0, sample.trainingAccuracy, out);
    assertTrue(sample.newFlowerIsSetosa, out);
    assertTrue(sample.epochsRun < 1000, "never an epoch without a mistake:\n" + out);
    // Setosa has the short, narrow petals: both weights point away from it.
    assertTrue(sample.weights[0] < 0 && sample.weights[1] < 0 && sample.bias > 0, out);
    assertTrue(out.contains("Petals of 2.0 x 0.5 cm: setosa"), out);
    assertTrue(out.contains("Petals of 3.0 x 1.0 cm: not setosa"), out);
  }
}
