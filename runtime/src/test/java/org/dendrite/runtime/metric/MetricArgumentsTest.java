package org.dendrite.runtime.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dendrite.annotation.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every metric, at seeded random sizes: updates that fit count, and wrong sizes (arrays too
 * short, negative counts and offsets, sizes that are not positive or do not fit the loss, counts
 * whose product with a size wraps around an {@code int}) and targets that are not class indices
 * are refused with an {@link IllegalArgumentException} naming the metric and the numbers at
 * fault, leaving what the metric had accumulated as it was.
 */
class MetricArgumentsTest {
  private static final int ROUNDS = 25;

  /** {@link Metric#update}'s arguments. */
  interface Update {
    void run(float[] outputs, int outputSize, float[] targets, int targetOffset, int targetSize,
        int count);
  }

  /** Valid targets of {@code count} samples from {@code off}, {@code pad} spare values after. */
  interface Targets {
    float[] make(SplittableRandom rng, int off, int count, int pad);
  }

  static Targets classIndices(int classes) {
    return (rng, off, count, pad) -> {
      float[] t = filled(rng, off + count + pad);
      for (int r = 0; r < count; r++) {
        t[off + r] = rng.nextInt(classes);
      }
      return t;
    };
  }

  static Targets oneHot(int classes) {
    return (rng, off, count, pad) -> {
      float[] t = filled(rng, off + count * classes + pad);
      for (int r = 0; r < count; r++) {
        Arrays.fill(t, off + r * classes, off + (r + 1) * classes, 0f);
        t[off + r * classes + rng.nextInt(classes)] = 1f;
      }
      return t;
    };
  }

  static Targets values(int size) {
    return (rng, off, count, pad) -> filled(rng, off + count * size + pad);
  }

