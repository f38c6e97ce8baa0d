package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd convolutions give direct convolution's outputs to within a bound relative to the
 * window's magnitude, the same bits however the images are batched, and follow a changed kernel.
 */
class WinogradTest {
  /** The tolerance, relative to {@code Σ |window value · weight| + |bias|}. */
  private static final double TOLERANCE = 1e-5;

  /** A random 3×3 stride-1 geometry Winograd takes, VALID or SAME. */
  private static Window2D randomWindow(SplittableRandom rng) {
    int h = 4 + rng.nextInt(14);
    int w = 4 + rng.nextInt(14);
    int c = 16 + rng.nextInt(3) * 8 + rng.nextInt(2) * rng.nextInt(1, 8);
    boolean same = rng.nextBoolean();
    int pad = same ? 1 : 0;
    int oh = same ? h : h - 2;
    int ow = same ? w : w - 2;
    if (oh < 4 || ow < 4) {
      return new Window2D(h + 2, w + 2, c, 3, 3, 1, 1, 1, 1, h + 2, w + 2);
    }
    return new Window2D(h, w, c, 3, 3, 1, 1, pad, pad, oh, ow);
  }

  @Test
  void matchesDirectConvolutionWithinTheBound() {
    SplittableRandom rng = new SplittableRandom(61);
    double worst = 0;
    for (int trial = 0; trial < 60; trial++) {
      Window2D g = randomWindow(rng);
      int filters = 16 + rng.nextInt(50);
      int n = 1 + rng.nextInt(4);
      float[] in = random(rng, 3 + n * g.inputSize());
      float[] kernel = random(rng, 2 + g.depth() * filters);
      float[] bias = rng.nextBoolean() ? random(rng, 1 + filters) : null;
      boolean relu = rng.nextBoolean();
      int size = n * g.outputPixels() * filters;
      float[] direct = new float[size];
      Convolutions.convolve(g, in, 3, n, kernel, 2, bias, 1, relu, filters, direct, 0);
      float[] fast = new float[size + 5];
      Arrays.fill(fast, -7f);
      Winograd.convolve(g, in, 3, n, Winograd.transform(g, kernel, 2, filters), bias, 1, relu,
          fast, 4);
      float[] magnitude = magnitude(g, in, 3, n, kernel, 2, bias, 1, filters);
      for (int i = 0; i < size; i++) {
        double error = Math.abs(fast[4 + i] - direct[i]) / magnitude[i];
        worst = Math.max(worst, error);
        if (!(error <= TOLERANCE)) {
          fail(g + ", " + filters + " filters, output " + i + ": Winograd " + fast[4 + i]
              + ", direct " + direct[i] + ", magnitude " + magnitude[i]);
        }
      }
      for (int i : new int[] {0, 1, 2, 3, size + 4}) {
        assertEquals(-7f, fast[i], g + ": wrote outside its outputs");
      }
    }
    assertTrue(worst > 0, "some rounding differs from direct convolution's");
  }

