package org.dendrite.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each loss returns the summed per-sample loss and writes scale × its gradient, as defined. */
class LossesTest {
  static float[] random(SplittableRandom rng, int n, double lo, double hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(lo, hi);
    }
    return x;
  }

  static double logSumExp(float[] z, int s, int units) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < units; j++) {
      max = Math.max(max, z[s + j]);
    }
    double sum = 0;
    for (int j = 0; j < units; j++) {
      sum += Math.exp(z[s + j] - max);
    }
    return max + Math.log(sum);
  }

  // ---- sparse categorical cross-entropy -------------------------------------------------------

  @Test
  void sparseSoftmaxCrossEntropyValueGradientAndProbabilities() {
    SplittableRandom rng = new SplittableRandom(1);
    int n = 4;
    int units = 10;
    float[] z = random(rng, n * units, -5, 5);
    float[] original = z.clone();
    // Two values before the targets: tOff = 2.
    float[] targets = {-99f, -99f, 3f, 0f, 9f, 3f};
    float scale = 0.25f;
    float[] grad = new float[n * units];
    double loss = Losses.sparseSoftmaxCrossEntropy(z, n, units, targets, 2, null, 0, grad, scale);
    double expectedLoss = 0;
    for (int r = 0; r < n; r++) {
      int label = (int) targets[2 + r];
      double lse = logSumExp(original, r * units, units);
      expectedLoss += lse - original[r * units + label];
      for (int j = 0; j < units; j++) {
        double p = Math.exp(original[r * units + j] - lse);
        String at = "row " + r + " unit " + j + " label " + label;
        assertEquals(p, z[r * units + j], 1e-6 * p + 1e-9, "probability, " + at);
        assertEquals((p - (j == label ? 1 : 0)) * scale, grad[r * units + j], 1e-6,
            "gradient, " + at);
      }
    }
    assertEquals(expectedLoss, loss, 1e-9 * Math.abs(expectedLoss), "summed loss of 4 rows");
  }

  @Test
  void sparseSoftmaxCrossEntropyOfHugeLogitsIsFinite() {
    float[] z = {1000f, -1000f, 0f, 1000f, 1000f, 999f};
    float[] grad = new float[6];
    double loss = Losses.sparseSoftmaxCrossEntropy(z, 2, 3, new float[] {1f, 2f}, 0, null, 0, grad, 1f);
    // Row 0: lse = 1000, z[1] = -1000 -> 2000; row 1: lse = 1000 + log(2 + e^-1), z[2] = 999.
    double expected = 2000 + 1 + Math.log(2 + Math.exp(-1));
    assertTrue(Double.isFinite(loss), "loss of logits ±1000 is " + loss);
    assertEquals(expected, loss, 1e-9 * expected, "loss of logits ±1000");
    for (int i = 0; i < 6; i++) {
      assertTrue(Float.isFinite(z[i]) && Float.isFinite(grad[i]),
          "index " + i + ": probability " + z[i] + ", gradient " + grad[i]);
    }
    assertEquals(-1f, grad[1], 1e-6f, "gradient of the true class with probability 0");
  }

  @Test
  void sparseSoftmaxCrossEntropyWithoutGradientComputesTheSameLoss() {
    SplittableRandom rng = new SplittableRandom(2);
    float[] z = random(rng, 3 * 5, -3, 3);
    float[] z2 = z.clone();
    float[] targets = {4f, 0f, 2f};
    float[] grad = new float[15];
    double withGrad = Losses.sparseSoftmaxCrossEntropy(z, 3, 5, targets, 0, null, 0, grad, 1f);
    double withoutGrad = Losses.sparseSoftmaxCrossEntropy(z2, 3, 5, targets, 0, null, 0, null, 1f);
    assertEquals(withGrad, withoutGrad, "loss with and without a gradient array, 3×5");
    assertArrayEquals(z, z2, "probabilities with and without a gradient array, 3×5");
  }

  @ParameterizedTest(name = "label {0}")
  @ValueSource(floats = {10f, -1f, 2.5f})
  void sparseSoftmaxCrossEntropyRejectsInvalidLabels(float label) {
    float[] z = new float[2 * 10];
    float[] targets = {1f, label};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.sparseSoftmaxCrossEntropy(z, 2, 10, targets, 0, null, 0, new float[20], 1f));
    String msg = e.getMessage();
    assertTrue(msg.contains(String.valueOf(label)), "message names " + label + ": " + msg);
    assertTrue(msg.contains("[0, 10)"), "message names the range [0, 10): " + msg);
    assertTrue(msg.contains("sample 1"), "message names sample 1: " + msg);
  }

  // ---- categorical cross-entropy ----------------------------------------------------------------

  @Test
  void softmaxCrossEntropyAgainstDistributions() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 3;
    int units = 4;
    float[] z = random(rng, n * units, -4, 4);
    float[] original = z.clone();
    // Row 0 one-hot, row 1 a distribution, row 2 sums to 0.5 (not normalised).
    float[] targets = {7f, 0f, 0f, 1f, 0f, 0.25f, 0.25f, 0.5f, 0f, 0.1f, 0.4f, 0f, 0f};
    float scale = 0.5f;
    float[] grad = new float[n * units];
    double loss = Losses.softmaxCrossEntropy(z, n, units, targets, 1, null, 0, grad, scale);
    double expected = 0;
    for (int r = 0; r < n; r++) {
      double lse = logSumExp(original, r * units, units);
      double ySum = 0;
      for (int j = 0; j < units; j++) {
        double y = targets[1 + r * units + j];
        expected += y * (lse - original[r * units + j]);
        ySum += y;
      }
      for (int j = 0; j < units; j++) {
        double p = Math.exp(original[r * units + j] - lse);
        double y = targets[1 + r * units + j];
        String at = "row " + r + " unit " + j + ", Σy=" + ySum;
        assertEquals(p, z[r * units + j], 1e-6 * p, "probability, " + at);
        assertEquals((ySum * p - y) * scale, grad[r * units + j], 1e-6, "gradient, " + at);
      }
    }
    assertEquals(expected, loss, 1e-9 * Math.abs(expected), "summed loss of 3 rows of 4");
  }

  // ---- binary cross-entropy ---------------------------------------------------------------------

  @Test
  void sigmoidBinaryCrossEntropyIsMeanOverUnits() {
    SplittableRandom rng = new SplittableRandom(4);
    int n = 3;
    int units = 5;
    float[] z = random(rng, n * units, -6, 6);
    float[] original = z.clone();
    float[] targets = new float[2 + n * units];
    for (int i = 2; i < targets.length; i++) {
      targets[i] = i % 3 == 0 ? 0.3f : i % 2;
    }
    float scale = 1f / 3;
    float[] grad = new float[n * units];
    double loss = Losses.sigmoidBinaryCrossEntropy(z, n, units, targets, 2, null, 0, grad, scale);
    double expected = 0;
    for (int r = 0; r < n; r++) {
      double sample = 0;
      for (int j = 0; j < units; j++) {
        double x = original[r * units + j];
        double y = targets[2 + r * units + j];
        double p = 1 / (1 + Math.exp(-x));
        sample += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        String at = "row " + r + " unit " + j + " z=" + x + " y=" + y;
        assertEquals(p, z[r * units + j], 1e-6 * p, "probability, " + at);
        assertEquals((p - y) / units * scale, grad[r * units + j], 1e-7, "gradient, " + at);
      }
      expected += sample / units;
    }
    assertEquals(expected, loss, 1e-9 * expected, "summed per-sample means, 3 rows of 5 units");
  }

  @Test
  void sigmoidBinaryCrossEntropyOfHugeLogitsIsFinite() {
    float[] z = {100f, -100f, 100f, -100f};
    float[] targets = {0f, 1f, 1f, 0f};
    float[] grad = new float[4];
    double loss = Losses.sigmoidBinaryCrossEntropy(z, 1, 4, targets, 0, null, 0, grad, 1f);
    // Two confident mistakes cost 100 each, two confident hits ~e^-100: mean over 4 units.
    assertEquals(50.0, loss, 1e-9, "loss of z=±100");
    assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, z, 1e-30f, "probabilities of z=±100");
    assertArrayEquals(new float[] {0.25f, -0.25f, 0f, 0f}, grad, 1e-7f,
        "gradients (p - y) / 4 of z=±100");
  }

  // ---- mean squared error -----------------------------------------------------------------------

  @Test
  void meanSquaredErrorIsMeanOverUnitsAndLeavesOutputs() {
    float[] a = {1f, 2f, 3f, -1f, 0.5f, 0f};
    float[] before = a.clone();
    float[] targets = {9f, 0f, 2f, 5f, 1f, 0.5f, 2f};
    float[] grad = new float[6];
    float scale = 0.5f;
    double loss = Losses.meanSquaredError(a, 2, 3, targets, 1, null, 0, grad, scale);
    // Row 0: a - y = (1, 0, -2) -> 5/3; row 1: a - y = (-2, 0, -2) -> 8/3.
    assertEquals(5.0 / 3 + 8.0 / 3, loss, 1e-12, "summed per-sample means, 2 rows of 3");
    float[] expectedGrad = new float[6];
    for (int i = 0; i < 6; i++) {
      expectedGrad[i] = 2 * (a[i] - targets[1 + i]) / 3 * scale;
    }
    assertArrayEquals(expectedGrad, grad, 1e-7f, "gradient 2(a - y)/3 · 0.5");
    assertArrayEquals(before, a, "MSE leaves the outputs as they are");
  }

  // ---- perceptron -------------------------------------------------------------------------------

  @Test
  void perceptronGradientIsMinusSignOnMistakesAndTheBoundary() {
    // label 1: z = 2 correct, z = -1 mistake, z = 0 boundary; label 0: z = -3 correct,
    // z = 0.5 mistake, z = 0 boundary.
    float[] z = {2f, -1f, 0f, -3f, 0.5f, 0f};
    float[] targets = {1f, 1f, 1f, 0f, 0f, 0f};
    float[] grad = new float[6];
    double loss = Losses.perceptron(z.clone(), 6, 1, targets, 0, null, 0, grad, 0.5f, false);
    assertArrayEquals(new float[] {0f, -0.5f, -0.5f, 0f, 0.5f, 0.5f}, grad,
        "gradient -s·scale where s·z <= 0, for z=" + Arrays.toString(z));
    assertEquals(1.0 + 0.5, loss, 1e-12, "loss max(0, -s·z) summed");
  }

  @Test
  void perceptronReplacesStepOutputsByZeroOrOne() {
    float[] z = {2f, -1f, 0f, -3f};
    float[] stepped = z.clone();
    Losses.perceptron(stepped, 4, 1, new float[] {1f, 0f, 1f, 0f}, 0, null, 0, null, 1f, true);
    assertArrayEquals(new float[] {1f, 0f, 1f, 0f}, stepped, "step(z) of " + Arrays.toString(z));
    float[] linear = z.clone();
    Losses.perceptron(linear, 4, 1, new float[] {1f, 0f, 1f, 0f}, 0, null, 0, null, 1f, false);
    assertArrayEquals(z, linear, "a linear output stays as it is");
  }

  @Test
  void perceptronRejectsLabelsOtherThanZeroAndOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.perceptron(new float[2], 2, 1, new float[] {1f, 0.5f}, 0, null, 0, new float[2], 1f,
            true));
    assertTrue(e.getMessage().contains("0.5") && e.getMessage().contains("sample 1"),
        e.getMessage());
  }
}
