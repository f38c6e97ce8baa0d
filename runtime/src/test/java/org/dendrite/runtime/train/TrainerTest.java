package org.dendrite.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.ProgressLogger;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.parallel.Shares;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer splits batches into contiguous shares, shuffles reproducibly, fits a logistic
 * regression to separable data bit-reproducibly, and honours callbacks, history and logging.
 */
class TrainerTest {
  /** 200 points of [-1, 1]², label x0 + 2·x1 > 0, none within 0.2 of the boundary's level. */
  static Dataset separable(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 200;
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; ) {
      float a = (float) rng.nextDouble(-1, 1);
      float b = (float) rng.nextDouble(-1, 1);
      float s = a + 2 * b;
      if (Math.abs(s) < 0.2f) {
        continue;
      }
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = s > 0 ? 1f : 0f;
      i++;
    }
    return Dataset.of(x, 2, y, 1);
  }

  static LogisticRegression model() {
    return new LogisticRegression(0.3f, -0.2f, 0.1f);
  }

  static Trainer.Builder trainer(Model model, int threads) {
    return Trainer.builder(model).optimizer(new Adam(0.1f)).epochs(30).batchSize(16).seed(7)
        .threads(threads);
  }

  // ---- shares and shuffles -----------------------------------------------------------------

  @Test
  void sharesAreContiguousCoverTheRangeAndDifferByAtMostOne() {
    for (int parts = 1; parts <= 9; parts++) {
      for (int count = 0; count <= 100; count++) {
        String at = count + " items in " + parts + " shares";
        assertEquals(0, Shares.start(0, count, parts), at + ": share 0 starts at 0");
        assertEquals(count, Shares.start(parts, count, parts), at + ": the end is count");
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int t = 0; t < parts; t++) {
          int size = Shares.start(t + 1, count, parts) - Shares.start(t, count, parts);
          assertTrue(size >= 0, at + ": share " + t + " has size " + size);
          min = Math.min(min, size);
          max = Math.max(max, size);
        }
        assertTrue(max - min <= 1, at + ": sizes from " + min + " to " + max);
        if (count >= 1) {
          assertTrue(Shares.start(1, count, parts) > 0, at + ": share 0 is empty");
        }
      }
    }
    // Large counts must not overflow: 3 shares of 2^30.
    assertEquals(1 << 30, Shares.start(3, 1 << 30, 3));
  }

  @Test
  void shuffleIsADeterministicPermutation() {
    int n = 1000;
    int[] a = identity(n);
    int[] b = identity(n);
    int[] c = identity(n);
    TrainingRun.shuffle(a, 42);
    TrainingRun.shuffle(b, 42);
    TrainingRun.shuffle(c, 43);
    assertArrayEquals(a, b, "the same seed gives the same order of " + n);
    assertFalse(Arrays.equals(a, c), "seeds 42 and 43 give the same order of " + n);
    assertFalse(Arrays.equals(a, identity(n)), "seed 42 leaves " + n + " items in order");
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(identity(n), sorted, "a permutation of 0.." + (n - 1));
  }

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  // ---- fit and evaluate --------------------------------------------------------------------

  @ParameterizedTest(name = "threads={0}")
  @ValueSource(ints = {1, 2})
  void fitSeparatesLinearlySeparableData(int threads) {
    Dataset data = separable(1);
    LogisticRegression model = model();
    Trainer t = trainer(model, threads).build();
    double before = t.evaluate(data).accuracy();
    t.fit(data);
    Evaluation after = t.evaluate(data);
    assertEquals(1.0, after.accuracy(), "accuracy on 200 separable points after 30 epochs with "
        + threads + " thread(s), from " + before + "; weights " + Arrays.toString(
            model.parameters()));
    assertEquals(200, after.samples());
    assertTrue(after.loss() < 0.2, "mean loss " + after.loss());
  }

  @Test
  void sameSeedAndThreadsGiveBitIdenticalParameters() {
    Dataset data = separable(2);
    LogisticRegression a = model();
    LogisticRegression b = model();
    LogisticRegression c = model();
    trainer(a, 2).epochs(3).build().fit(data);
    trainer(b, 2).epochs(3).build().fit(data);
    trainer(c, 2).epochs(3).seed(8).build().fit(data);
    assertTrue(Arrays.equals(a.parameters(), b.parameters()),
        "seed 7, 2 threads twice: " + Arrays.toString(a.parameters()) + " vs "
            + Arrays.toString(b.parameters()));
    assertFalse(Arrays.equals(a.parameters(), c.parameters()),
        "seeds 7 and 8 shuffle differently yet gave " + Arrays.toString(a.parameters()));
  }

  @Test
  void wrongFeatureSizeNamesBothSizes() {
    Dataset wide = Dataset.of(new float[9], 3, new float[3], 1);
    Trainer t = trainer(model(), 1).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(wide));
    assertTrue(e.getMessage().contains("3 features") && e.getMessage().contains("takes 2"),
        e.getMessage());
    IllegalArgumentException eval = assertThrows(IllegalArgumentException.class,
        () -> t.evaluate(wide));
    assertTrue(eval.getMessage().contains("evaluation data has 3 features"), eval.getMessage());
  }

  /** A NaN or an infinity in the data is named before it can turn every weight into NaN. */
  @Test
  void nonFiniteDataIsRefusedWithItsPlace() {
    LogisticRegression model = new LogisticRegression(0.1f, 0.2f, 0f);
    Trainer trainer = Trainer.builder(model).epochs(1).threads(1).build();
    Dataset data = separable(1);
    float[] x = data.features(0, data.size());
    x[2 * 17 + 1] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(Dataset.of(x, 2, data.targets(0, data.size()), 1)));
    assertEquals("training data: feature 1 of sample 17 is NaN; the data must be finite",
        e.getMessage());
    float[] y = data.targets(0, data.size());
    y[3] = Float.NEGATIVE_INFINITY;
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> trainer.evaluate(Dataset.of(data.features(0, data.size()), 2, y, 1)));
    assertEquals("evaluation data: target value 0 of sample 3 is -Infinity; the data must be"
        + " finite", t.getMessage());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0f}, model.parameters(), "nothing trained");
    // The data is read in chunks of 2^16 values: a sample past the first is named as well.
    float[] big = new float[2 * 40_000];
    big[2 * 39_999] = Float.POSITIVE_INFINITY;
    IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
        () -> trainer.evaluate(Dataset.of(big, 2, new float[40_000], 1)));
    assertEquals("evaluation data: feature 0 of sample 39999 is Infinity; the data must be"
        + " finite", late.getMessage());
  }

  /**
   * Byte features are not scanned when no byte can read as anything but finite, and are when
   * the divisor is so small that 255 divides to infinity.
   */
  @Test
  void byteFeaturesAreCheckedOnlyWhenTheyCanOverflow() {
    LogisticRegression model = new LogisticRegression(0.1f, 0.2f, 0f);
    Trainer trainer = Trainer.builder(model).epochs(1).threads(1).build();
    byte[] pixels = {0, 10, (byte) 255, 3, 1, 0};
    float[] y = {0, 1, 0};
    Dataset fine = Dataset.ofUnsignedBytes(pixels, 2, 255f, y, 1);
    assertTrue(fine.featuresAlwaysFinite());
    assertTrue(fine.select(2, 0).featuresAlwaysFinite(), "a selection of bytes");
    assertTrue(fine.slice(1, 3).featuresAlwaysFinite(), "a slice of bytes");
    assertFalse(Dataset.of(new float[6], 2, y, 1).featuresAlwaysFinite(), "floats may hold NaN");
    trainer.fit(fine);
    // 255 / 1e-37 overflows; 10 / 1e-37 does not: sample 0 is fine, sample 1 is named.
    Dataset tiny = Dataset.ofUnsignedBytes(pixels, 2, 1e-37f, y, 1);
    assertFalse(tiny.featuresAlwaysFinite());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(new LogisticRegression(0f, 0f, 0f)).epochs(1).threads(1).build()
            .fit(tiny));
    assertEquals("training data: feature 0 of sample 1 is Infinity; the data must be finite",
        e.getMessage());
  }

  @Test
  void callbackStoppingInEpochOneEndsTrainingAfterTwoEpochs() {
    List<String> events = new ArrayList<>();
    Callback stopper = new Callback() {
      @Override
      public void onEpochBegin(TrainingContext context, int epoch) {
        events.add("begin " + epoch);
      }

      @Override
      public void onEpochEnd(TrainingContext context, EpochResult result) {
        events.add("end " + result.epoch());
        if (result.epoch() == 1) {
          context.stopTraining();
        }
      }

      @Override
      public void onTrainEnd(TrainingContext context, History history) {
        events.add("train end, stop requested " + context.stopRequested());
      }
    };
    History h = trainer(model(), 2).epochs(10).callback(stopper).build().fit(separable(3));
    assertEquals(2, h.epochs().size(), "epochs run of 10 when stopping in epoch 1");
    assertEquals(List.of("begin 0", "end 0", "begin 1", "end 1", "train end, stop requested true"),
        events);
  }

  @Test
  void historyHasOneValuePerEpochIncludingValidation() {
    Dataset data = separable(4);
    int[] batches = new int[1];
    Callback counter = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext context, int batch, BatchLogs logs) {
        batches[0]++;
        assertEquals(Math.min(150, 16 * (batch + 1)), logs.samples(),
            "running samples after batch " + batch + " of 16 from 150");
      }
    };
    History h = trainer(model(), 2).epochs(4).callback(counter).build()
        .fit(data.slice(0, 150), data.slice(150, 200));
    assertEquals(4, h.get("loss").size(), "loss values of 4 epochs");
    assertEquals(4, h.get("accuracy").size(), "accuracy values of 4 epochs");
    assertEquals(4, h.get("val_loss").size(), "val_loss values of 4 epochs");
    assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"),
        List.copyOf(h.last().logs().keySet()));
    assertEquals(4 * 10, batches[0], "batch ends: 4 epochs of ceil(150 / 16) = 10 steps");
    assertEquals(150, h.last().samples());
    assertTrue(h.get("loss").get(3) < h.get("loss").get(0), "loss falls: " + h.get("loss"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.get("precision"));
    assertTrue(e.getMessage().contains("precision"), e.getMessage());
  }

  @Test
  void progressLoggerPrintsOneLinePerEpoch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    trainer(model(), 1).epochs(3).callback(new ProgressLogger(out)).build().fit(separable(5));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    assertEquals(3, lines.length, "lines for 3 epochs:\n" + String.join("\n", lines));
    for (int e = 0; e < 3; e++) {
      assertTrue(lines[e].startsWith("Epoch " + (e + 1) + "/3: loss "), lines[e]);
      assertTrue(lines[e].contains("accuracy "), lines[e]);
      assertTrue(lines[e].endsWith(" samples/s)"), lines[e]);
    }
  }
}