  @Test
  void batchingChangesNoBit() {
    SplittableRandom rng = new SplittableRandom(62);
    // 9 tiles an image: blocks of two images, so five images end with a block of one.
    Window2D g = new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11);
    int filters = 64;
    int n = 5;
    float[] in = random(rng, n * g.inputSize());
    float[] bias = random(rng, filters);
    Winograd.Points points = Winograd.transform(g, random(rng, g.depth() * filters), 0, filters);
    int out = g.outputPixels() * filters;
    float[] together = new float[n * out];
    Winograd.convolve(g, in, 0, n, points, bias, 0, true, together, 0);
    for (int b = 0; b < n; b++) {
      float[] alone = new float[out];
      Winograd.convolve(g, in, b * g.inputSize(), 1, points, bias, 0, true, alone, 0);
      for (int i = 0; i < out; i++) {
        assertEquals(Float.floatToRawIntBits(alone[i]),
            Float.floatToRawIntBits(together[b * out + i]), "image " + b + ", value " + i);
      }
    }
  }

  @Test
  void aNonFiniteInputSpoilsOnlyItsTiles() {
    SplittableRandom rng = new SplittableRandom(63);
    Window2D g = new Window2D(12, 12, 16, 3, 3, 1, 1, 1, 1, 12, 12); // SAME: 3×3 tiles
    int filters = 16;
    float[] in = random(rng, g.inputSize());
    Winograd.Points points = Winograd.transform(g, random(rng, g.depth() * filters), 0, filters);
    float[] clean = new float[g.outputPixels() * filters];
    Winograd.convolve(g, in, 0, 1, points, null, 0, false, clean, 0);
    // Tile t reads input rows (and columns) 4t − 1 to 4t + 4: pixel (5, 5) only tile (1, 1)'s.
    in[(5 * 12 + 5) * 16 + 7] = Float.POSITIVE_INFINITY;
    float[] spoilt = new float[clean.length];
    Winograd.convolve(g, in, 0, 1, points, null, 0, false, spoilt, 0);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 12; x++) {
        boolean reached = y >= 4 && y < 8 && x >= 4 && x < 8;
        for (int f = 0; f < filters; f++) {
          float v = spoilt[(y * 12 + x) * filters + f];
          if (reached) {
            assertFalse(Float.isFinite(v), "(" + y + ", " + x + ") read the infinity");
          } else {
            assertEquals(clean[(y * 12 + x) * filters + f], v, "(" + y + ", " + x + ")");
          }
        }
      }
    }
  }

  @Test
  void theCacheFollowsTheKernel() {
    SplittableRandom rng = new SplittableRandom(64);
    Window2D g = new Window2D(8, 8, 16, 3, 3, 1, 1, 0, 0, 6, 6);
    int filters = 24;
    float[] params = random(rng, 5 + g.depth() * filters);
    Winograd.Cache cache = new Winograd.Cache(g, filters);
    Winograd.Points first = cache.of(params, 5);
    assertSame(first, cache.of(params, 5), "an unchanged kernel is not transformed again");
    float[] in = random(rng, g.inputSize());
    float[] before = new float[g.outputPixels() * filters];
    Winograd.convolve(g, in, 0, 1, first, null, 0, false, before, 0);

    params[5 + g.depth() * filters - 1] += 0.5f; // the last filter's last weight
    float[] after = new float[before.length];
    Winograd.convolve(g, in, 0, 1, cache.of(params, 5), null, 0, false, after, 0);
    float[] fresh = new float[before.length];
    Winograd.convolve(g, in, 0, 1, Winograd.transform(g, params, 5, filters), null, 0, false,
        fresh, 0);
    assertArrayEquals(fresh, after);
    assertNotEquals(before[filters - 1], after[filters - 1], "the changed filter's output moved");
    assertEquals(before[0], after[0], "the other filters' outputs did not");
  }

  @Test
  void refusesWhatItDoesNotTake() {
    assertTrue(Winograd.suits(new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11), 64));
    Window2D fiveByFive = new Window2D(14, 14, 16, 5, 5, 1, 1, 0, 0, 10, 10);
    Window2D strided = new Window2D(13, 13, 32, 3, 3, 2, 2, 0, 0, 6, 6);
    Window2D shallow = new Window2D(13, 13, 8, 3, 3, 1, 1, 0, 0, 11, 11);
    Window2D small = new Window2D(5, 5, 32, 3, 3, 1, 1, 0, 0, 3, 3);
    for (Window2D g : new Window2D[] {fiveByFive, strided, shallow, small}) {
      assertFalse(Winograd.suits(g, 64), g.toString());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Winograd.transform(g, new float[g.depth() * 64], 0, 64));
      assertTrue(e.getMessage().startsWith("Winograd F(4×4, 3×3) does not take"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new Winograd.Cache(g, 64));
    }
    Window2D g = new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11);
    assertFalse(Winograd.suits(g, 8));
    IllegalArgumentException shortKernel = assertThrows(IllegalArgumentException.class,
        () -> Winograd.transform(g, new float[g.depth() * 64 - 1], 0, 64));
    assertTrue(shortKernel.getMessage().contains("kernel holds 18431 values"),
        shortKernel.getMessage());
    // A lying filter count (36 points of 32×1,800,000 weights: 8.3 GB) with a short kernel is
    // refused before anything is allocated for it.
    IllegalArgumentException lying = assertThrows(IllegalArgumentException.class,
        () -> Winograd.transform(new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11),
            new float[1000], 0, 1_800_000));
    assertTrue(lying.getMessage().contains("kernel holds 1000 values"), lying.getMessage());
    Winograd.Points points = Winograd.transform(g, new float[g.depth() * 64], 0, 64);
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> Winograd.convolve(g, new float[g.inputSize()], 0, -1, points, null, 0, true,
            new float[121 * 64], 0));
    assertTrue(negative.getMessage().contains("a count of -1 samples"), negative.getMessage());
    Window2D same = new Window2D(11, 11, 32, 3, 3, 1, 1, 1, 1, 11, 11);
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> Winograd.convolve(same, new float[same.inputSize()], 0, 1, points, null, 0, true,
            new float[121 * 64], 0));
    assertTrue(other.getMessage().startsWith("points made for"), other.getMessage());
    IllegalArgumentException shortOut = assertThrows(IllegalArgumentException.class,
        () -> Winograd.convolve(g, new float[2 * g.inputSize()], 0, 2, points, null, 0, true,
            new float[121 * 64 * 2 - 1], 0));
    assertTrue(shortOut.getMessage().contains("out holds 15487 values"), shortOut.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Winograd.convolve(g,
        new float[g.inputSize()], 1, 1, points, null, 0, true, new float[121 * 64], 0));
    assertThrows(IllegalArgumentException.class, () -> Winograd.convolve(g,
        new float[g.inputSize()], 0, 1, points, new float[63], 0, true, new float[121 * 64], 0));
  }

  /**
   * Layers whose arrays no Java array holds are refused with their channels, filters and the size
   * named, before anything is allocated (the points' 36·c·f and the cache's copy's 9·c·f, whose
   * int products wrap around for layers this large; a block's tile points for huge images).
   */
  @Test
  void refusesLayersLargerThanAnArrayBeforeAllocating() {
    SplittableRandom rng = new SplittableRandom(67);
    long max = Integer.MAX_VALUE - 8;
    for (int trial = 0; trial < 40; trial++) {
      int c = 16 + rng.nextInt(trial < 20 ? 100 : 100_000);
      int f = (int) Math.min(Integer.MAX_VALUE, max / (36L * c) + 1 + rng.nextInt(1000));
      if (trial % 4 == 0) {
        f = 50_000 + rng.nextInt(1000); // 9·c·f too wraps around an int for most c
        c = 50_000 + rng.nextInt(1000);
      }
      Window2D g = new Window2D(6, 6, c, 3, 3, 1, 1, 0, 0, 4, 4);
      assertTrue(Winograd.suits(g, f), g + ", " + f);
      String[] named = {c + " channels", f + " filters", Long.toString(36L * c * f)};
      int filters = f;
      assertNamed(assertThrows(IllegalArgumentException.class,
          () -> Winograd.transform(g, new float[9], 0, filters)), named);
      assertNamed(assertThrows(IllegalArgumentException.class,
          () -> new Winograd.Cache(g, filters)), named);
    }
    // 8000×8000 outputs of 16 channels: 4,000,000 tiles, 36·4,000,000·16 tile points. Refused
    // with no image at all: the sizes are checked before the batch is looked at.
    Window2D huge = new Window2D(8002, 8002, 16, 3, 3, 1, 1, 0, 0, 8000, 8000);
    Winograd.Points points = Winograd.transform(huge, new float[9 * 16 * 16], 0, 16);
    IllegalArgumentException tiles = assertThrows(IllegalArgumentException.class,
        () -> Winograd.convolve(huge, new float[0], 0, 0, points, null, 0, false, new float[0],
            0));
    assertNamed(tiles, "16 channels", "16 filters", "tile points", "2304000000");
  }

  private static void assertNamed(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "no " + part + " in: " + e.getMessage());
    }
  }

  private static void assertArrayEquals(float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          "value " + i);
    }
  }

  /** {@code Σ |window value · weight| + |bias|} per output, and never below the smallest normal. */
  private static float[] magnitude(Window2D g, float[] in, int inOff, int n, float[] kernel,
      int kernelOff, float[] bias, int biasOff, int filters) {
    float[] absIn = abs(in);
    float[] absBias = bias == null ? null : abs(bias);
    float[] m = new float[n * g.outputPixels() * filters];
    Convolutions.convolve(g, absIn, inOff, n, abs(kernel), kernelOff, absBias, biasOff, false,
        filters, m, 0);
    for (int i = 0; i < m.length; i++) {
      m[i] = Math.max(m[i], Float.MIN_NORMAL);
    }
    return m;
  }

  private static float[] abs(float[] x) {
    float[] a = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      a[i] = Math.abs(x[i]);
    }
    return a;
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