  static float[] filled(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(-1, 2);
    }
    return x;
  }

  // ---- one test per metric ---------------------------------------------------------------

  @Test
  void sparseAccuracy() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int round = 0; round < ROUNDS; round++) {
      int classes = 2 + rng.nextInt(12);
      Supplier<Metric> make = () -> Accuracy.forLoss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
      assertMetricRefusals(make, classes, 1, classIndices(classes), rng);
      assertClassIndicesChecked(make, classes, rng);
      assertWrongTargetSize(make.get(), classes, 1 + classes, rng);
    }
  }

  @Test
  void categoricalAccuracy() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int round = 0; round < ROUNDS; round++) {
      int classes = 2 + rng.nextInt(12);
      Supplier<Metric> make = () -> Accuracy.forLoss(Loss.CATEGORICAL_CROSSENTROPY);
      assertMetricRefusals(make, classes, classes, oneHot(classes), rng);
      assertWrongTargetSize(make.get(), classes, 1, rng);
      assertNonFiniteTargetsRefused(make, classes, oneHot(classes), rng);
    }
  }

  @Test
  void binaryAndPerceptronAccuracy() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int round = 0; round < ROUNDS; round++) {
      int units = 1 + rng.nextInt(5);
      Supplier<Metric> binary = () -> Accuracy.forLoss(Loss.BINARY_CROSSENTROPY);
      assertMetricRefusals(binary, units, units, values(units), rng);
      assertWrongTargetSize(binary.get(), units, units + 1, rng);
      assertNonFiniteTargetsRefused(binary, units, values(units), rng);
      assertNonFiniteTargetsRefused(() -> Accuracy.forLoss(Loss.PERCEPTRON), 1, values(1), rng);
      assertMetricRefusals(() -> Accuracy.forLoss(Loss.PERCEPTRON), 1, 1, values(1), rng);
    }
  }

  @Test
  void sparseTopKAccuracy() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int round = 0; round < ROUNDS; round++) {
      int classes = 2 + rng.nextInt(12);
      int k = 1 + rng.nextInt(classes);
      Supplier<Metric> make = () -> new TopKAccuracy(k, classes, true);
      assertMetricRefusals(make, classes, 1, classIndices(classes), rng);
      assertClassIndicesChecked(make, classes, rng);
      assertWrongTargetSize(make.get(), classes, classes, rng);
      assertOtherClassCountRefused(make.get(), classes, 1, rng);
    }
  }

  @Test
  void oneHotTopKAccuracy() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int round = 0; round < ROUNDS; round++) {
      int classes = 2 + rng.nextInt(12);
      int k = 1 + rng.nextInt(classes);
      Supplier<Metric> make = () -> new TopKAccuracy(k, classes, false);
      assertMetricRefusals(make, classes, classes, oneHot(classes), rng);
      assertWrongTargetSize(make.get(), classes, 1, rng);
      assertNonFiniteTargetsRefused(make, classes, oneHot(classes), rng);
      assertOtherClassCountRefused(make.get(), classes, classes + 1, rng);
    }
  }

  @Test
  void meanAbsoluteError() {
    SplittableRandom rng = new SplittableRandom(6);
    for (int round = 0; round < ROUNDS; round++) {
      int size = 1 + rng.nextInt(6);
      assertMetricRefusals(MeanAbsoluteError::new, size, size, values(size), rng);
      assertWrongTargetSize(new MeanAbsoluteError(), size, size + 1, rng);
    }
  }

  @Test
  void rootMeanSquaredError() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int round = 0; round < ROUNDS; round++) {
      int size = 1 + rng.nextInt(6);
      assertMetricRefusals(RootMeanSquaredError::new, size, size, values(size), rng);
      assertWrongTargetSize(new RootMeanSquaredError(), size, size + 1, rng);
    }
  }

  @Test
  void confusionMatrixFromOutputs() {
    SplittableRandom rng = new SplittableRandom(8);
    for (int round = 0; round < ROUNDS; round++) {
      int classes = 2 + rng.nextInt(12);
      Loss sparse = Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
      // No state and no target offset: the harness's offsets stay 0 for it.
      Update update = (o, os, t, off, ts, c) -> ConfusionMatrix.of(sparse, o, os, t, ts, c);
      assertRefusals("confusion matrix", update, () -> 0.0, classes, 1, classIndices(classes),
          false, rng);
      assertRefusals("confusion matrix", (o, os, t, off, ts, c) -> ConfusionMatrix.of(
          Loss.CATEGORICAL_CROSSENTROPY, o, os, t, ts, c), () -> 0.0, classes, classes,
          oneHot(classes), false, rng);
      int count = 1 + rng.nextInt(20);
      float[] outputs = filled(rng, count * classes);
      float[] targets = classIndices(classes).make(rng, 0, count, 0);
      int at = rng.nextInt(count);
      float bad = badLabel(rng, classes);
      targets[at] = bad;
      assertRefused(() -> ConfusionMatrix.of(sparse, outputs, classes, targets, 1, count),
          "a bad label", "confusion matrix", "sample " + at, Float.toString(bad));
      assertRefused(() -> ConfusionMatrix.of(sparse, outputs, classes, new float[2 * count], 2,
          count), "two targets per sample", "confusion matrix", Integer.toString(classes), "2");
      // A NaN or infinite one-hot or binary target, which would read as some class.
      float[] oneHot = oneHot(classes).make(rng, 0, count, 0);
      int unit = rng.nextInt(classes);
      float nonFinite = rng.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
      oneHot[at * classes + unit] = nonFinite;
      assertRefused(() -> ConfusionMatrix.of(Loss.CATEGORICAL_CROSSENTROPY, outputs, classes,
          oneHot, classes, count), "a non-finite one-hot target", "confusion matrix",
          "sample " + at, Float.toString(nonFinite), "value " + unit);
      float[] binary = new float[count];
      binary[at] = nonFinite;
      assertRefused(() -> ConfusionMatrix.of(Loss.BINARY_CROSSENTROPY, new float[count], 1,
          binary, 1, count), "a non-finite binary target", "confusion matrix", "sample " + at,
          Float.toString(nonFinite));
    }
  }

  @Test
  void confusionMatrixOfMoreClassesThanAnArrayHolds() {
    for (int classes : new int[] {46_341, 65_536, 1 << 20, Integer.MAX_VALUE}) {
      assertRefused(() -> ConfusionMatrix.of(classes, new int[0], new int[0]),
          classes + " classes", Integer.toString(classes),
          Long.toString((long) classes * classes));
    }
  }

  // ---- the checks ------------------------------------------------------------------------

  /** {@link #assertRefusals} for a {@link Metric} from {@code make}, with target offsets. */
  static void assertMetricRefusals(Supplier<Metric> make, int outputSize, int targetSize,
      Targets targets, SplittableRandom rng) {
    Metric m = make.get();
    assertRefusals(m.name(), m::update, m::result, outputSize, targetSize, targets, true, rng);
  }

  /**
   * One valid update at random sizes, then every kind of wrong size: each refused with the
   * metric's name and the numbers at fault, and {@code result} unchanged.
   */
  static void assertRefusals(String name, Update update, Supplier<Double> result, int outputSize,
      int targetSize, Targets make, boolean offsets, SplittableRandom rng) {
    int count = 1 + rng.nextInt(20);
    int off = offsets ? rng.nextInt(5) : 0;
    float[] outputs = filled(rng, count * outputSize + rng.nextInt(3));
    float[] targets = make.make(rng, off, count, rng.nextInt(3));
    update.run(outputs, outputSize, targets, off, targetSize, count);
    update.run(outputs, outputSize, targets, off, targetSize, 0); // nothing: fine
    double before = result.get();
    assertTrue(before >= 0 && Double.isFinite(before), name + ": " + before);
    String context = name + " of " + count + " samples of " + outputSize + " outputs and "
        + targetSize + " targets from " + off;

    int shortOutputs = count * outputSize - 1 - rng.nextInt(Math.min(count * outputSize, 3));
    assertUnchanged(before, result, () -> update.run(new float[shortOutputs], outputSize,
        targets, off, targetSize, count), context + ", outputs of " + shortOutputs, name,
        Integer.toString(count * outputSize), Integer.toString(shortOutputs));

    int end = off + count * targetSize;
    float[] shortTargets = Arrays.copyOf(targets, end - 1 - rng.nextInt(Math.min(
        count * targetSize, 3)));
    assertUnchanged(before, result, () -> update.run(outputs, outputSize, shortTargets, off,
        targetSize, count), context + ", targets of " + shortTargets.length, name,
        Integer.toString(end), Integer.toString(shortTargets.length));

    int negativeCount = -1 - rng.nextInt(100);
    assertUnchanged(before, result, () -> update.run(outputs, outputSize, targets, off,
        targetSize, negativeCount), context + ", count " + negativeCount, name,
        Integer.toString(negativeCount));

    int badSize = -rng.nextInt(3);
    assertUnchanged(before, result, () -> update.run(outputs, badSize, targets, off, targetSize,
        count), context + ", output size " + badSize, name, Integer.toString(badSize));
    assertUnchanged(before, result, () -> update.run(outputs, outputSize, targets, off, badSize,
        count), context + ", target size " + badSize, name, Integer.toString(badSize));

    if (offsets) {
      int negativeOffset = -1 - rng.nextInt(100);
      assertUnchanged(before, result, () -> update.run(outputs, outputSize, targets,
          negativeOffset, targetSize, count), context + ", offset " + negativeOffset, name,
          Integer.toString(negativeOffset));
    }

    // count·size past Integer.MAX_VALUE: must not wrap around into a small or negative length.
    int huge = Integer.MAX_VALUE - rng.nextInt(1000);
    assertUnchanged(before, result, () -> update.run(outputs, outputSize, targets, off,
        targetSize, huge), context + ", count " + huge, name, Integer.toString(huge));

    assertThrows(NullPointerException.class,
        () -> update.run(null, outputSize, targets, off, targetSize, count), context);
    assertThrows(NullPointerException.class,
        () -> update.run(outputs, outputSize, null, off, targetSize, count), context);
    assertEquals(before, result.get(), context + ": a null array changed the result");
  }

  /** A target that is not a class index of {@code classes}. */
  static float badLabel(SplittableRandom rng, int classes) {
    float[] bad = {Float.NaN, -1f, classes, classes + 7f, 0.5f, classes - 0.5f, -0.5f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e10f, -1e10f};
    return bad[rng.nextInt(bad.length)];
  }

  /** A sparse target that is no class index, at a random sample, is refused and not counted. */
  static void assertClassIndicesChecked(Supplier<Metric> make, int classes,
      SplittableRandom rng) {
    Metric m = make.get();
    int count = 1 + rng.nextInt(20);
    int off = rng.nextInt(4);
    float[] outputs = filled(rng, count * classes);
    float[] targets = classIndices(classes).make(rng, off, count, 0);
    m.update(outputs, classes, targets, off, 1, count);
    double before = m.result();
    int at = rng.nextInt(count);
    float bad = badLabel(rng, classes);
    targets[off + at] = bad;
    assertUnchanged(before, m::result, () -> m.update(outputs, classes, targets, off, 1, count),
        m.name() + ": target " + bad + " of sample " + at, m.name(), "sample " + at,
        Float.toString(bad), Integer.toString(classes));
  }

  /**
   * A NaN or infinite target value (one per output) at a random sample and unit is refused and
   * not counted: {@code NaN > 0.5} is false, and a NaN binary label read as class 0.
   */
  static void assertNonFiniteTargetsRefused(Supplier<Metric> make, int units, Targets valid,
      SplittableRandom rng) {
    Metric m = make.get();
    int count = 1 + rng.nextInt(20);
    int off = rng.nextInt(4);
    float[] outputs = filled(rng, count * units);
    float[] targets = valid.make(rng, off, count, 0);
    m.update(outputs, units, targets, off, units, count);
    double before = m.result();
    int at = rng.nextInt(count);
    int unit = rng.nextInt(units);
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    float value = bad[rng.nextInt(bad.length)];
    targets[off + at * units + unit] = value;
    assertUnchanged(before, m::result, () -> m.update(outputs, units, targets, off, units, count),
        m.name() + ": target " + value + " of sample " + at, m.name(), "sample " + at,
        Float.toString(value), "value " + unit);
  }

  /** Targets of a size the metric does not read for {@code outputSize} outputs are refused. */
  static void assertWrongTargetSize(Metric m, int outputSize, int targetSize,
      SplittableRandom rng) {
    int count = 1 + rng.nextInt(10);
    float[] outputs = filled(rng, count * outputSize);
    float[] targets = new float[count * targetSize];
    assertUnchanged(m.result(), m::result, () -> m.update(outputs, outputSize, targets, 0,
        targetSize, count), m.name() + ": " + targetSize + " targets for " + outputSize
        + " outputs", m.name(), Integer.toString(outputSize), Integer.toString(targetSize));
  }

  /** Outputs of another number of classes than top-k was made for are refused. */
  static void assertOtherClassCountRefused(Metric m, int classes, int targetSize,
      SplittableRandom rng) {
    int other = classes + 1 + rng.nextInt(3);
    int count = 1 + rng.nextInt(10);
    int ts = targetSize == 1 ? 1 : other;
    assertUnchanged(m.result(), m::result, () -> m.update(new float[count * other], other,
        new float[count * ts], 0, ts, count), m.name() + ": outputs of " + other, m.name(),
        Integer.toString(classes), Integer.toString(other));
  }

  static void assertUnchanged(double before, Supplier<Double> result, Executable call,
      String context, String... parts) {
    assertRefused(call, context, parts);
    assertEquals(before, result.get(), context + ": a refused update changed the result");
  }

  /**
   * {@code call} throws an {@link IllegalArgumentException} whose message mentions every one of
   * {@code parts} (numbers as whole numbers: 4 does not match 14).
   */
  static void assertRefused(Executable call, String context, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, context);
    for (String part : parts) {
      Pattern whole = Pattern.compile("(?<![0-9])" + Pattern.quote(part) + "(?![0-9])");
      assertTrue(whole.matcher(e.getMessage()).find(),
          context + ": the message does not mention " + part + ": " + e.getMessage());
    }
  }
}
