package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scalers fit the training split alone, scale as data is read, and splits are reproducible. */
class ScalerTest {
  static Dataset table(int n, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i * 3] = 1000 + random.nextFloat() * 10; // large mean, small spread
      x[i * 3 + 1] = (float) random.nextGaussian() * 3 - 7;
      x[i * 3 + 2] = 5; // constant
      y[i] = i % 3;
    }
    return Dataset.of(x, 3, y, 1);
  }

  @Test
  void standardScalerCentresAndScalesEachFeature() {
    Dataset d = table(5000, 1);
    StandardScaler s = StandardScaler.fit(d);
    float[] z = s.transform(d).features(0, d.size());
    for (int j = 0; j < 3; j++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < d.size(); i++) {
        sum += z[i * 3 + j];
        squares += (double) z[i * 3 + j] * z[i * 3 + j];
      }
      double mean = sum / d.size();
      assertEquals(0, mean, 1e-4, "mean of feature " + j);
      assertEquals(j == 2 ? 0 : 1, Math.sqrt(squares / d.size() - mean * mean), 1e-3,
          "standard deviation of feature " + j + " (a constant stays 0)");
    }
    assertEquals(1f, s.factors()[2], "a constant feature is not divided by 0");
    assertArrayEquals(Arrays.copyOfRange(z, 6, 9), s.transform(d.feature(2)),
        "a single row scales as the dataset view does");
    assertEquals(d.storedBytes(), s.transform(d).storedBytes(), "a view costs nothing more");
  }

  @Test
  void minMaxScalerMapsTheFittedRangeToUnit() {
    Dataset d = table(2000, 2);
    MinMaxScaler s = MinMaxScaler.fit(d);
    float[] z = s.transform(d).features(0, d.size());
    for (int j = 0; j < 2; j++) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int i = 0; i < d.size(); i++) {
        min = Math.min(min, z[i * 3 + j]);
        max = Math.max(max, z[i * 3 + j]);
      }
      assertEquals(0f, min, 1e-6f, "feature " + j);
      assertEquals(1f, max, 1e-5f, "feature " + j);
    }
    assertEquals(0f, z[2], "a constant feature is shifted to 0");
  }

  @Test
  void scaledViewsSliceAndSelectAsTheirBase() {
    Dataset d = table(100, 3);
    Scaler s = StandardScaler.fit(d);
    Dataset scaled = s.transform(d);
    float[] all = scaled.features(0, 100);
    assertArrayEquals(Arrays.copyOfRange(all, 30, 60), scaled.slice(10, 20).features(0, 10));
    assertArrayEquals(Arrays.copyOfRange(all, 3 * 42, 3 * 43), scaled.select(42).feature(0));
    float[] part = new float[2];
    scaled.copyFeatures(5, 1, 3, part, 0);
    assertArrayEquals(Arrays.copyOfRange(all, 16, 18), part, "a row's columns [1, 3)");
    float[] rows = d.features(3, 2);
    s.transformInPlace(rows, 0, 2);
    assertArrayEquals(Arrays.copyOfRange(all, 9, 15), rows);
  }

  @Test
  void fittingRefusesEmptyOrNonFiniteDataAndScalingAnotherWidth() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> StandardScaler.fit(table(10, 1).slice(0, 0)));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    float[] x = {1, 2, Float.NaN, 4};
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> MinMaxScaler.fit(Dataset.of(x, 2, new float[2], 1)));
    assertEquals("feature 0 of sample 1 is NaN; a scaler is fitted on finite data",
        nan.getMessage());
    Scaler s = StandardScaler.fit(table(10, 1));
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> s.transform(new float[4]));
    assertEquals("the scaler was fitted on 3 features, not 4", width.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> s.transform(Dataset.of(new float[2], 2, new float[1], 1)));
    assertThrows(IndexOutOfBoundsException.class, () -> s.transformInPlace(new float[5], 0, 2));
  }

  @Test
  void splitsAreReproduciblePartitions() {
    Dataset d = table(1000, 4);
    Dataset.Split a = d.split(0.8, 7);
    Dataset.Split b = d.split(0.8, 7);
    assertEquals(800, a.train().size());
    assertEquals(200, a.test().size());
    assertArrayEquals(a.train().features(0, 800), b.train().features(0, 800), "same seed");
    assertTrue(!Arrays.equals(a.test().features(0, 200), d.split(0.8, 8).test()
        .features(0, 200)), "another seed, another split");
    Set<Float> seen = new HashSet<>();
    for (Dataset part : new Dataset[] {a.train(), a.test()}) {
      for (int i = 0; i < part.size(); i++) {
        assertTrue(seen.add(part.feature(i)[1]), "each sample once");
      }
    }
    assertEquals(1000, seen.size());
    assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 1));
    IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
        () -> d.slice(0, 2).split(0.1, 1));
    assertEquals("a split of 2 samples at 0.1 leaves 0 to train and 2 to test",
        tiny.getMessage());
  }

  @Test
  void stratifiedSplitsKeepEachClassShare() {
    // 150 samples: classes 0, 1, 2 of 100, 40 and 10 samples.
    float[] x = new float[150];
    float[] y = new float[150];
    float[] oneHot = new float[450];
    for (int i = 0; i < 150; i++) {
      x[i] = i;
      y[i] = i < 100 ? 0 : i < 140 ? 1 : 2;
      oneHot[i * 3 + (int) y[i]] = 1;
    }
    for (Dataset d : new Dataset[] {Dataset.of(x, 1, y, 1), Dataset.of(x, 1, oneHot, 3)}) {
      Dataset.Split s = d.stratifiedSplit(0.8, 3);
      int[] counts = new int[3];
      for (int i = 0; i < s.train().size(); i++) {
        counts[(int) s.train().feature(i)[0] < 100 ? 0
            : (int) s.train().feature(i)[0] < 140 ? 1 : 2]++;
      }
      assertArrayEquals(new int[] {80, 32, 8}, counts, "each class's share in training");
      assertEquals(30, s.test().size());
    }
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(x, 1, y, 1).slice(0, 0).stratifiedSplit(0.5, 1));
    assertEquals("a split of 0 samples at 0.5 leaves 0 to train and 0 to test",
        empty.getMessage());
    float[] bad = y.clone();
    bad[7] = 0.5f;
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(x, 1, bad, 1).stratifiedSplit(0.5, 1));
    assertEquals("target 0.5 of sample 7 is not a class index; a stratified split needs"
        + " classes", fraction.getMessage());
  }
}
