package org.dendrite.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scalar kernels agree with a double-precision reference, and the Vector API kernels agree
 * with the scalar ones bit for bit, transcendental activations included, at every tail size.
 */
class KernelsTest {
  /** Sizes around the vector lengths (8, 16 floats) and the 3-vector tile widths (24, 48). */
  static final int[] SIZES = {1, 7, 8, 9, 15, 16, 17, 31, 33, 47, 48, 49, 300};

  /** Unit round-off of float: the bound of one rounding's relative error. */
  static final double U = 0x1.0p-24;

  /** Written around every region a kernel may touch; must survive bit for bit. */
  static final float SENTINEL = -7777.25f;

  static final Kernels SCALAR = new ScalarKernels();

  /**
   * 13 (m, k, n) triples in which every size appears once as m, once as k and once as n (three
   * different cyclic shifts of {@link #SIZES}).
   */
  static Stream<Arguments> triples() {
    int s = SIZES.length;
    return IntStream.range(0, s)
        .mapToObj(i -> Arguments.of(SIZES[i], SIZES[(i + 5) % s], SIZES[(i + 9) % s]));
  }

  // ---- helpers -----------------------------------------------------------------------------

  static float[] random(SplittableRandom rng, int n, double lo, double hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextDouble(lo, hi);
    }
    return x;
  }

  /** {@code len} random values at {@code off}, {@code fill} before and {@code pad} after them. */
  static float[] embedded(float[] values, int off, int pad, float fill) {
    float[] x = new float[off + values.length + pad];
    Arrays.fill(x, fill);
    System.arraycopy(values, 0, x, off, values.length);
    return x;
  }

  static void assertBitsEqual(float[] expected, float[] actual, String context) {
    assertEquals(expected.length, actual.length, context + ": array lengths");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(context + ": first difference at index " + i + " of " + expected.length
            + ": expected " + expected[i] + " (0x" + Integer.toHexString(
                Float.floatToIntBits(expected[i])) + "), got " + actual[i] + " (0x"
            + Integer.toHexString(Float.floatToIntBits(actual[i])) + ")");
      }
    }
  }

  /** Everything of {@code x} outside [from, to) is still {@link #SENTINEL}. */
  static void assertUntouchedOutside(float[] x, int from, int to, String context) {
    for (int i = 0; i < x.length; i++) {
      if ((i < from || i >= to) && Float.floatToRawIntBits(x[i])
          != Float.floatToRawIntBits(SENTINEL)) {
        fail(context + ": index " + i + " outside the written region [" + from + ", " + to
            + ") of an array of " + x.length + " was changed to " + x[i]);
      }
    }
  }

  /** {@code |actual - expected| <= tol} at every index, naming the first violation. */
  static void assertClose(double[] expected, float[] actual, int actualOff, double[] tol,
      String context) {
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(actual[actualOff + i] - expected[i]);
      if (!(d <= tol[i])) {
        fail(context + ": index " + i + ": expected " + expected[i] + " ± " + tol[i] + ", got "
            + actual[actualOff + i] + " (difference " + d + ")");
      }
    }
  }

  // ---- matrix products against a double reference ------------------------------------------

  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @MethodSource("triples")
  void scalarProductsMatchDoubleReference(int m, int k, int n) {
    SplittableRandom rng = new SplittableRandom(1000L * m + 100L * k + n);
    float[] a = random(rng, m * k, -1, 1);
    float[] b = random(rng, k * n, -1, 1);
    float[] bias = random(rng, n, -1, 1);
    String sizes = "m=" + m + " k=" + k + " n=" + n;
    // Bound on the error of a chain of r fused multiply-adds plus one addition, relative to the
    // sum of |terms| (Higham's gamma_(r+1), with margin): (r + 2) · 2^-24 · Σ|a||b| (+ |bias|).

    // matmul with bias, operands at offsets inside arrays padded with NaN (reading outside the
    // operands would poison the result); c inside an array whose other values must survive.
    int aOff = 5;
    int bOff = 3;
    int biasOff = 2;
    int cOff = 11;
    float[] ap = embedded(a, aOff, 7, Float.NaN);
    float[] bp = embedded(b, bOff, 4, Float.NaN);
    float[] biasp = embedded(bias, biasOff, 3, Float.NaN);
    float[] c = embedded(new float[m * n], cOff, 13, SENTINEL);
    Arrays.fill(c, cOff, cOff + m * n, SENTINEL);
    SCALAR.matmul(ap, aOff, bp, bOff, biasp, biasOff, c, cOff, m, k, n);
    double[] ref = new double[m * n];
    double[] tol = new double[m * n];
    double[] refNoBias = new double[m * n];
    double[] tolNoBias = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          sum += (double) a[i * k + p] * b[p * n + j];
          abs += Math.abs((double) a[i * k + p] * b[p * n + j]);
        }
        refNoBias[i * n + j] = sum;
        tolNoBias[i * n + j] = (k + 2) * U * abs;
        ref[i * n + j] = sum + bias[j];
        tol[i * n + j] = (k + 2) * U * (abs + Math.abs(bias[j]));
      }
    }
    assertClose(ref, c, cOff, tol, "matmul with bias, " + sizes);
    assertUntouchedOutside(c, cOff, cOff + m * n, "matmul with bias, " + sizes);

    // matmul without bias, tight arrays.
    float[] c2 = new float[m * n];
    Arrays.fill(c2, Float.NaN); // must be overwritten, not accumulated into
    SCALAR.matmul(a, 0, b, 0, null, 0, c2, 0, m, k, n);
    assertClose(refNoBias, c2, 0, tolNoBias, "matmul without bias, " + sizes);

    // matmulTransA: a[m][k], b2[m][n] -> c[k][n], reducing over m.
    float[] b2 = random(rng, m * n, -1, 1);
    float[] c3 = embedded(new float[k * n], cOff, 13, SENTINEL);
    Arrays.fill(c3, cOff, cOff + k * n, SENTINEL);
    SCALAR.matmulTransA(ap, aOff, embedded(b2, bOff, 4, Float.NaN), bOff, c3, cOff, m, k, n);
    double[] refA = new double[k * n];
    double[] tolA = new double[k * n];
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double abs = 0;
        for (int i = 0; i < m; i++) {
          sum += (double) a[i * k + p] * b2[i * n + j];
          abs += Math.abs((double) a[i * k + p] * b2[i * n + j]);
        }
        refA[p * n + j] = sum;
        tolA[p * n + j] = (m + 2) * U * abs;
      }
    }
    assertClose(refA, c3, cOff, tolA, "matmulTransA, " + sizes);
    assertUntouchedOutside(c3, cOff, cOff + k * n, "matmulTransA, " + sizes);

    // matmulTransB: a3[m][n] · b[k][n]ᵀ -> c[m][k], reducing over n, with an oversized scratch.
    float[] a3 = random(rng, m * n, -1, 1);
    float[] bt = random(rng, k * n, -1, 1);
    float[] c4 = embedded(new float[m * k], cOff, 13, SENTINEL);
    Arrays.fill(c4, cOff, cOff + m * k, SENTINEL);
    float[] scratch = new float[k * n + 17];
    Arrays.fill(scratch, Float.NaN);
    SCALAR.matmulTransB(embedded(a3, aOff, 7, Float.NaN), aOff, embedded(bt, bOff, 4, Float.NaN),
        bOff, c4, cOff, m, n, k, scratch);
    double[] refB = new double[m * k];
    double[] tolB = new double[m * k];
    for (int i = 0; i < m; i++) {
      for (int q = 0; q < k; q++) {
        double sum = 0;
        double abs = 0;
        for (int j = 0; j < n; j++) {
          sum += (double) a3[i * n + j] * bt[q * n + j];
          abs += Math.abs((double) a3[i * n + j] * bt[q * n + j]);
        }
        refB[i * k + q] = sum;
        tolB[i * k + q] = (n + 2) * U * abs;
      }
    }
    assertClose(refB, c4, cOff, tolB, "matmulTransB, " + sizes);
    assertUntouchedOutside(c4, cOff, cOff + m * k, "matmulTransB, " + sizes);
  }

  // ---- matrix products: vector against scalar, bit for bit ---------------------------------

  /**
   * Every column count up to 13 vectors of 512 bits and every number of rows left below the
   * four-row tiles, with and without four-row tiles above them (for the five-, six- and three-row
   * tiles of a four-vector block), so every grouping of the vector kernels' register tiles (one to
   * four rows, one to six vectors, the last one partial or whole) and the scalar finish of a
   * partial vector at the array's end run against the scalar kernels.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorProductsAreBitIdenticalToScalarForEveryColumnCount() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(11);
    for (int n = 1; n <= 13 * 16; n++) {
      for (int[] mk : new int[][] {{1, 7}, {2, 5}, {3, 4}, {5, 3}, {6, 5}, {7, 6}, {8, 9},
          {10, 3}, {13, 4}, {19, 3}}) {
        int m = mk[0];
        int k = mk[1];
        float[] a = random(rng, m * k, -1, 1);
        float[] b = random(rng, k * n, -1, 1);
        float[] cs = new float[m * n];
        float[] cv = new float[m * n];
        SCALAR.matmul(a, 0, b, 0, null, 0, cs, 0, m, k, n);
        vector.matmul(a, 0, b, 0, null, 0, cv, 0, m, k, n);
        assertBitsEqual(cs, cv, "matmul, m=" + m + " k=" + k + " n=" + n);
        float[] b2 = random(rng, m * n, -1, 1);
        float[] ts = new float[k * n];
        float[] tv = new float[k * n];
        SCALAR.matmulTransA(a, 0, b2, 0, ts, 0, m, k, n);
        vector.matmulTransA(a, 0, b2, 0, tv, 0, m, k, n);
        assertBitsEqual(ts, tv, "matmulTransA, m=" + m + " k=" + k + " n=" + n);
      }
    }
  }

  /**
   * The weight gradients of dense layers with fewer outputs than lanes (on the vector kernels a
   * row of {@code c} a vector, stored whole where the next row's store covers its extra lanes):
   * bit for bit the scalar loops', for inputs around whole eight-row tiles and too few for one
   * vector of {@code c}, outputs from one to a vector's, reductions from one row to past the
   * route's limit, rows of {@code a} and {@code b} wider than the product (NaN between them), and
   * nothing written outside {@code c}'s values; -0, ±∞ and NaN among the values.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void narrowWeightGradientsAreBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(23);
    int lanes = 16;
    for (int m : new int[] {1, 2, 9, 39, 256, 257}) {
      for (int k : new int[] {1, 3, 8, 9, lanes - 1, lanes, lanes + 1, 84, 100, 1600}) {
        for (int n : new int[] {1, 2, 3, 9, 10, lanes - 1, lanes}) {
          String sizes = vector.description() + ", m=" + m + " k=" + k + " n=" + n;
          int lda = k + 2;
          int ldb = n + 1;
          float[] a = embedded(random(rng, m * lda, -1, 1), 3, 5, Float.NaN);
          float[] b = embedded(random(rng, m * ldb, -1, 1), 1, 5, Float.NaN);
          for (int i = 0; i < m; i++) { // the gaps between rows are not part of the product
            a[3 + i * lda + k] = Float.NaN;
            a[3 + i * lda + k + 1] = Float.NaN;
            b[1 + i * ldb + n] = Float.NaN;
          }
          if (m * k > 40) {
            a[3 + 7] = -0f;
            a[3 + lda - 3] = Float.POSITIVE_INFINITY;
            b[1] = Float.NaN;
          }
          float[] cs = embedded(new float[k * n], 7, 11, SENTINEL);
          Arrays.fill(cs, SENTINEL);
          float[] cv = cs.clone();
          SCALAR.matmulTransA(a, 3, lda, b, 1, ldb, cs, 7, m, k, n);
          vector.matmulTransA(a, 3, lda, b, 1, ldb, cv, 7, m, k, n);
          assertBitsEqual(cs, cv, "matmulTransA (narrow), " + sizes);
          assertUntouchedOutside(cv, 7, 7 + k * n, "matmulTransA (narrow), " + sizes);
        }
      }
    }
  }

  /**
   * One row of five to eight vectors, or of more (in passes of up to twenty), with room after
   * {@code b}'s last row or too little of it for a whole vector: the one-pass tiles of batch-1
   * products, whose lanes past the row read the NaN after it and must drop them, and whose last
   * rows continue in scalar code where the room ends; the values include NaN, ±∞ and -0, the bias
   * is there or not, {@code c}'s surroundings survive. Columns just outside those ranges, and rows
   * of more than one, take the other tiles.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorOneRowProductsAreBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(23);
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
    for (int t = 0; t < 400; t++) {
      int m = t % 10 == 0 ? 2 : 1;
      int n = t % 2 == 0
          ? 31 + rng.nextInt(100) // (4L, 8L] and around it at 256 and 512 bits
          : 120 + rng.nextInt(t % 4 == 1 ? 220 : 1000); // the passes of 9 to 20 vectors
      int k = 1 + rng.nextInt(t % 3 == 0 ? 400 : 20);
      float[] a = random(rng, m * k, -2, 2);
      float[] b = random(rng, k * n, -2, 2);
      for (float[] x : new float[][] {a, b}) {
        for (int i = 0; i < x.length; i++) {
          if (rng.nextInt(50) == 0) {
            x[i] = specials[rng.nextInt(specials.length)];
          }
        }
      }
      float[] bias = random(rng, n, -1, 1);
      int aOff = rng.nextInt(3);
      int bOff = rng.nextInt(3);
      int cOff = rng.nextInt(3);
      float[] ap = embedded(a, aOff, 2, Float.NaN);
      float[] bp = embedded(b, bOff, rng.nextInt(130), Float.NaN);
      float[] cs = embedded(new float[m * n], cOff, 5, SENTINEL);
      Arrays.fill(cs, SENTINEL);
      float[] cv = cs.clone();
      float[] bs = rng.nextBoolean() ? bias : null;
      String sizes = "m=" + m + " k=" + k + " n=" + n + ", room " + (bp.length - bOff - k * n)
          + (bs == null ? "" : ", bias");
      SCALAR.matmul(ap, aOff, bp, bOff, bs, 0, cs, cOff, m, k, n);
      vector.matmul(ap, aOff, bp, bOff, bs, 0, cv, cOff, m, k, n);
      assertBitsEqual(cs, cv, "matmul, " + sizes);
      assertUntouchedOutside(cv, cOff, cOff + m * n, "vector matmul, " + sizes);
      float[] rs = cs.clone();
      float[] rv = cs.clone();
      SCALAR.matmulRelu(ap, aOff, bp, bOff, bs, 0, rs, cOff, m, k, n);
      vector.matmulRelu(ap, aOff, bp, bOff, bs, 0, rv, cOff, m, k, n);
      assertBitsEqual(rs, rv, "matmulRelu, " + sizes);
    }
  }

  /**
   * {@code matmulSkippingZeros} of one kernel against {@code matmul} and {@code matmulRelu} of
   * the scalar twin, bit for bit: one-row products (the vector kernels' {@code RowProduct}
   * passes and the narrower tiles) and a few of more rows; inputs without zeros, about a fifth or
   * half zeros of both signs, and all zeros; finite weights, some of them exact negatives of
   * others so that chains cancel to zero; offsets, and little or much room after {@code b} (the
   * last rows in scalar code); with and without a bias; {@code c}'s surroundings untouched.
   */
  static void assertSkippingZerosEqualsMatmul(Kernels kernels, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int t = 0; t < 300; t++) {
      int m = t % 10 == 0 ? 1 + rng.nextInt(5) : 1;
      int n = 1 + rng.nextInt(t % 2 == 0 ? 130 : 1000);
      int k = 1 + rng.nextInt(t % 3 == 0 ? 800 : 40);
      float[] a = random(rng, m * k, -2, 2);
      // percent; 20 % takes the table for weights that stream from L3, not for smaller ones
      int zeros = t % 7 == 0 ? 100 : t % 7 == 1 ? 0 : t % 7 == 2 ? 20 : 50;
      for (int i = 0; i < a.length; i++) {
        if (rng.nextInt(100) < zeros) {
          a[i] = rng.nextBoolean() ? 0f : -0f;
        }
      }
      float[] b = random(rng, k * n, -2, 2);
      for (int q = 1; q < k; q += 2) { // rows that cancel the row before them for equal inputs
        if (rng.nextInt(4) == 0) {
          for (int j = 0; j < n; j++) {
            b[q * n + j] = -b[(q - 1) * n + j];
          }
          for (int i = 0; i < m; i++) {
            a[i * k + q] = a[i * k + q - 1];
          }
        }
      }
      int aOff = rng.nextInt(3);
      int bOff = rng.nextInt(3);
      int cOff = rng.nextInt(3);
      float[] ap = embedded(a, aOff, 2, Float.NaN);
      float[] bp = embedded(b, bOff, rng.nextBoolean() ? 0 : rng.nextInt(130), 1f);
      float[] bias = rng.nextBoolean() ? random(rng, n, -1, 1) : null;
      String sizes = "m=" + m + " k=" + k + " n=" + n + ", " + zeros + "% zeros"
          + (bias == null ? "" : ", bias");
      for (boolean relu : new boolean[] {false, true}) {
        float[] expected = embedded(new float[m * n], cOff, 5, SENTINEL);
        Arrays.fill(expected, SENTINEL);
        float[] actual = expected.clone();
        if (relu) {
          SCALAR.matmulRelu(ap, aOff, bp, bOff, bias, 0, expected, cOff, m, k, n);
        } else {
          SCALAR.matmul(ap, aOff, bp, bOff, bias, 0, expected, cOff, m, k, n);
        }
        kernels.matmulSkippingZeros(ap, aOff, bp, bOff, bias, 0, relu, actual, cOff, m, k, n);
        assertBitsEqual(expected, actual, kernels + " matmulSkippingZeros, relu " + relu + ", "
            + sizes);
        assertUntouchedOutside(actual, cOff, cOff + m * n, "matmulSkippingZeros, " + sizes);
      }
    }
  }

  @Test
  void scalarProductsSkippingZerosEqualThePlainProducts() {
    assertSkippingZerosEqualsMatmul(SCALAR, 31);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorProductsSkippingZerosEqualThePlainProducts() {
    assertSkippingZerosEqualsMatmul(VectorSupport.vectorKernels(), 37);
  }

  /**
   * What {@code matmulSkippingZeros} does not promise: with an infinite weight in the row of a
   * zero input, {@code matmul} gives NaN ({@code 0 · ∞}) and a skipping product (the scalar
   * twin's skips in every row; the vector kernels' only in their one-row passes, which 256-bit
   * vectors do not take) does not read it; the sizes are checked as {@code matmul}'s.
   */
  @Test
  void productsSkippingZerosNeedFiniteWeightsAndCheckTheirSizes() {
    int k = 40;
    int n = 300;
    float[] a = new float[k];
    a[3] = 1.5f;
    float[] b = new float[k * n];
    Arrays.fill(b, 0.25f);
    b[7 * n + 11] = Float.POSITIVE_INFINITY; // row 7, whose input is zero
    float[] plain = new float[n];
    float[] skipped = new float[n];
    SCALAR.matmul(a, 0, b, 0, null, 0, plain, 0, 1, k, n);
    SCALAR.matmulSkippingZeros(a, 0, b, 0, null, 0, false, skipped, 0, 1, k, n);
    assertTrue(Float.isNaN(plain[11]), "matmul: 0 · ∞ is NaN, got " + plain[11]);
    assertEquals(0.375f, skipped[11], "the skipping product: 1.5 · 0.25");
    Kernels kernels = Kernels.get();
    List<Executable> wrong = List.of(
        () -> kernels.matmulSkippingZeros(a, 0, b, 0, null, 0, true, skipped, 0, 1, k, n + 1),
        () -> kernels.matmulSkippingZeros(a, 1, b, 0, null, 0, false, skipped, 0, 1, k, n),
        () -> kernels.matmulSkippingZeros(a, 0, b, 0, null, 0, false, skipped, 0, 2, k, n),
        () -> kernels.matmulSkippingZeros(a, 0, b, 0, new float[n - 1], 0, false, skipped, 0, 1,
            k, n),
        () -> kernels.matmulSkippingZeros(a, 0, b, 0, null, 0, false, skipped, 0, 1, -1, n));
    List<String> messages = List.of("matmulRelu of 1×40 by 40×301 into 1×301: b",
        "matmul of 1×40 by 40×300 into 1×300: a", "matmul of 2×40 by 40×300 into 2×300: a",
        "a bias of 300 values from 0 does not fit its 299", "matmul of 1×-1");
    for (int i = 0; i < wrong.size(); i++) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wrong.get(i));
      assertTrue(e.getMessage().contains(messages.get(i)), e.getMessage());
    }
  }

  /**
   * Shapes of the packed path (at 512 bits: 64 rows or more and four vectors of columns): depth
   * inside, at and past a block of 128 (cut into blocks of equal depth); rows a multiple of
   * eight, of four only (a last four-row tile) or neither (one to three left), and more than a
   * block of 256 (where {@code A} is packed); columns in three-vector strips and one or two
   * single vectors, whole or padded; six vectors or fewer with rows adjacent, which
   * {@code matmul} leaves unpacked; and long reductions into six vectors or fewer, which
   * {@code matmulTransA} computes transposed.
   */
  static Stream<Arguments> packedShapes() {
    return Stream.of(
        Arguments.of(64, 1, 64), Arguments.of(64, 64, 96), Arguments.of(65, 65, 100),
        Arguments.of(66, 63, 65), Arguments.of(67, 129, 160), Arguments.of(68, 200, 176),
        Arguments.of(128, 784, 300), Arguments.of(97, 70, 191), Arguments.of(259, 65, 64),
        Arguments.of(260, 130, 112), Arguments.of(300, 9, 288), Arguments.of(64, 288, 64),
        Arguments.of(521, 66, 80),
        // Blocks of equal depth (129 as 65 and 64, 257 as three of 86 and 85), eight-row tiles
        // and a last four-row one, strips of three vectors and two single ones after them.
        Arguments.of(72, 128, 48), Arguments.of(76, 129, 113), Arguments.of(68, 257, 97),
        Arguments.of(136, 384, 144), Arguments.of(84, 127, 224),
        // Whole rows and a partial last vector after single strips, and after a four-vector one.
        Arguments.of(64, 70, 150), Arguments.of(128, 65, 170),
        // matmulTransA: a convolution's weight gradient (the batch's pixels by 288 window
        // values by 64 filters; four vectors at 512 bits: TransATiles, in place, blocks of 96
        // pixels), as its packed transpose for one strip of outputs and a padded one.
        Arguments.of(1000, 288, 64), Arguments.of(256, 67, 96), Arguments.of(257, 300, 70),
        // ... and one vector of filters (LeNet-5's conv2: 150 window values by 16 filters; rows
        // below the last twelve-row tile).
        Arguments.of(3200, 150, 16), Arguments.of(257, 13, 16), Arguments.of(300, 11, 16),
        // Rows in whole four-row tiles stored adjacent, a partial last vector, one block of
        // depth: the last strip stored whole first (each row's extra lanes on the next row's
        // first columns, which the other strips then write), the last four rows through a
        // buffer; one row block, three with a last one of a single tile, a last strip of one
        // vector; matmulTransB's (rows, depth 16, 150 columns) is LeNet-5's conv2 input gradient.
        Arguments.of(64, 16, 150), Arguments.of(516, 64, 100), Arguments.of(132, 40, 65),
        Arguments.of(64, 150, 16), Arguments.of(68, 65, 16), Arguments.of(68, 120, 150),
        Arguments.of(84, 128, 65));
  }

  /** {@link #packedShapes()} and small shapes of the unpacked tiles and their tails. */
  static Stream<Arguments> stridedShapes() {
    return Stream.concat(packedShapes(), Stream.of(
        Arguments.of(1, 3, 1), Arguments.of(3, 5, 17), Arguments.of(5, 9, 33),
        Arguments.of(13, 4, 100), Arguments.of(32, 300, 10), Arguments.of(7, 16, 64),
        // A row below the tiles with four or five vectors left (Winograd's products at batch 1).
        Arguments.of(9, 32, 64), Arguments.of(5, 20, 80)));
  }

  /**
   * The products of a layer that writes its outputs into its columns of a concatenation, and
   * reads its gradient from there: a row stride on {@code c} (matmul, matmulRelu), on the output
   * gradient (matmulTransA's {@code b}, matmulTransB's {@code a}, columnSums). On every kernel
   * path, each equals the contiguous product bit for bit, reads nothing outside its columns (the
   * other columns hold NaN) and writes nothing outside them (they keep a sentinel).
   */
  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @MethodSource("stridedShapes")
  void stridedProductsTouchOnlyTheirColumnsAndMatchContiguousOnes(int m, int k, int n) {
    SplittableRandom rng = new SplittableRandom(97L * m + 13L * k + n);
    float[] a = random(rng, m * k, -1, 1);
    float[] b = random(rng, k * n, -1, 1);
    float[] bias = random(rng, n, -1, 1);
    float[] g = random(rng, m * n, -1, 1);
    int col = 3;
    int ld = n + 8;
    int off = 5; // the matrix's first row starts here, its columns at off + col
    for (Kernels kernels : available()) {
      String sizes = kernels.description() + ", m=" + m + " k=" + k + " n=" + n;
      for (boolean relu : new boolean[] {false, true}) {
        float[] whole = new float[m * n];
        float[] wide = new float[off + m * ld];
        Arrays.fill(wide, SENTINEL);
        if (relu) {
          kernels.matmulRelu(a, 0, b, 0, bias, 0, whole, 0, m, k, n);
          kernels.matmulRelu(a, 0, k, b, 0, bias, 0, wide, off + col, ld, m, k, n);
        } else {
          kernels.matmul(a, 0, k, b, 0, bias, 0, whole, 0, m, k, n);
          kernels.matmul(a, 0, k, b, 0, bias, 0, wide, off + col, ld, m, k, n);
        }
        assertColumns(whole, wide, off, col, ld, m, n, (relu ? "matmulRelu, " : "matmul, ")
            + sizes);
      }
      float[] gWide = new float[off + m * ld];
      Arrays.fill(gWide, Float.NaN);
      for (int r = 0; r < m; r++) {
        System.arraycopy(g, r * n, gWide, off + r * ld + col, n);
      }
      float[] dw = new float[k * n];
      float[] dwWide = new float[k * n];
      kernels.matmulTransA(a, 0, k, g, 0, dw, 0, m, k, n);
      kernels.matmulTransA(a, 0, k, gWide, off + col, ld, dwWide, 0, m, k, n);
      assertBitsEqual(dw, dwWide, "matmulTransA (strided b), " + sizes);
      float[] sums = new float[n];
      float[] sumsWide = new float[n];
      kernels.columnSums(g, 0, m, n, sums, 0);
      kernels.columnSums(gWide, off + col, ld, m, n, sumsWide, 0);
      assertBitsEqual(sums, sumsWide, "columnSums (strided), " + sizes);
      // matmulTransB: g[m][n] · w[k][n]ᵀ -> dx[m][k]
      float[] w = random(new SplittableRandom(n), k * n, -1, 1);
      float[] dx = new float[m * k];
      float[] dxWide = new float[m * k];
      kernels.matmulTransB(g, 0, w, 0, dx, 0, m, n, k, new float[k * n]);
      kernels.matmulTransB(gWide, off + col, ld, w, 0, dxWide, 0, m, n, k, new float[k * n]);
      assertBitsEqual(dx, dxWide, "matmulTransB (strided a), " + sizes);
    }
  }

  /** {@code wide}'s rows {@code ld} apart hold {@code whole} at column {@code col}, else SENTINEL. */
  private static void assertColumns(float[] whole, float[] wide, int off, int col, int ld, int m,
      int n, String context) {
    for (int i = 0; i < wide.length; i++) {
      int r = (i - off) / ld;
      int j = (i - off) % ld - col;
      boolean inside = i >= off && r < m && j >= 0 && j < n;
      float expected = inside ? whole[r * n + j] : SENTINEL;
      if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(wide[i])) {
        fail(context + ": index " + i + (inside ? " (row " + r + ", column " + j + ")"
            : " (outside the columns)") + " holds " + wide[i] + ", expected " + expected);
      }
    }
  }

  /**
   * The packed products against the scalar kernels, bit for bit: matmul with a bias at offsets
   * into NaN-padded arrays, a band of columns, matmulTransA with a row stride and matmulTransB
   * (which packs {@code b} transposed in place); nothing outside the outputs is written.
   */
  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @MethodSource("packedShapes")
  @Tag(VectorSupport.TAG)
  void packedProductsAreBitIdenticalToScalar(int m, int k, int n) {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(31L * m + 17L * k + n);
    String sizes = vector.description() + ", m=" + m + " k=" + k + " n=" + n;
    int aOff = 5;
    int bOff = 3;
    int cOff = 11;
    float[] a = embedded(random(rng, m * k, -1, 1), aOff, 7, Float.NaN);
    float[] b = embedded(random(rng, k * n, -1, 1), bOff, 4, Float.NaN);
    float[] bias = embedded(random(rng, n, -1, 1), 2, 3, Float.NaN);
    float[] cs = embedded(new float[m * n], cOff, 13, SENTINEL);
    Arrays.fill(cs, SENTINEL);
    float[] cv = cs.clone();
    SCALAR.matmul(a, aOff, b, bOff, bias, 2, cs, cOff, m, k, n);
    vector.matmul(a, aOff, b, bOff, bias, 2, cv, cOff, m, k, n);
    assertBitsEqual(cs, cv, "matmul (offsets, bias), " + sizes);
    assertUntouchedOutside(cv, cOff, cOff + m * n, "vector matmul, " + sizes);

    int from = Math.min(n / 3, 17);
    int to = n - n / 5;
    float[] band = new float[m * n];
    Arrays.fill(band, SENTINEL);
    vector.matmulColumns(a, aOff, b, bOff, band, 0, m, k, n, from, to);
    float[] whole = new float[m * n];
    SCALAR.matmul(a, aOff, b, bOff, null, 0, whole, 0, m, k, n);
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        float expected = j >= from && j < to ? whole[r * n + j] : SENTINEL;
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(band[r * n + j]),
            "band [" + from + ", " + to + ") at (" + r + ", " + j + "), " + sizes);
      }
    }

    int lda = k + 3;
    float[] wide = random(rng, m * lda, -1, 1);
    float[] g = embedded(random(rng, m * n, -1, 1), bOff, 4, Float.NaN);
    float[] ts = new float[k * n];
    float[] tv = new float[k * n];
    SCALAR.matmulTransA(wide, 1, lda, g, bOff, ts, 0, m, k, n);
    vector.matmulTransA(wide, 1, lda, g, bOff, tv, 0, m, k, n);
    assertBitsEqual(ts, tv, "matmulTransA (row stride), " + sizes);

    float[] qs = embedded(new float[m * k], cOff, 13, SENTINEL);
    Arrays.fill(qs, SENTINEL);
    float[] qv = qs.clone();
    float[] dy = embedded(random(rng, m * n, -1, 1), aOff, 7, Float.NaN);
    float[] w = embedded(random(rng, k * n, -1, 1), bOff, 4, Float.NaN);
    SCALAR.matmulTransB(dy, aOff, w, bOff, qs, cOff, m, n, k, new float[k * n]);
    vector.matmulTransB(dy, aOff, w, bOff, qv, cOff, m, n, k, new float[k * n]);
    assertBitsEqual(qs, qv, "matmulTransB, " + sizes);
    assertUntouchedOutside(qv, cOff, cOff + m * k, "vector matmulTransB, " + sizes);
  }

  /**
   * A gathered operand {@code A(r, q) = a[aOff + rows[r] + depths[q]]} of {@code m} rows and depth
   * {@code k}, and its rows copied out ({@code copied[m][k]}): random offsets (overlapping,
   * repeated, out of order) into a NaN-free source, the tables longer than needed.
   */
  record Gathered(float[] a, int aOff, int[] rows, int[] depths, float[] copied) {
    static Gathered random(SplittableRandom rng, int m, int k) {
      int source = 3 * k + 50;
      float[] a = KernelsTest.random(rng, source, -1, 1);
      int aOff = rng.nextInt(5);
      int[] rows = new int[m + rng.nextInt(3)];
      int[] depths = new int[k + rng.nextInt(3)];
      for (int q = 0; q < depths.length; q++) {
        depths[q] = rng.nextInt(2 * k + 20);
      }
      for (int r = 0; r < rows.length; r++) {
        rows[r] = rng.nextInt(source - aOff - (2 * k + 20));
      }
      return of(a, aOff, rows, depths, m, k);
    }

    /** The operand of the first {@code m} rows and {@code k} depths, its rows copied out. */
    static Gathered of(float[] a, int aOff, int[] rows, int[] depths, int m, int k) {
      float[] copied = new float[m * k];
      for (int r = 0; r < m; r++) {
        for (int q = 0; q < k; q++) {
          copied[r * k + q] = a[aOff + rows[r] + depths[q]];
        }
      }
      return new Gathered(a, aOff, rows, depths, copied);
    }
  }

  /**
   * A gathered product equals the product of its rows copied out, then the bias and the ReLU, bit
   * for bit, on both kernels: every row count around the four-row tiles, column counts around the
   * vector widths and the six-vector strips, depths of a 1×1 to a 5×5×32 window; rows and depths
   * at random offsets (overlapping, repeated, out of order) into a NaN-free source.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredProductsEqualProductsOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(4242);
    for (int m : new int[] {1, 2, 3, 4, 5, 7, 9, 33, 121}) {
      for (int k : new int[] {1, 9, 25, 288}) {
        for (int n : new int[] {1, 6, 16, 17, 32, 48, 64, 96, 100, 112, 128}) {
          Gathered gathered = Gathered.random(rng, m, k);
          float[] a = gathered.a();
          int aOff = gathered.aOff();
          int[] rows = gathered.rows();
          int[] depths = gathered.depths();
          float[] copied = gathered.copied();
          float[] b = random(rng, k * n + 3, -1, 1);
          float[] bias = random(rng, n + 2, -1, 1);
          String sizes = "m=" + m + " k=" + k + " n=" + n;
          for (boolean relu : new boolean[] {false, true}) {
            for (float[] bs : new float[][] {null, bias}) {
              assertGatheredEqualsCopied(vector, a, aOff, rows, depths, copied, b, bs, relu, m,
                  k, n, sizes + (relu ? " relu" : "") + (bs == null ? " no bias" : " bias"));
            }
          }
        }
      }
    }
  }

  /**
   * A gathered product whose depth offsets come in long runs of adjacent values (a window's rows
   * of pixels and channels, as LeNet-5's conv2 reads them: the vector kernel's one-vector strips
   * then index each run linearly) equals the product of its rows copied out, bit for bit on both
   * kernels: row counts around the ten- and twelve-row tiles and the 24-row blocks, one-vector
   * column counts (1 to 16, padded or whole), runs of 1 to 40 values (some depths repeated), NaN,
   * ±∞ and -0 among the image's values and the kernel's. The last trials have LeNet-5's shape,
   * rows in tens 6 apart (a row of its conv2 windows) and 16 columns, some with one row moved.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredProductsOverLongRunsEqualProductsOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(1717);
    for (int trial = 0; trial < 460; trial++) {
      boolean lenet = trial >= 400;
      int[] ms = lenet ? new int[] {10, 20, 50, 100}
          : new int[] {1, 2, 10, 11, 12, 13, 20, 23, 24, 25, 36, 47, 50, 100, 121};
      int m = ms[rng.nextInt(ms.length)];
      int[] ns = {1, 3, 6, 8, 10, 15, 16};
      int n = lenet ? 16 : ns[rng.nextInt(ns.length)];
      boolean specials = rng.nextInt(3) == 0;
      // Runs of 1 to 40 adjacent offsets, mostly long; each starts anywhere in a 400-value span.
      int k = 0;
      int[] depths = new int[400];
      while (k < 30 + rng.nextInt(200)) {
        int len = rng.nextInt(4) == 0 ? 1 + rng.nextInt(5) : 8 + rng.nextInt(33);
        int start = rng.nextInt(400);
        for (int i = 0; i < len && k < depths.length; i++) {
          depths[k++] = start + i;
        }
      }
      depths = Arrays.copyOf(depths, k);
      int aOff = rng.nextInt(5);
      int[] rows = new int[m];
      for (int r = 0; r < m; r++) {
        rows[r] = lenet ? (r / 10) * 70 % 240 + 6 * (r % 10) : rng.nextInt(300);
      }
      if (lenet && rng.nextInt(4) == 0) {
        rows[rng.nextInt(m)] += 1 + rng.nextInt(5);
      }
      float[] a = random(rng, aOff + 300 + 440 + rng.nextInt(3), -1, 1);
      assertRandomGatheredProduct(vector, rng, a, aOff, rows, depths, n, specials,
          lenet ? " rows 6 apart" : "");
    }
  }

  /**
   * {@link #assertGatheredEqualsCopied} for {@code m = rows.length} rows and {@code k =
   * depths.length} depths of {@code a}, {@code n} random columns of {@code b}, a random bias or
   * none and the ReLU or not; with {@code specials}, six values of {@code a} and one of {@code b}
   * NaN, ±∞ or ±0. {@code what} ends the failure's description of the sizes.
   */
  private static void assertRandomGatheredProduct(Kernels vector, SplittableRandom rng, float[] a,
      int aOff, int[] rows, int[] depths, int n, boolean specials, String what) {
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
    int m = rows.length;
    int k = depths.length;
    if (specials) {
      for (int i = 0; i < 6; i++) {
        a[rng.nextInt(a.length)] = special[rng.nextInt(special.length)];
      }
    }
    float[] copied = new float[m * k];
    for (int r = 0; r < m; r++) {
      for (int q = 0; q < k; q++) {
        copied[r * k + q] = a[aOff + rows[r] + depths[q]];
      }
    }
    float[] b = random(rng, k * n + 3, -1, 1);
    if (specials) {
      b[3 + rng.nextInt(k * n)] = special[rng.nextInt(special.length)];
    }
    float[] bias = random(rng, n + 2, -1, 1);
    boolean relu = rng.nextBoolean();
    float[] bs = rng.nextBoolean() ? bias : null;
    String sizes = "m=" + m + " k=" + k + " n=" + n + what + (relu ? " relu" : "")
        + (bs == null ? " no bias" : " bias") + (specials ? " NaN/Inf" : "");
    assertGatheredEqualsCopied(vector, a, aOff, rows, depths, copied, b, bs, relu, m, k, n,
        sizes);
  }

  /**
   * A gathered product whose rows come in tens of adjacent offsets and whose depths in runs of 5
   * (a 5×5 window over an image stored as planes, as LeNet-5's conv2 reads its first layer's
   * pooled outputs) equals the product of its rows copied out, bit for bit on both kernels: one
   * vector of columns at 256 and at 512 bits and other widths, row counts in tens and not, one to
   * six channels, some products with one row moved, NaN, ±∞ and -0 among the values.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredProductsOverAdjacentRowsEqualProductsOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(1919);
    int width = 14;
    int plane = width * width;
    for (int trial = 0; trial < 200; trial++) {
      int[] ms = {10, 20, 30, 100, 11, 25};
      int m = ms[rng.nextInt(ms.length)];
      int[] ns = {8, 16, 16, 6, 17};
      int n = ns[rng.nextInt(ns.length)];
      int channels = 1 + rng.nextInt(6);
      int k = 25 * channels;
      int[] depths = new int[k];
      for (int ky = 0, q = 0; ky < 5; ky++) {
        for (int kx = 0; kx < 5; kx++) {
          for (int c = 0; c < channels; c++, q++) {
            depths[q] = c * plane + ky * width + kx;
          }
        }
      }
      int[] rows = new int[m];
      for (int r = 0; r < m; r++) { // ten output pixels a row of windows
        rows[r] = (r / 10) % 10 * width + r % 10;
      }
      boolean moved = rng.nextInt(4) == 0;
      if (moved) {
        rows[rng.nextInt(m)] += 1 + rng.nextInt(3);
      }
      int aOff = rng.nextInt(5);
      boolean specials = rng.nextInt(3) == 0;
      float[] a = random(rng, aOff + channels * plane + 140, -1, 1);
      assertRandomGatheredProduct(vector, rng, a, aOff, rows, depths, n, specials,
          moved ? " a row moved" : "");
    }
  }

  /**
   * {@code matmulGathered} on the scalar and the vector kernels against {@code matmul} of the
   * rows copied out ({@code b} from 3, the bias from 2, {@code c} from 4 between sentinels), then
   * the ReLU: bit for bit.
   */
  private static void assertGatheredEqualsCopied(Kernels vector, float[] a, int aOff, int[] rows,
      int[] depths, float[] copied, float[] b, float[] bias, boolean relu, int m, int k, int n,
      String name) {
    float[] expected = new float[m * n + 9];
    Arrays.fill(expected, SENTINEL);
    SCALAR.matmul(copied, 0, b, 3, bias, 2, expected, 4, m, k, n);
    if (relu) {
      SCALAR.relu(expected, 4, m * n);
    }
    for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
      float[] c = new float[m * n + 9];
      Arrays.fill(c, SENTINEL);
      kernels.matmulGathered(a, aOff, rows, depths, b, 3, bias, 2, relu, c, 4, m, k, n);
      assertBitsEqual(expected, c, kernels.description() + " gathered, " + name);
    }
  }

  /**
   * A gathered weight gradient continues {@code c}'s chains with the copied rows' {@code Aᵀ · g},
   * bit for bit on both kernels: row counts of one pixel to a 26×26 image, depths of a 1×1 to a
   * 3×3×32 window (every remainder of the four- and eight-row tiles, and so every last tile with
   * idle chains), filters around the vector widths (padded or whole, one or two vectors a
   * strip); the starting {@code c} and {@code g}
   * hold ±0, ±∞ and NaN among their values, and nothing outside the output is written.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredWeightGradientsEqualThoseOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(4343);
    for (int m : new int[] {1, 3, 33, 676}) {
      for (int k : new int[] {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 25, 288}) {
        for (int n : new int[] {1, 6, 16, 17, 32, 48, 64}) {
          assertGatheredGradient(vector, rng, Gathered.random(rng, m, k), m, k, n, "");
        }
      }
    }
  }

  /**
   * {@code matmulTransAGathered} of {@code gathered} on both kernels against the scalar loops'
   * definition over its copied rows, from a random start: bit for bit, nothing outside written.
   */
  private static void assertGatheredGradient(Kernels vector, SplittableRandom rng,
      Gathered gathered, int m, int k, int n, String what) {
    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    float[] a = gathered.a();
    int aOff = gathered.aOff();
    int[] rows = gathered.rows();
    int[] depths = gathered.depths();
    float[] copied = gathered.copied();
    float[] g = random(rng, 2 + m * n, -1, 1);
    float[] start = random(rng, k * n, -1, 1);
    if (rng.nextInt(4) == 0) {
      g[2 + rng.nextInt(m * n)] = special[rng.nextInt(special.length)];
      start[rng.nextInt(k * n)] = special[rng.nextInt(special.length)];
    }
    // Expected: start + copiedᵀ · g, as two products' chains: the second starts where the
    // first (over a zero start) cannot, so build it from the scalar loops' definition.
    float[] expected = new float[k * n + 9];
    Arrays.fill(expected, SENTINEL);
    for (int q = 0; q < k; q++) {
      for (int j = 0; j < n; j++) {
        float x = start[q * n + j];
        for (int r = 0; r < m; r++) {
          x = Math.fma(copied[r * k + q], g[2 + r * n + j], x);
        }
        expected[4 + q * n + j] = x;
      }
    }
    String sizes = what + "m=" + m + " k=" + k + " n=" + n;
    for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
      float[] c = new float[k * n + 9];
      Arrays.fill(c, SENTINEL);
      System.arraycopy(start, 0, c, 4, k * n);
      kernels.matmulTransAGathered(a, aOff, rows, depths, g, 2, c, 4, m, k, n);
      assertBitsEqual(expected, c, kernels.description() + " gathered gradient, " + sizes);
    }
  }

  /**
   * The windows of a convolution of stride 1 over one channel: rows the output pixels' top-left
   * offsets into {@code h}×{@code w} images (a batch of {@code images}, one after the other),
   * depths {@code kh}×{@code kw} offsets an image row apart. Pixels side by side share window
   * values, except across the end of an output row.
   */
  static Gathered windows(SplittableRandom rng, int images, int h, int w, int kh, int kw) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    int aOff = rng.nextInt(3);
    float[] a = KernelsTest.random(rng, aOff + images * h * w + rng.nextInt(3), -1, 1);
    int[] rows = new int[images * oh * ow];
    int[] depths = new int[kh * kw];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        depths[y * kw + x] = y * w + x;
      }
    }
    for (int i = 0, r = 0; i < images; i++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          rows[r++] = i * h * w + y * w + x;
        }
      }
    }
    return Gathered.of(a, aOff, rows, depths, rows.length, depths.length);
  }

  /**
   * Gathered weight gradients of convolution windows equal those of the copied rows: pixels side
   * by side sharing window values (the 5×5 tile's pairs), output rows of odd and even widths and
   * several images, which break the pairs, and windows other than 5×5 that take the other tiles.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredWindowGradientsEqualThoseOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(4747);
    int[][] shapes = {{1, 32, 32, 5, 5}, {2, 9, 8, 5, 5}, {3, 7, 11, 5, 5}, {1, 5, 5, 5, 5},
        {2, 6, 9, 3, 3}, {1, 8, 12, 5, 4}, {1, 12, 8, 4, 5}};
    for (int[] s : shapes) {
      for (int n : new int[] {1, 6, 16, 40}) {
        Gathered windows = windows(rng, s[0], s[1], s[2], s[3], s[4]);
        assertGatheredGradient(vector, rng, windows, windows.rows().length, s[3] * s[4], n,
            s[0] + " images " + s[1] + "×" + s[2] + ", window " + s[3] + "×" + s[4] + ": ");
      }
    }
  }

  /**
   * Gathered weight gradients of channels-last windows, whose window rows are runs of adjacent
   * values, equal those of the copied rows: LeNet-5's conv2 (14×14×6, 5×5: runs of 30) and runs
   * of 16 and 32 over enough pixels for the vector kernels' filters-broadcast tiles (a multiple
   * of four filters up to 16, windows of a multiple of five vectors), and filter counts and runs
   * those tiles do not take.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void gatheredGradientsOfChannelsLastWindowsEqualThoseOfTheCopiedRows() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(4848);
    int[][] shapes = {{6, 14, 14, 6, 5, 5}, {3, 20, 13, 8, 5, 2}, {4, 16, 16, 8, 5, 4},
        {14, 9, 9, 6, 5, 2}, {5, 12, 12, 6, 3, 3}};
    for (int[] s : shapes) {
      for (int n : new int[] {4, 6, 8, 12, 16, 20}) {
        Gathered windows = channelWindows(rng, s[0], s[1], s[2], s[3], s[4], s[5]);
        assertGatheredGradient(vector, rng, windows, windows.rows().length, s[3] * s[4] * s[5],
            n, s[0] + " images " + s[1] + "×" + s[2] + "×" + s[3] + ", window " + s[4] + "×"
            + s[5] + ": ");
      }
    }
  }

  /**
   * The windows of a convolution of stride 1 over {@code c} channels, channels last: each window
   * row a run of {@code kw·c} adjacent values.
   */
  static Gathered channelWindows(SplittableRandom rng, int images, int h, int w, int c, int kh,
      int kw) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    int aOff = rng.nextInt(3);
    float[] a = KernelsTest.random(rng, aOff + images * h * w * c + rng.nextInt(3), -1, 1);
    int[] rows = new int[images * oh * ow];
    int[] depths = new int[kh * kw * c];
    for (int y = 0, q = 0; y < kh; y++) {
      for (int i = 0; i < kw * c; i++, q++) {
        depths[q] = y * w * c + i;
      }
    }
    for (int i = 0, r = 0; i < images; i++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          rows[r++] = ((i * h + y) * w + x) * c;
        }
      }
    }
    return Gathered.of(a, aOff, rows, depths, rows.length, depths.length);
  }

  /** Gathered weight gradients refuse tables, arrays and indices that do not fit. */
  @Test
  void gatheredWeightGradientsRefuseWhatDoesNotFit() {
    float[] a = new float[20];
    float[] g = new float[4];
    float[] c = new float[6];
    for (Kernels kernels : new Kernels[] {SCALAR, Kernels.get()}) {
      IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulTransAGathered(a, 0, new int[] {0, 18}, new int[] {0, 1, 2}, g, 0,
              c, 0, 2, 3, 2));
      assertTrue(outside.getMessage().contains("a[0 .. 20] of 20"), outside.getMessage());
      IllegalArgumentException shortG = assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulTransAGathered(a, 0, new int[] {0, 1}, new int[] {0, 1, 2}, g, 1,
              c, 0, 2, 3, 2));
      assertTrue(shortG.getMessage().contains("g 4 floats from 1"), shortG.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulTransAGathered(a, 0, new int[] {0}, new int[] {0, 1, 2}, g, 0, c,
              0, 2, 3, 2));
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulTransAGathered(a, 0, new int[] {0, 1}, new int[] {0, 1, 2}, g, 0,
              new float[5], 0, 2, 3, 2));
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulTransAGathered(a, -1, new int[] {0, 1}, new int[] {0, 1, 2}, g, 0,
              c, 0, 2, 3, 2));
    }
  }

  /** Tables, arrays and gathered indices that do not fit are refused, naming the sizes. */
  @Test
  void gatheredProductsRefuseWhatDoesNotFit() {
    float[] a = new float[20];
    float[] b = new float[6];
    float[] c = new float[6];
    for (Kernels kernels : new Kernels[] {SCALAR, Kernels.get()}) {
      // rows[1] + depths[2] = 18 + 2 reads a[20] of 20.
      IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulGathered(a, 0, new int[] {0, 18}, new int[] {0, 1, 2}, b, 0, null,
              0, false, c, 0, 2, 3, 2));
      assertTrue(outside.getMessage().contains("a[0 .. 20] of 20"), outside.getMessage());
      IllegalArgumentException shortTable = assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulGathered(a, 0, new int[] {0}, new int[] {0, 1, 2}, b, 0, null, 0,
              false, c, 0, 2, 3, 2));
      assertTrue(shortTable.getMessage().contains("2 rows, depth 3 and 2 columns"),
          shortTable.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulGathered(a, 0, new int[] {0, 1}, new int[] {0, 1, 2}, b, 0, null, 0,
              false, new float[3], 0, 2, 3, 2));
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulGathered(a, -1, new int[] {0, 1}, new int[] {0, 1, 2}, b, 0, null,
              0, false, c, 0, 2, 3, 2));
      assertThrows(IllegalArgumentException.class,
          () -> kernels.matmulGathered(a, 0, new int[] {0, 1}, new int[] {0, 1, 2}, b, 0,
              new float[1], 0, false, c, 0, 2, 3, 2));
    }
  }

  /**
   * A one-channel convolution over a plane equals the gathered product of its windows (then the
   * bias and the ReLU) bit for bit, on both kernels: 600 seeded shapes with windows of 1×1 to
   * 7×7, output widths around the vector widths (whole vectors, one more, one less, fewer than
   * one), 1 to 40 filters (32 in one shape of five), planes bordered with zeros (SAME) or not
   * (VALID), rows further apart than the windows need, arrays that end where the last window
   * does, and inputs holding NaN, infinities and -0 in a third of the shapes.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void planeConvolutionsEqualGatheredProducts() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(1515);
    int[] widths = {1, 2, 7, 8, 9, 13, 15, 16, 17, 24, 26, 28, 31, 32, 33, 39, 48, 49};
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f};
    for (int trial = 0; trial < 600; trial++) {
      int fh = 1 + rng.nextInt(7);
      int fw = 1 + rng.nextInt(7);
      int ow = widths[trial % widths.length];
      // One shape in four is tall enough for PlaneConv's bands (and pooled bands) to be several.
      int oh = 1 + rng.nextInt(trial % 4 == 1 ? 40 : 5);
      // One shape in five has 32 filters, two vectors at 512 bits (DirectConv's tiles).
      int filters = trial % 5 == 0 ? 32 : 1 + rng.nextInt(40);
      boolean same = rng.nextBoolean();
      boolean specials = trial % 3 == 0;
      int pitch = ow + fw - 1 + (rng.nextInt(4) == 0 ? 1 + rng.nextInt(3) : 0);
      int planeRows = oh + fh - 1;
      int inOff = rng.nextInt(4);
      float[] in = new float[inOff + (planeRows - 1) * pitch + ow + fw - 1];
      int top = same ? (fh - 1) / 2 : 0;
      int left = same ? (fw - 1) / 2 : 0;
      for (int y = 0; y < planeRows; y++) {
        for (int x = 0; x < pitch && inOff + y * pitch + x < in.length; x++) {
          // SAME: the image inside a border of zeros, as Convolutions pads it.
          boolean border = same && (y < top || y >= planeRows - (fh - 1 - top) || x < left
              || x >= ow + fw - 1 - (fw - 1 - left));
          float value = (float) rng.nextDouble(-1, 1);
          if (specials && rng.nextInt(40) == 0) {
            value = special[rng.nextInt(special.length)];
          }
          in[inOff + y * pitch + x] = border ? 0f : value;
        }
      }
      int k = fh * fw;
      float[] kernel = random(rng, 2 + k * filters, -1, 1);
      if (specials) {
        kernel[2 + rng.nextInt(k * filters)] = -0f;
      }
      float[] bias = random(rng, 1 + filters, -1, 1);
      int[] rows = new int[oh * ow];
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          rows[y * ow + x] = y * pitch + x;
        }
      }
      int[] depths = new int[k];
      for (int ky = 0; ky < fh; ky++) {
        for (int kx = 0; kx < fw; kx++) {
          depths[ky * fw + kx] = ky * pitch + kx;
        }
      }
      int size = oh * ow * filters;
      boolean relu = rng.nextBoolean();
      float[] bs = rng.nextBoolean() ? bias : null;
      String shape = fh + "×" + fw + " window, " + oh + "×" + ow + " outputs, " + filters
          + " filters, rows " + pitch + " apart" + (same ? ", SAME" : "") + (relu ? ", relu" : "")
          + (bs == null ? ", no bias" : ", bias") + (specials ? ", NaN/Inf inputs" : "");
      float[] expected = new float[size + 7];
      Arrays.fill(expected, SENTINEL);
      SCALAR.matmulGathered(in, inOff, rows, depths, kernel, 2, bs, 1, relu, expected, 3,
          oh * ow, k, filters);
      float[] gathered = new float[size + 7];
      Arrays.fill(gathered, SENTINEL);
      vector.matmulGathered(in, inOff, rows, depths, kernel, 2, bs, 1, relu, gathered, 3,
          oh * ow, k, filters);
      assertBitsEqual(expected, gathered, "vector gathered, " + shape);
      for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
        float[] out = new float[size + 7];
        Arrays.fill(out, SENTINEL);
        kernels.convolvePlane(in, inOff, pitch, oh, ow, fh, fw, kernel, 2, bs, 1, relu, out, 3,
            filters);
        assertBitsEqual(expected, out, kernels.description() + " plane, " + shape);
      }
      if (oh >= 2 && ow >= 2) { // pooled 2×2 as it is computed: maxWindows over those outputs
        int pw = ow / 2;
        int pooledSize = oh / 2 * pw * filters;
        float[] pooledExpected = new float[pooledSize + 5];
        Arrays.fill(pooledExpected, SENTINEL);
        for (int py = 0; py < oh / 2; py++) {
          SCALAR.maxWindows(expected, 3 + 2 * py * ow * filters, ow * filters, 2 * filters, 2, 2,
              filters, pooledExpected, 2 + py * pw * filters, pw);
        }
        for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
          float[] conv = new float[size + 7];
          float[] pooled = new float[pooledSize + 5];
          Arrays.fill(pooled, SENTINEL);
          kernels.convolvePlaneMaxPool2x2(in, inOff, pitch, oh, ow, fh, fw, kernel, 2, bs, 1, relu,
              conv, 3, pooled, 2, filters);
          assertBitsEqual(pooledExpected, pooled, kernels.description() + " plane pooled, "
              + shape);
          // The same values filter by filter: the channels-last ones transposed.
          float[] planesExpected = new float[pooledSize + 5];
          Arrays.fill(planesExpected, SENTINEL);
          SCALAR.transpose(pooledExpected, 2, oh / 2 * pw, filters, planesExpected, 2);
          Arrays.fill(pooled, SENTINEL);
          kernels.convolvePlaneMaxPool2x2(in, inOff, pitch, oh, ow, fh, fw, kernel, 2, bs, 1, relu,
              conv, 3, pooled, 2, filters, true);
          assertBitsEqual(planesExpected, pooled, kernels.description() + " plane pooled to"
              + " planes, " + shape);
        }
      }
    }
  }

  /** A plane convolution whose arrays or sizes do not fit is refused, naming the sizes. */
  @Test
  void planeConvolutionsRefuseWhatDoesNotFit() {
    // A 3×3 window, 4×5 outputs of 2 filters, rows 7 apart: 6 rows read, 5·7 + 7 = 42 values.
    float[] in = new float[42];
    float[] kernel = new float[18];
    float[] out = new float[40];
    for (Kernels kernels : new Kernels[] {SCALAR, Kernels.get()}) {
      // Pooled 2×2: 2×2 outputs of 2 filters, 8 values; the convolution's scratch as above.
      IllegalArgumentException pooled = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlaneMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              out, 0, new float[9], 2, 2));
      assertTrue(pooled.getMessage().contains("4×5 outputs of 2 filters pooled 2×2 into pooled"
          + " from 2: needs 8 floats, has 9"), pooled.getMessage());
      assertThrows(IllegalArgumentException.class, () -> kernels.convolvePlaneMaxPool2x2(in, 0, 7,
          1, 5, 3, 3, kernel, 0, null, 0, true, out, 0, new float[8], 0, 2));
      IllegalArgumentException planes = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlaneMaxPool2x2(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              out, 0, new float[9], 2, 2, true));
      assertTrue(planes.getMessage().contains("needs 8 floats, has 9"), planes.getMessage());
      assertThrows(IllegalArgumentException.class, () -> kernels.convolvePlaneMaxPool2x2(in, 0, 7,
          4, 5, 3, 3, kernel, 0, null, 0, true, new float[39], 0, new float[8], 0, 2, true));
      assertThrows(IllegalArgumentException.class, () -> kernels.convolvePlaneMaxPool2x2(in, 0, 7,
          4, 5, 3, 3, kernel, 0, null, 0, true, new float[39], 0, new float[8], 0, 2));
      kernels.convolvePlane(in, 0, 7, 4, 5, 3, 3, kernel, 0, new float[2], 0, true, out, 0, 2);
      IllegalArgumentException shortIn = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(new float[41], 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true,
              out, 0, 2));
      assertTrue(shortIn.getMessage().contains("3×3 window over a one-channel plane with rows 7"
          + " apart, 4×5 outputs of 2 filters") && shortIn.getMessage().contains(
          "in 41 floats from 0 (needs 42)"), shortIn.getMessage());
      IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 1, 7, 4, 5, 3, 3, kernel, 0, null, 0, true, out, 0,
              2));
      assertTrue(offset.getMessage().contains("in 42 floats from 1 (needs 42)"),
          offset.getMessage());
      IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 0, 6, 4, 5, 3, 3, kernel, 0, null, 0, true, out, 0,
              2));
      assertTrue(narrow.getMessage().contains("rows 6 apart"), narrow.getMessage());
      IllegalArgumentException shortKernel = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 0, 7, 4, 5, 3, 3, new float[17], 0, null, 0, true,
              out, 0, 2));
      assertTrue(shortKernel.getMessage().contains("kernel 17 from 0 (needs 18)"),
          shortKernel.getMessage());
      IllegalArgumentException shortOut = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true, out, 1,
              2));
      assertTrue(shortOut.getMessage().contains("out 40 from 1 (needs 40)"),
          shortOut.getMessage());
      IllegalArgumentException shortBias = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 0, 7, 4, 5, 3, 3, kernel, 0, new float[2], 1, true,
              out, 0, 2));
      assertTrue(shortBias.getMessage().contains("bias 2 from 1"), shortBias.getMessage());
      IllegalArgumentException noFilters = assertThrows(IllegalArgumentException.class,
          () -> kernels.convolvePlane(in, 0, 7, 4, 5, 3, 3, kernel, 0, null, 0, true, out, 0,
              0));
      assertTrue(noFilters.getMessage().contains("outputs of 0 filters"),
          noFilters.getMessage());
      assertThrows(IllegalArgumentException.class, () -> kernels.convolvePlane(in, 0, 7, 0, 5,
          3, 3, kernel, 0, null, 0, true, out, 0, 2));
      assertThrows(IllegalArgumentException.class, () -> kernels.convolvePlane(in, 0, 7, 4, 5,
          3, 0, kernel, 0, null, 0, true, out, 0, 2));
    }
  }

  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @MethodSource("triples")
  @Tag(VectorSupport.TAG)
  void vectorProductsAreBitIdenticalToScalar(int m, int k, int n) {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(7000L * m + 70L * k + n);
    float[] a = random(rng, m * k, -1, 1);
    float[] b = random(rng, k * n, -1, 1);
    float[] bias = random(rng, n, -1, 1);
    String sizes = vector.description() + ", m=" + m + " k=" + k + " n=" + n;

    // Tight arrays: b ends at the array's end, so the vector tail cannot read past its rows.
    for (float[] bs : new float[][] {null, bias}) {
      float[] cs = new float[m * n];
      float[] cv = new float[m * n];
      SCALAR.matmul(a, 0, b, 0, bs, 0, cs, 0, m, k, n);
      vector.matmul(a, 0, b, 0, bs, 0, cv, 0, m, k, n);
      assertBitsEqual(cs, cv, "matmul (tight, " + (bs == null ? "no bias" : "bias") + "), "
          + sizes);
    }

    // Offsets into larger arrays padded with NaN; c's surroundings must survive.
    int aOff = 5;
    int bOff = 3;
    int biasOff = 2;
    int cOff = 11;
    float[] ap = embedded(a, aOff, 7, Float.NaN);
    float[] bp = embedded(b, bOff, 4, Float.NaN);
    float[] biasp = embedded(bias, biasOff, 3, Float.NaN);
    float[] cs = embedded(new float[m * n], cOff, 13, SENTINEL);
    Arrays.fill(cs, SENTINEL);
    float[] cv = cs.clone();
    SCALAR.matmul(ap, aOff, bp, bOff, biasp, biasOff, cs, cOff, m, k, n);
    vector.matmul(ap, aOff, bp, bOff, biasp, biasOff, cv, cOff, m, k, n);
    assertBitsEqual(cs, cv, "matmul (offsets, bias), " + sizes);
    assertUntouchedOutside(cv, cOff, cOff + m * n, "vector matmul (offsets), " + sizes);

    // matmulRelu: the fused epilogue gives matmul then relu, bit for bit, on both kernels.
    for (float[] bs : new float[][] {null, biasp}) {
      String what = "matmulRelu (offsets, " + (bs == null ? "no bias" : "bias") + "), " + sizes;
      float[] unfused = cs.clone();
      SCALAR.matmul(ap, aOff, bp, bOff, bs, biasOff, unfused, cOff, m, k, n);
      SCALAR.relu(unfused, cOff, m * n);
      for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
        float[] fused = cs.clone();
        kernels.matmulRelu(ap, aOff, bp, bOff, bs, biasOff, fused, cOff, m, k, n);
        assertBitsEqual(unfused, fused, kernels.description() + " " + what);
      }
    }

    // Row strides: A is k columns (from column 2) of an m x (k + 5) matrix. Both kernels give
    // the product of those columns copied out, bit for bit; addBias then matches the bias step.
    int lda = k + 5;
    float[] wide = random(rng, m * lda, -1, 1);
    float[] narrow = new float[m * k];
    for (int i = 0; i < m; i++) {
      System.arraycopy(wide, i * lda + 2, narrow, i * k, k);
    }
    float[] expected = new float[m * n];
    SCALAR.matmul(narrow, 0, b, 0, bias, 0, expected, 0, m, k, n);
    float[] expectedT = new float[k * n];
    float[] g = random(rng, m * n, -1, 1);
    SCALAR.matmulTransA(narrow, 0, g, 0, expectedT, 0, m, k, n);
    for (Kernels kernels : new Kernels[] {SCALAR, vector}) {
      float[] strided = new float[m * n];
      kernels.matmul(wide, 2, lda, b, 0, null, 0, strided, 0, m, k, n);
      kernels.addBias(strided, 0, m, n, bias, 0);
      assertBitsEqual(expected, strided, kernels.description() + " strided matmul + addBias, "
          + sizes);
      float[] stridedT = new float[k * n];
      kernels.matmulTransA(wide, 2, lda, g, 0, stridedT, 0, m, k, n);
      assertBitsEqual(expectedT, stridedT, kernels.description() + " strided matmulTransA, "
          + sizes);
    }

    // matmulTransA, tight and at offsets.
    float[] b2 = random(rng, m * n, -1, 1);
    float[] ts = new float[k * n];
    float[] tv = new float[k * n];
    SCALAR.matmulTransA(a, 0, b2, 0, ts, 0, m, k, n);
    vector.matmulTransA(a, 0, b2, 0, tv, 0, m, k, n);
    assertBitsEqual(ts, tv, "matmulTransA (tight), " + sizes);
    float[] b2p = embedded(b2, bOff, 4, Float.NaN);
    float[] ps = embedded(new float[k * n], cOff, 13, SENTINEL);
    Arrays.fill(ps, SENTINEL);
    float[] pv = ps.clone();
    SCALAR.matmulTransA(ap, aOff, b2p, bOff, ps, cOff, m, k, n);
    vector.matmulTransA(ap, aOff, b2p, bOff, pv, cOff, m, k, n);
    assertBitsEqual(ps, pv, "matmulTransA (offsets), " + sizes);
    assertUntouchedOutside(pv, cOff, cOff + k * n, "vector matmulTransA (offsets), " + sizes);

    // matmulTransB through an oversized scratch.
    float[] a3 = embedded(random(rng, m * n, -1, 1), aOff, 7, Float.NaN);
    float[] bt = embedded(random(rng, k * n, -1, 1), bOff, 4, Float.NaN);
    float[] qs = embedded(new float[m * k], cOff, 13, SENTINEL);
    Arrays.fill(qs, SENTINEL);
    float[] qv = qs.clone();
    SCALAR.matmulTransB(a3, aOff, bt, bOff, qs, cOff, m, n, k, new float[k * n + 17]);
    vector.matmulTransB(a3, aOff, bt, bOff, qv, cOff, m, n, k, new float[k * n + 17]);
    assertBitsEqual(qs, qv, "matmulTransB, " + sizes);
    assertUntouchedOutside(qv, cOff, cOff + m * k, "vector matmulTransB, " + sizes);
  }

  /**
   * The run's vector width: the species capped by {@code dendrite.vector.bits} where the build
   * sets it (the runtime's second kernel run, for the 256-bit tiles), else the platform's.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void vectorKernelsRunAtTheRequestedWidth() {
    Kernels vector = VectorSupport.vectorKernels();
    String cap = System.getProperty("dendrite.vector.bits");
    String expected = cap != null ? cap + " bits" : " bits)";
    assertTrue(vector.description().contains(expected),
        vector.description() + " with dendrite.vector.bits=" + cap);
  }

  /**
   * Column bands of a product, at edges on and off vector boundaries (some empty), equal the
   * whole product's columns bit for bit on both paths and write nothing else; an out-of-range
   * band is refused with the sizes.
   */
  @Test
  void columnBandsEqualTheWholeProduct() {
    Kernels chosen = Kernels.get(); // the vector kernels where the module is present
    SplittableRandom rng = new SplittableRandom(23);
    int[][] shapes = {{1, 784, 300}, {3, 50, 100}, {6, 20, 33}, {64, 9, 130}, {1, 5, 7}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      float[] a = random(rng, m * k, -1, 1);
      float[] b = random(rng, k * n, -1, 1);
      float[] whole = new float[m * n];
      SCALAR.matmul(a, 0, b, 0, null, 0, whole, 0, m, k, n);
      int[] edges = {0, 16, 17, Math.min(n, 160), n};
      for (Kernels kernels : new Kernels[] {SCALAR, chosen}) {
        float[] banded = new float[m * n];
        Arrays.fill(banded, SENTINEL);
        for (int e = 0; e + 1 < edges.length; e++) {
          int from = Math.min(edges[e], n);
          int to = Math.max(from, Math.min(edges[e + 1], n));
          kernels.matmulColumns(a, 0, b, 0, banded, 0, m, k, n, from, to);
          for (int i = 0; i < m; i++) {
            for (int j = to; j < n; j++) {
              assertEquals(Float.floatToRawIntBits(SENTINEL),
                  Float.floatToRawIntBits(banded[i * n + j]), kernels.description()
                      + ": band [" + from + ", " + to + ") wrote column " + j + " of row " + i
                      + ", m=" + m + " k=" + k + " n=" + n);
            }
          }
        }
        assertBitsEqual(whole, banded, kernels.description() + " matmulColumns, m=" + m + " k="
            + k + " n=" + n);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SCALAR.matmulColumns(new float[4], 0, new float[4], 0, new float[4], 0, 2, 2, 2, 1,
            3));
    assertTrue(e.getMessage().contains("[1, 3)") && e.getMessage().contains("2"),
        e.getMessage());
  }

  /**
   * A product of many rows computes each row as a product of that row alone would, bit for bit,
   * with the bias and with the fused ReLU: what lets a frozen class's {@code predictBatch} run a
   * chunk of samples through one product and still give each sample what {@code predict} gives
   * it. Rows from one to past the packed path's 64 (every number left below the four-row tiles),
   * at the frozen classes' shapes (dense layers, convolutions' patches) and ones with column
   * tails, on the scalar kernels and the chosen ones (the vector kernels where the module is
   * present).
   */
  @Test
  void productsOfManyRowsEqualEachRowAlone() {
    Kernels chosen = Kernels.get();
    SplittableRandom rng = new SplittableRandom(29);
    int[][] depthAndColumns = {{784, 300}, {300, 100}, {100, 10}, {9, 32}, {288, 64}, {27, 8},
        {70, 191}, {1600, 10}, {65, 100}};
    int[] rowCounts = {1, 2, 3, 4, 5, 7, 9, 63, 64, 65, 67, 130};
    for (int[] kn : depthAndColumns) {
      int k = kn[0];
      int n = kn[1];
      float[] b = random(rng, k * n, -1, 1);
      float[] bias = random(rng, n, -1, 1);
      for (int m : rowCounts) {
        float[] a = random(rng, m * k, -1, 1);
        for (Kernels kernels : new Kernels[] {SCALAR, chosen}) {
          for (boolean relu : new boolean[] {false, true}) {
            String what = kernels.description() + (relu ? " matmulRelu" : " matmul") + ", m=" + m
                + " k=" + k + " n=" + n;
            float[] together = new float[m * n];
            float[] alone = new float[m * n];
            if (relu) {
              kernels.matmulRelu(a, 0, b, 0, bias, 0, together, 0, m, k, n);
            } else {
              kernels.matmul(a, 0, b, 0, bias, 0, together, 0, m, k, n);
            }
            for (int r = 0; r < m; r++) {
              if (relu) {
                kernels.matmulRelu(a, r * k, b, 0, bias, 0, alone, r * n, 1, k, n);
              } else {
                kernels.matmul(a, r * k, b, 0, bias, 0, alone, r * n, 1, k, n);
              }
            }
            assertBitsEqual(alone, together, what);
          }
        }
      }
    }
  }

  // ---- transpose and column sums -------------------------------------------------------------

  @Test
  void transposeIsExact() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int rows : SIZES) {
      for (int cols : new int[] {1, 9, 33, 300}) {
        float[] src = embedded(random(rng, rows * cols, -1, 1), 4, 3, Float.NaN);
        float[] dst = embedded(new float[rows * cols], 6, 5, SENTINEL);
        Arrays.fill(dst, SENTINEL);
        SCALAR.transpose(src, 4, rows, cols, dst, 6);
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            assertEquals(src[4 + r * cols + c], dst[6 + c * rows + r],
                "transpose of " + rows + "×" + cols + " at [" + r + "][" + c + "]");
          }
        }
        assertUntouchedOutside(dst, 6, 6 + rows * cols, "transpose of " + rows + "×" + cols);
      }
    }
  }

  @Test
  void columnSumsMatchDoubleReference() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int i = 0; i < SIZES.length; i++) {
      int m = SIZES[i];
      int n = SIZES[(i + 4) % SIZES.length];
      float[] a = random(rng, m * n, -1, 1);
      float[] dst = embedded(new float[n], 3, 5, SENTINEL);
      Arrays.fill(dst, 3, 3 + n, Float.NaN); // overwritten, not accumulated into
      SCALAR.columnSums(embedded(a, 2, 4, Float.NaN), 2, m, n, dst, 3);
      double[] ref = new double[n];
      double[] tol = new double[n];
      for (int j = 0; j < n; j++) {
        double abs = 0;
        for (int r = 0; r < m; r++) {
          ref[j] += a[r * n + j];
          abs += Math.abs(a[r * n + j]);
        }
        tol[j] = (m + 1) * U * abs; // m - 1 additions, each rounding once
      }
      assertClose(ref, dst, 3, tol, "columnSums of " + m + "×" + n);
      assertUntouchedOutside(dst, 3, 3 + n, "columnSums of " + m + "×" + n);
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorColumnSumsAreBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(13);
    for (int i = 0; i < SIZES.length; i++) {
      int m = SIZES[i];
      int n = SIZES[(i + 4) % SIZES.length];
      float[] a = embedded(random(rng, m * n, -1, 1), 2, 4, Float.NaN);
      float[] ds = new float[n + 8];
      Arrays.fill(ds, SENTINEL);
      float[] dv = ds.clone();
      SCALAR.columnSums(a, 2, m, n, ds, 3);
      vector.columnSums(a, 2, m, n, dv, 3);
      assertBitsEqual(ds, dv, "columnSums of " + m + "×" + n + ", " + vector.description());
    }
  }

  // ---- element-wise operations: vector against scalar, bit for bit ---------------------------

  /** An element-wise kernel call over {@code len} values at {@code off} of each array. */
  interface ElementOp {
    void apply(Kernels kernels, float[][] arrays, int off, int len);
  }

  /** Values of every sign and zero, with signed zeros and subnormals mixed in. */
  static float[] mixed(SplittableRandom rng, int n, double lo, double hi) {
    float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f};
    float[] x = random(rng, n, lo, hi);
    for (int i = 0; i < n; i += 5) {
      x[i] = specials[(i / 5) % specials.length];
    }
    return x;
  }

  /**
   * Runs {@code op} with both kernels on identical arrays for every size in {@link #SIZES} at
   * offsets 0 and 3, with {@link #SENTINEL} around the regions; array {@code i}'s values are drawn
   * from {@code [lo[i], hi[i])}.
   */
  static void assertBitIdentical(Kernels vector, String name, double[] lo, double[] hi,
      ElementOp op) {
    assertBitIdentical(vector, name, lo, hi, op, new SplittableRandom(name.hashCode()));
  }

  static void assertBitIdentical(Kernels vector, String name, double[] lo, double[] hi,
      ElementOp op, SplittableRandom rng) {
    for (int len : SIZES) {
      for (int off : new int[] {0, 3}) {
        float[][] scalar = new float[lo.length][];
        float[][] vec = new float[lo.length][];
        for (int i = 0; i < lo.length; i++) {
          scalar[i] = embedded(mixed(rng, len, lo[i], hi[i]), off, 5, SENTINEL);
          vec[i] = scalar[i].clone();
        }
        op.apply(SCALAR, scalar, off, len);
        op.apply(vector, vec, off, len);
        for (int i = 0; i < lo.length; i++) {
          String context = name + ", array " + i + ", len=" + len + " off=" + off + ", "
              + vector.description();
          assertBitsEqual(scalar[i], vec[i], context);
          assertUntouchedOutside(vec[i], off, off + len, context);
        }
      }
    }
  }

  static double[] ranges(double... values) {
    return values;
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorReluFamilyIsBitIdenticalToScalar() {
    Kernels v = VectorSupport.vectorKernels();
    double[] one = ranges(-3);
    double[] oneHi = ranges(3);
    assertBitIdentical(v, "relu", one, oneHi, (k, x, off, len) -> k.relu(x[0], off, len));
    assertBitIdentical(v, "leakyRelu(0.01)", one, oneHi,
        (k, x, off, len) -> k.leakyRelu(x[0], off, len, 0.01f));
    assertBitIdentical(v, "leakyRelu(0.3)", one, oneHi,
        (k, x, off, len) -> k.leakyRelu(x[0], off, len, 0.3f));
    assertBitIdentical(v, "step", one, oneHi, (k, x, off, len) -> k.step(x[0], off, len));
    assertBitIdentical(v, "reluBackward", ranges(-1, -2), ranges(1, 2),
        (k, x, off, len) -> k.reluBackward(x[0], off, x[1], off, len));
    assertBitIdentical(v, "leakyReluBackward(0.2)", ranges(-1, -2), ranges(1, 2),
        (k, x, off, len) -> k.leakyReluBackward(x[0], off, x[1], off, len, 0.2f));
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorArithmeticIsBitIdenticalToScalar() {
    Kernels v = VectorSupport.vectorKernels();
    assertBitIdentical(v, "multiply", ranges(-4, -4, -1), ranges(4, 4, 1),
        (k, x, off, len) -> k.multiply(x[0], off, x[1], off, x[2], off, len));
    assertBitIdentical(v, "add", ranges(-4, -4), ranges(4, 4),
        (k, x, off, len) -> k.add(x[0], x[1], off, off + len));
    assertBitIdentical(v, "accumulate", ranges(-4, -4), ranges(4, 4),
        (k, x, off, len) -> k.accumulate(x[0], off, x[1], off, len));
    assertBitIdentical(v, "maxInto", ranges(-4, -4), ranges(4, 4), KernelsTest::maxInto);
    assertBitIdentical(v, "routeMax", ranges(-4, -4, -1, -1), ranges(4, 4, 1, 1),
        KernelsTest::routeMax);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorMaxWindowsIsBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    Kernels scalar = new ScalarKernels();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    float[] values = {-1, 0f, -0f, 1, 2, Float.NaN};
    for (int t = 0; t < 300; t++) {
      int c = 1 + rng.nextInt(70);
      int rows = 1 + rng.nextInt(3);
      int cols = 1 + rng.nextInt(3);
      int count = 1 + rng.nextInt(6);
      int step = cols * c + rng.nextInt(3) * c;
      int pitch = (count * step + c) + rng.nextInt(5);
      int inOff = rng.nextInt(4);
      float[] in = new float[inOff + rows * pitch + count * step + cols * c];
      for (int i = 0; i < in.length; i++) {
        in[i] = values[rng.nextInt(values.length)];
      }
      int outOff = rng.nextInt(4);
      float[] expected = new float[outOff + count * c + 2];
      float[] actual = new float[expected.length];
      scalar.maxWindows(in, inOff, pitch, step, rows, cols, c, expected, outOff, count);
      vector.maxWindows(in, inOff, pitch, step, rows, cols, c, actual, outOff, count);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            "c " + c + ", " + rows + "×" + cols + ", " + count + " windows, value " + i);
      }
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorMaxWindowsOfFewChannelsIsBitIdenticalToScalar() {
    // Fewer channels than lanes, rows long enough for a vector: the lanes run along the row
    // (windows overlapping, side by side or apart), the last vector moved back over the one before.
    Kernels vector = VectorSupport.vectorKernels();
    Kernels scalar = new ScalarKernels();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
    float[] values = {-1, 0f, -0f, 1, 2, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY};
    for (int t = 0; t < 2000; t++) {
      int c = 1 + rng.nextInt(15);
      // 2×2 windows in half the cases: a window at a time, the row's last ones moved back.
      boolean square = rng.nextBoolean();
      int rows = square ? 2 : 1 + rng.nextInt(3);
      int cols = square ? 2 : 1 + rng.nextInt(3);
      int count = 1 + rng.nextInt(40);
      int step = rng.nextInt(8) == 0 ? rng.nextInt(c) // closer than a pixel: the twin's path
          : c * (1 + rng.nextInt(3)) + (rng.nextBoolean() ? 0 : rng.nextInt(c));
      int pitch = (count * step + cols * c) + rng.nextInt(5);
      int inOff = rng.nextInt(4);
      float[] in = new float[inOff + (rows - 1) * pitch + (count - 1) * step + cols * c
          + rng.nextInt(2)];
      for (int i = 0; i < in.length; i++) {
        in[i] = rng.nextInt(4) == 0 ? values[rng.nextInt(values.length)]
            : (float) rng.nextDouble(-3, 3);
      }
      int outOff = rng.nextInt(4);
      float[] expected = new float[outOff + count * c + 2];
      float[] actual = new float[expected.length];
      java.util.Arrays.fill(expected, 7f);
      java.util.Arrays.fill(actual, 7f);
      scalar.maxWindows(in, inOff, pitch, step, rows, cols, c, expected, outOff, count);
      vector.maxWindows(in, inOff, pitch, step, rows, cols, c, actual, outOff, count);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            "c " + c + ", " + rows + "×" + cols + ", " + count + " windows " + step
                + " apart, value " + i);
      }
    }
  }

  @Test
  void maxWindowsRejectsArraysTooShortForTheWindows() {
    Kernels k = new ScalarKernels();
    float[] in = new float[2 * 8];
    float[] out = new float[2 * 2];
    // Two 2×2 windows of 2 channels over a 2×4 image: fits exactly.
    k.maxWindows(in, 0, 8, 4, 2, 2, 2, out, 0, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.maxWindows(in, 0, 8, 4, 2, 2, 2, out, 0, 3));
    assertTrue(e.getMessage().contains("3 windows of 2×2 pixels"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> k.maxWindows(in, 1, 8, 4, 2, 2, 2, out, 0, 2));
    assertThrows(IllegalArgumentException.class,
        () -> k.maxWindows(in, 0, 8, 4, 2, 2, 2, out, 1, 2));
    assertThrows(IllegalArgumentException.class,
        () -> k.maxWindows(in, 0, 8, 4, 0, 2, 2, out, 0, 2));
  }

  /** Values of pooling's inputs and gradients: ties, both zeros, NaN and both infinities. */
  private static final float[] ROUTE_VALUES =
      {-1, 0f, -0f, 1, 2, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

  /**
   * {@code sumRuns} on the vector kernels against the scalar ones bit for bit, over images at a
   * step with room between them: channels below, at and past a vector (the moved-back last one),
   * pixels with no terms (+0), one or many, values with ±0, ±∞ and NaN; nothing outside the
   * pixels is written.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void sumRunsAddsEachPixelsTermsInOrder() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(61);
    for (int c : new int[] {1, 6, 15, 16, 17, 20, 32, 45}) {
      int pixels = 7;
      int[] starts = new int[pixels + 1];
      int[] offsets = new int[pixels * 9];
      int span = 40 * c;
      for (int p = 0, t = 0; p < pixels; p++) {
        starts[p] = t;
        int count = p == 2 ? 0 : 1 + rng.nextInt(9);
        for (int i = 0; i < count; i++) {
          offsets[t++] = rng.nextInt(span - c + 1);
        }
        starts[p + 1] = t;
      }
      int n = 3;
      int srcStep = span + 5;
      float[] src = new float[2 + n * srcStep];
      for (int i = 0; i < src.length; i++) {
        src[i] = rng.nextInt(10) == 0 ? ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)]
            : (float) (2 * rng.nextDouble() - 1);
      }
      int dstStep = pixels * c + 3;
      float[] ds = new float[4 + n * dstStep];
      Arrays.fill(ds, SENTINEL);
      float[] dv = ds.clone();
      SCALAR.sumRuns(src, 2, srcStep, offsets, starts, pixels, ds, 4, dstStep, c, n);
      vector.sumRuns(src, 2, srcStep, offsets, starts, pixels, dv, 4, dstStep, c, n);
      assertBitsEqual(ds, dv, "sumRuns, " + c + " channels");
      for (int b = 0; b < n; b++) {
        int d = 4 + b * dstStep;
        for (int i = 0; i < c; i++) { // pixel 2 has no terms
          assertEquals(0, Float.floatToRawIntBits(ds[d + 2 * c + i]), "pixel without terms");
        }
        for (int i = pixels * c; i < dstStep && d + i < ds.length; i++) {
          assertEquals(SENTINEL, dv[d + i], "between images");
        }
      }
      float sum = 0f;
      for (int t = starts[1]; t < starts[2]; t++) {
        sum += src[2 + srcStep + offsets[t] + c - 1];
      }
      assertEquals(Float.floatToIntBits(sum),
          Float.floatToIntBits(dv[4 + dstStep + 2 * c - 1]), "image 1, pixel 1, last channel");
    }
  }

  /** {@code sumRuns}' checks (the public method's, the same for every kernel). */
  @Test
  void sumRunsRefusesTablesThatFallOrReadPastItsArrays() {
    Kernels k = SCALAR;
    float[] src = new float[10];
    float[] dst = new float[10];
    IllegalArgumentException falling = assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 0, new int[] {0, 0}, new int[] {0, 2, 1}, 2, dst, 0, 4, 2,
            1));
    assertTrue(falling.getMessage().contains("starts fall at pixel 1"), falling.getMessage());
    IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 5, new int[] {0, 4}, new int[] {0, 2}, 1, dst, 0, 2, 2, 2));
    assertTrue(past.getMessage().contains("term 1 at offset 4 reads past src"),
        past.getMessage());
    IllegalArgumentException shortDst = assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 0, new int[] {0}, new int[] {0, 1}, 1, dst, 0, 9, 2, 2));
    assertTrue(shortDst.getMessage().contains("dst too short"), shortDst.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 0, new int[] {0}, new int[] {0, 1}, -1, dst, 0, 2, 2, 1));
    assertTrue(negative.getMessage().contains("sizes"), negative.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 0, null, new int[] {0, 1}, 1, dst, 0, 2, 2, 1));
    assertTrue(missing.getMessage().contains("a null array"), missing.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> k.sumRuns(src, 0, 0, new int[] {0}, new int[] {0, 1}, 1, null, 0, 2, 2, 1));
    assertThrows(IllegalArgumentException.class, // a count whose images pass src's end
        () -> k.sumRuns(src, 0, 5, new int[] {0}, new int[] {0, 1}, 1, dst, 0, 0, 2,
            Integer.MAX_VALUE));
  }

  /**
   * {@code addWindows} on both kernels against {@code accumulate} run by run, window after window,
   * bit for bit: runs shorter than, equal to, and a few values past one or two vectors (the
   * moved-back last vector), windows overlapping by a pixel or more (col2im's, stride 1) or with
   * gaps, and values that include ±0, ±∞ and NaN; nothing outside the windows is written.
   */
  @Test
  void scalarAddWindowsAddsRunAfterRun() {
    assertAddWindowsCases(SCALAR, new SplittableRandom(57));
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorAddWindowsAddsRunAfterRun() {
    // Enough calls for C2 to compile the kernel, so that the later cases test compiled code.
    assertAddWindowsCases(VectorSupport.vectorKernels(), new SplittableRandom(58));
  }

  private static void assertAddWindowsCases(Kernels k, SplittableRandom rng) {
    for (int t = 0; t < 3000; t++) {
      int c = 1 + rng.nextInt(40);
      int cols = 1 + rng.nextInt(5);
      int run = cols * c;
      int rows = 1 + rng.nextInt(5);
      int count = 1 + rng.nextInt(6);
      int step = c * rng.nextInt(cols + 2); // 0 (one pixel, all windows on it) to past the run
      int pitch = (count - 1) * step + run + rng.nextInt(4);
      int srcStep = rows * run + rng.nextInt(3);
      int srcOff = rng.nextInt(4);
      float[] src = new float[srcOff + (count - 1) * srcStep + rows * run + rng.nextInt(3)];
      for (int i = 0; i < src.length; i++) {
        src[i] = rng.nextInt(8) == 0 ? ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)]
            : (float) rng.nextDouble(-2, 2);
      }
      int dstOff = rng.nextInt(4);
      int span = (count - 1) * step + (rows - 1) * pitch + run;
      float[] start = new float[dstOff + span + rng.nextInt(3)];
      for (int i = 0; i < start.length; i++) {
        start[i] = rng.nextInt(8) == 0 ? ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)]
            : (float) rng.nextDouble(-2, 2);
      }
      float[] expected = start.clone();
      for (int w = 0; w < count; w++) {
        for (int r = 0; r < rows; r++) {
          SCALAR.accumulate(src, srcOff + w * srcStep + r * run, expected,
              dstOff + w * step + r * pitch, run);
        }
      }
      String context = count + " windows of " + rows + " runs of " + run + ", " + step
          + " apart in rows of " + pitch + ", case " + t;
      float[] dst = start.clone();
      k.addWindows(src, srcOff, srcStep, dst, dstOff, pitch, step, rows, run, count);
      // Two NaNs may meet in a sum (+∞ + -∞ gives x86's negative NaN, the values hold Float.NaN),
      // and which one it returns is open (see assertRouteMaxWindowsCase): any NaN passes where a
      // NaN is expected.
      for (int i = 0; i < dst.length; i++) {
        if (Float.isNaN(expected[i]) && Float.isNaN(dst[i])) {
          dst[i] = expected[i];
        }
      }
      assertBitsEqual(expected, dst, k.description() + ": " + context);
    }
  }

  @Test
  void addWindowsRefusesWindowsThatDoNotFit() {
    float[] src = new float[2 * 2 * 3];
    float[] dst = new float[20];
    SCALAR.addWindows(src, 0, 6, dst, 0, 10, 3, 2, 3, 2); // ends at 3 + 10 + 3 = 16
    assertRefused(() -> SCALAR.addWindows(src, 1, 6, dst, 0, 10, 3, 2, 3, 2), "2 windows of 2"
        + " runs of 3 values, 6 apart in src from 1 (12 values)", "in dst from 0 (20 values)");
    assertRefused(() -> SCALAR.addWindows(src, 0, 6, dst, 5, 10, 3, 2, 3, 2), "", "from 5");
    assertRefused(() -> SCALAR.addWindows(src, 0, 6, dst, 0, 10, 3, 0, 3, 2), "", "0 runs");
    assertRefused(() -> SCALAR.addWindows(src, 0, -6, dst, 0, 10, 3, 2, 3, 2), "", "-6 apart");
    assertRefused(() -> SCALAR.addWindows(src, 0, 6, dst, 0, 10, 3, 2, 3, Integer.MAX_VALUE),
        "", "2147483647 windows");
    assertRefused(() -> SCALAR.addWindows(null, 0, 6, dst, 0, 10, 3, 2, 3, 2), "", "null");
    assertArrayEquals(new float[20], dst, "a refused call wrote dst");
  }

  @Test
  void scalarRouteMaxWindowsMatchesRouteMaxPixelByPixel() {
    SplittableRandom rng = new SplittableRandom(23);
    for (int t = 0; t < 600; t++) {
      assertRouteMaxWindowsCase(SCALAR, rng, "scalar case " + t);
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorRouteMaxWindowsIsBitIdenticalToScalar() {
    // 4,000 cases: enough calls for C2 to compile the kernel with SIMD intrinsics, so that the
    // later cases compare the compiled code and not only the interpreted Vector API.
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(29);
    for (int t = 0; t < 4000; t++) {
      assertRouteMaxWindowsCase(vector, rng, "vector case " + t);
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorRouteOfFewChannelsIsBitIdenticalToScalar() {
    // 2×2 windows side by side of fewer channels than lanes (LeNet-5's six): a window at a time,
    // the row's last windows moved back and merged; rows of 1 to 30 windows cover rows shorter
    // than a vector, one vector, and many.
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(31);
    for (int t = 0; t < 4000; t++) {
      assertRouteMaxWindowsCase(vector, rng, "few-channel case " + t, true);
    }
  }

  private static void assertRouteMaxWindowsCase(Kernels k, SplittableRandom rng, String name) {
    assertRouteMaxWindowsCase(k, rng, name, false);
  }

  /**
   * One random call of {@code routeMaxWindows} on {@code k} against {@link #SCALAR}'s twin and
   * against {@code routeMax} pixel by pixel, window after window ({@code dst}'s windows zeroed
   * first where overwriting): {@code dst} and {@code g} must agree bit for bit, everything outside
   * the windows untouched. Overwriting calls get windows apart; adding ones may overlap (steps of
   * one pixel), as pooling with strides shorter than the window has. {@code fewChannels} draws
   * overwriting 2×2 windows of 1 to 15 channels, up to 30 in a row.
   */
  private static void assertRouteMaxWindowsCase(Kernels k, SplittableRandom rng, String name,
      boolean fewChannels) {
    int c = 1 + rng.nextInt(fewChannels ? 15 : 70);
    int rows = fewChannels ? 2 : 1 + rng.nextInt(3);
    int cols = fewChannels ? 2 : 1 + rng.nextInt(3);
    int count = 1 + rng.nextInt(fewChannels ? 30 : 6);
    boolean overwrite = fewChannels || rng.nextBoolean();
    // Few channels: windows side by side, a pixel apart in a quarter of the cases.
    int step = overwrite ? cols * c + (fewChannels ? rng.nextInt(4) / 3 : rng.nextInt(3)) * c
        : c * rng.nextInt(cols + 2);
    int pitch = (count - 1) * step + cols * c + rng.nextInt(5);
    int inOff = rng.nextInt(4);
    int span = (count - 1) * step + (rows - 1) * pitch + cols * c;
    float[] in = new float[inOff + span + rng.nextInt(3)];
    for (int i = 0; i < in.length; i++) {
      in[i] = ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)];
    }
    // The windows' max as pooling gives it (ties with later pixels), a few lanes off it.
    int maxOff = rng.nextInt(4);
    float[] max = new float[maxOff + count * c + 1];
    SCALAR.maxWindows(in, inOff, pitch, step, rows, cols, c, max, maxOff, count);
    for (int i = 0; i < max.length; i++) {
      if (rng.nextInt(10) == 0) {
        max[i] = ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)];
      }
    }
    int gOff = rng.nextInt(4);
    float[] g = new float[gOff + count * c + 2];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextBoolean() ? (float) rng.nextDouble(-3, 3)
          : ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)];
    }
    int dstOff = rng.nextInt(4);
    float[] dst = new float[dstOff + span + rng.nextInt(3)];
    for (int i = 0; i < dst.length; i++) {
      dst[i] = overwrite ? SENTINEL : ROUTE_VALUES[rng.nextInt(ROUTE_VALUES.length)];
    }
    float[] expectedDst = dst.clone();
    float[] expectedG = g.clone();
    for (int w = 0; w < count; w++) {
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          int p = w * step + y * pitch + x * c;
          if (overwrite) {
            Arrays.fill(expectedDst, dstOff + p, dstOff + p + c, 0f);
          }
          SCALAR.routeMax(in, inOff + p, max, maxOff + w * c, expectedG, gOff + w * c,
              expectedDst, dstOff + p, c);
        }
      }
    }
    String context = name + ": c " + c + ", " + rows + "×" + cols + ", " + count + " windows "
        + step + " apart in rows of " + pitch + (overwrite ? ", overwriting" : ", adding");
    float[] twinDst = dst.clone();
    float[] twinG = g.clone();
    SCALAR.routeMaxWindows(in, inOff, pitch, step, rows, cols, c, max, maxOff, twinG, gOff,
        twinDst, dstOff, count, overwrite);
    k.routeMaxWindows(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff, dst, dstOff,
        count, overwrite);
    if (!overwrite) {
      // Overlapping windows may add two NaNs (+Inf + -Inf gives x86's negative NaN, the values
      // hold Float.NaN): Java leaves open which one a sum returns, and C2 swaps float additions'
      // operands, so routeMax itself gives either. Any NaN passes where a NaN is expected.
      for (float[] x : new float[][] {twinDst, dst}) {
        for (int i = 0; i < x.length; i++) {
          if (Float.isNaN(expectedDst[i]) && Float.isNaN(x[i])) {
            x[i] = expectedDst[i];
          }
        }
      }
    }
    assertBitsEqual(expectedDst, twinDst, context + ", scalar twin's dst against routeMax");
    assertBitsEqual(expectedG, twinG, context + ", scalar twin's g against routeMax");
    assertBitsEqual(expectedDst, dst, context + ", dst against routeMax");
    assertBitsEqual(expectedG, g, context + ", g against routeMax");
  }

  @Test
  void productsRejectOperandsTooShortForTheirSizesOnBothPaths() {
    assertProductsCheckSizes(SCALAR);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorProductsRejectOperandsTooShortForTheirSizes() {
    assertProductsCheckSizes(VectorSupport.vectorKernels());
  }

  /**
   * Each product with operands that fit exactly runs; one value short in {@code a}, {@code b} or
   * {@code c}, a negative size, rows closer than their columns or a short bias is refused with
   * the product's sizes in the message, before anything is written.
   */
  private static void assertProductsCheckSizes(Kernels k) {
    int m = 5;
    int kk = 7;
    int n = 19;
    float[] a = new float[m * kk];
    float[] b = new float[kk * n];
    float[] c = new float[m * n];
    float[] bias = new float[n];
    k.matmul(a, 0, b, 0, bias, 0, c, 0, m, kk, n);
    k.matmulRelu(a, 0, b, 0, bias, 0, c, 0, m, kk, n);
    k.matmulColumns(a, 0, b, 0, c, 0, m, kk, n, 3, 9);
    float[] g = new float[m * n];
    float[] w = new float[kk * n];
    k.matmulTransA(a, 0, g, 0, w, 0, m, kk, n); // w[kk][n] = aᵀ · g
    float[] dx = new float[m * kk];
    k.matmulTransB(g, 0, b, 0, dx, 0, m, n, kk, new float[kk * n]); // dx[m][kk] = g · bᵀ
    k.columnSums(c, 0, m, n, bias, 0);
    k.addBias(c, 0, m, n, bias, 0);
    float[] c0 = c.clone();
    String sizes = "5×7 by 7×19 into 5×19";
    assertRefused(() -> k.matmul(new float[m * kk - 1], 0, b, 0, null, 0, c, 0, m, kk, n),
        sizes, "a needs values [0, 35)");
    assertRefused(() -> k.matmul(a, 0, new float[kk * n - 1], 0, null, 0, c, 0, m, kk, n),
        sizes, "b needs values [0, 133)");
    assertRefused(() -> k.matmul(a, 0, b, 0, null, 0, new float[m * n - 1], 0, m, kk, n),
        sizes, "c needs values [0, 95)");
    assertRefused(() -> k.matmul(a, 1, b, 0, null, 0, c, 0, m, kk, n), sizes, "a needs");
    assertRefused(() -> k.matmul(a, 0, b, 0, null, 0, c, 0, -1, kk, n), "", "negative size");
    assertRefused(() -> k.matmul(a, 0, 6, b, 0, null, 0, c, 0, m, kk, n), "", "rows 6 apart");
    assertRefused(() -> k.matmul(a, 0, b, 0, new float[n - 1], 0, c, 0, m, kk, n), "",
        "bias of 19 values");
    assertRefused(() -> k.matmulRelu(a, 0, b, 0, bias, 1, c, 0, m, kk, n), "", "bias of 19");
    assertRefused(() -> k.matmulColumns(a, 0, b, 0, new float[m * n - 1], 0, m, kk, n, 0, 1),
        "", "c needs");
    assertRefused(() -> k.matmulTransA(a, 0, g, 0, new float[kk * n - 1], 0, m, kk, n),
        "5×7 by 5×19 into 7×19", "c needs values [0, 133)");
    assertRefused(() -> k.matmulTransA(a, 0, new float[m * n - 1], 0, w, 0, m, kk, n), "",
        "b needs");
    assertRefused(() -> k.matmulTransB(g, 0, new float[kk * n - 1], 0, dx, 0, m, n, kk,
        new float[kk * n]), "5×19 by 7×19 into 5×7", "b needs values [0, 133)");
    assertRefused(() -> k.matmulTransB(g, 0, b, 0, new float[m * kk - 1], 0, m, n, kk,
        new float[kk * n]), "", "c needs");
    assertRefused(() -> k.columnSums(c, 0, m, n, new float[n - 1], 0), "columnSums of 5×19",
        "needs values [0, 19)");
    assertRefused(() -> k.addBias(c, 0, m, n, new float[n - 1], 0), "", "bias of 19");
    assertArrayEquals(c0, c, "a refused call wrote c");
  }

  private static void assertRefused(Executable call, String sizes, String detail) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(sizes) && e.getMessage().contains(detail),
        e.getMessage());
  }

  @Test
  void routeMaxWindowsRejectsArraysTooShortForTheWindows() {
    Kernels k = new ScalarKernels();
    float[] in = new float[2 * 8];
    float[] dst = new float[2 * 8];
    float[] max = new float[2 * 2];
    float[] g = new float[2 * 2];
    // Two 2×2 windows of 2 channels over a 2×4 image: fits exactly.
    k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, 0, g, 0, dst, 0, 2, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, 0, g, 0, dst, 0, 3, false));
    assertTrue(e.getMessage().contains("3 windows of 2×2 pixels and 2 channels"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 1, 8, 4, 2, 2, 2, max, 0, g, 0, dst, 0, 2, true));
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, 1, g, 0, dst, 0, 2, true));
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, 0, g, 1, dst, 0, 2, true));
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, 0, g, 0, dst, 1, 2, true));
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 0, 2, 2, max, 0, g, 0, dst, 0, 2, true));
    assertThrows(IllegalArgumentException.class,
        () -> k.routeMaxWindows(in, 0, 8, 4, 2, 2, 2, max, -1, g, 0, dst, 0, 2, true));
  }

  /** {@code maxInto} with ties and NaNs in some lanes, which random values almost never give. */
  private static void maxInto(Kernels k, float[][] x, int off, int len) {
    for (int i = 0; i < len; i += 3) {
      x[1][off + i] = x[0][off + i];
    }
    for (int i = 1; i < len; i += 7) {
      x[i % 2][off + i] = Float.NaN;
    }
    k.maxInto(x[0], off, x[1], off, len);
  }

  /** {@code routeMax} where about half the lanes hold the max (equal values), as pooling has. */
  private static void routeMax(Kernels k, float[][] x, int off, int len) {
    for (int i = 0; i < len; i += 2) {
      x[1][off + i] = x[0][off + i];
    }
    k.routeMax(x[0], off, x[1], off, x[2], off, x[3], off, len);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorOptimizerStepsAreBitIdenticalToScalar() {
    Kernels v = VectorSupport.vectorKernels();
    assertBitIdentical(v, "sgd(0.05)", ranges(-2, -2), ranges(2, 2),
        (k, x, off, len) -> k.sgd(x[0], x[1], off, off + len, 0.05f));
    // p, g, m, v (v >= 0); alpha as Adam computes it at step 3 with lr 0.01.
    float alpha = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, 3)) / (1 - Math.pow(0.9, 3)));
    assertBitIdentical(v, "adam", ranges(-2, -2, -0.5, 0), ranges(2, 2, 0.5, 0.3),
        (k, x, off, len) -> k.adam(x[0], x[1], x[2], x[3], off, off + len, alpha, 0.9f,
            0.999f, 1e-7f));
  }

  @Test
  @Tag(VectorSupport.TAG)
  void unsignedBytesAreDividedAsTheFormulaSaysOnBothPaths() {
    Kernels v = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(19);
    byte[] all = new byte[256 + 40];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i; // every byte value, then some again
    }
    float[] divisors = {255f, 1f, 3f, -7f, 0.1f, 1e-38f, Float.MIN_VALUE, 6.02e23f};
    for (float divisor : divisors) {
      for (int len : new int[] {0, 1, 15, 16, 17, 33, 256, 270}) {
        int srcOff = rng.nextInt(all.length - len + 1);
        int dstOff = rng.nextInt(5);
        float[] expected = new float[dstOff + len + 3];
        Arrays.fill(expected, SENTINEL);
        for (int i = 0; i < len; i++) {
          expected[dstOff + i] = (all[srcOff + i] & 0xff) / divisor;
        }
        for (Kernels k : new Kernels[] {SCALAR, v}) {
          float[] dst = new float[expected.length];
          Arrays.fill(dst, SENTINEL);
          k.unsignedBytes(all, srcOff, divisor, dst, dstOff, len);
          for (int i = 0; i < dst.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dst[i]),
                k.description() + ": value " + i + " of " + len + " bytes from " + srcOff
                    + " over " + divisor);
          }
        }
      }
    }
    for (Kernels k : new Kernels[] {SCALAR, v}) {
      float[] dst = new float[16];
      assertThrows(IndexOutOfBoundsException.class,
          () -> k.unsignedBytes(all, all.length - 15, 255f, dst, 0, 16), k.description());
      assertThrows(IndexOutOfBoundsException.class,
          () -> k.unsignedBytes(all, 0, 255f, dst, 1, 16), k.description());
      assertThrows(IndexOutOfBoundsException.class,
          () -> k.unsignedBytes(all, 0, 255f, dst, 0, -1), k.description());
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorGradientConditioningAndRulesAreBitIdenticalToScalar() {
    Kernels v = VectorSupport.vectorKernels();
    assertBitIdentical(v, "clip(0.7)", ranges(-2), ranges(2),
        (k, x, off, len) -> k.clip(x[0], off, off + len, 0.7f));
    assertBitIdentical(v, "scale(0.3)", ranges(-2), ranges(2),
        (k, x, off, len) -> k.scale(x[0], off, off + len, 0.3f));
    assertBitIdentical(v, "decay(0.004)", ranges(-2), ranges(2),
        (k, x, off, len) -> k.decay(x[0], off, off + len, 0.004f));
    for (boolean nesterov : new boolean[] {false, true}) {
      assertBitIdentical(v, "momentum(nesterov=" + nesterov + ")", ranges(-2, -2, -0.5),
          ranges(2, 2, 0.5),
          (k, x, off, len) -> k.momentum(x[0], x[1], x[2], off, off + len, 0.05f, 0.9f,
              nesterov));
    }
    assertBitIdentical(v, "adagrad", ranges(-2, -2, 0.1), ranges(2, 2, 3),
        (k, x, off, len) -> k.adagrad(x[0], x[1], x[2], off, off + len, 0.01f, 1e-7f));
    assertBitIdentical(v, "rmsprop", ranges(-2, -2, 0), ranges(2, 2, 0.5),
        (k, x, off, len) -> k.rmsprop(x[0], x[1], x[2], null, null, off, off + len, 0.01f,
            0.9f, 0f, 1e-7f));
    // Centred with momentum: v >= a² keeps the denominator positive.
    assertBitIdentical(v, "rmsprop(centered, momentum)", ranges(-2, -2, 0.5, -0.1, -0.2),
        ranges(2, 2, 1, 0.1, 0.2),
        (k, x, off, len) -> k.rmsprop(x[0], x[1], x[2], x[3], x[4], off, off + len, 0.01f,
            0.9f, 0.5f, 1e-7f));
  }

  /**
   * {@code flushSubnormals} turns subnormals and -0 into +0 and keeps every other value (normals,
   * infinities, NaN) bit for bit, in both kernels, over lengths that exercise the vector loop and
   * the scalar tail.
   */
  @Test
  @Tag(VectorSupport.TAG)
  void flushSubnormalsZeroesExactlyTheSubnormals() {
    float[] specials = {Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL * 0.999f,
        -Float.MIN_NORMAL / 3, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, -0f, 1f, -2.5e-30f,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    java.util.Random random = new java.util.Random(17);
    for (Kernels k : new Kernels[] {SCALAR, VectorSupport.vectorKernels()}) {
      for (int n : new int[] {1, 15, 16, 37, 100}) {
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
          x[i] = random.nextBoolean() ? specials[random.nextInt(specials.length)]
              : Float.intBitsToFloat(random.nextInt());
        }
        float[] before = x.clone();
        k.flushSubnormals(x, 1, 1 + n);
        for (int i = 0; i < x.length; i++) {
          float expected = i >= 1 && i < 1 + n && Math.abs(before[i]) < Float.MIN_NORMAL
              ? 0f : before[i];
          assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(x[i]),
              k.description() + ", n " + n + ", element " + i + " (" + before[i] + ")");
        }
      }
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void l1l2GradientIsBitIdenticalAndItsPenaltyClose() {
    Kernels v = VectorSupport.vectorKernels();
    assertBitIdentical(v, "l1l2 gradient", ranges(-1, -2), ranges(1, 2),
        (k, x, off, len) -> k.l1l2(x[0], off, len, 0.01f, 0.3f, x[1], off));
    float[] w = {0.5f, -2f, 0f, 3f, -0.25f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 2f};
    double expected = 0;
    for (float x : w) {
      expected += 0.01 * Math.abs(x) + 0.3 * x * x;
    }
    for (Kernels k : available()) {
      assertEquals(expected, k.l1l2(w, 0, w.length, 0.01f, 0.3f, null, 0), 1e-5,
          k.description());
    }
    float[] g = new float[3];
    SCALAR.l1l2(new float[] {2f, -3f, 0f}, 0, 3, 0.5f, 0.25f, g, 0);
    assertArrayEquals(new float[] {0.5f + 1f, -0.5f - 1.5f, 0f}, g);
  }

  @Test
  void fmaPeakRunsEveryChain() {
    for (Kernels k : available()) {
      float a = k.fmaPeak(10);
      float b = k.fmaPeak(20);
      assertTrue(Float.isFinite(a) && a > 0 && a != b, k.description() + ": " + a + ", " + b);
      assertTrue(k.fmaPeakFlopsPerStep() >= 16, k.description());
    }
  }

  @Test
  void sumOfSquaresIsExactInDouble() {
    float[] x = {3f, -4f, 0.5f, 1e-20f};
    assertEquals(25.25 + 1e-40, SCALAR.sumOfSquares(x, 0, 4), 1e-12);
    for (Kernels k : available()) {
      assertEquals(25.0, k.sumOfSquares(x, 0, 2), 0.0, k.description());
    }
  }

  /** Rounds of {@link #vectorKernelsStayBitIdenticalOnceJitCompiled}. */
  static final int JIT_ROUNDS = 600;

  @Test
  @Tag(VectorSupport.TAG)
  void vectorKernelsStayBitIdenticalOnceJitCompiled() {
    // The Vector API runs as plain Java (lane by lane, Math.fma, Math.exp) until C2 compiles a
    // kernel with SIMD intrinsics; the tests above mostly see the former. Repeating the
    // comparisons (7,800 to 15,600 calls of each element-wise kernel, 1,800 products with long
    // loops)
    // goes well past C2's thresholds, so later rounds compare the compiled SIMD code.
    Kernels v = VectorSupport.vectorKernels();
    float alpha = (float) (0.01 * Math.sqrt(1 - Math.pow(0.999, 3)) / (1 - Math.pow(0.9, 3)));
    int[][] products = {{9, 33, 49}, {17, 47, 31}, {4, 300, 33}};
    SplittableRandom rng = new SplittableRandom(99);
    for (int round = 0; round < JIT_ROUNDS; round++) {
      String r = "round " + round + ": ";
      assertBitIdentical(v, r + "relu", ranges(-3), ranges(3),
          (k, x, off, len) -> k.relu(x[0], off, len), rng);
      assertBitIdentical(v, r + "leakyRelu(0.01)", ranges(-3), ranges(3),
          (k, x, off, len) -> k.leakyRelu(x[0], off, len, 0.01f), rng);
      assertBitIdentical(v, r + "reluBackward", ranges(-1, -2), ranges(1, 2),
          (k, x, off, len) -> k.reluBackward(x[0], off, x[1], off, len), rng);
      assertBitIdentical(v, r + "leakyReluBackward(0.2)", ranges(-1, -2), ranges(1, 2),
          (k, x, off, len) -> k.leakyReluBackward(x[0], off, x[1], off, len, 0.2f), rng);
      assertBitIdentical(v, r + "multiply", ranges(-4, -4, -1), ranges(4, 4, 1),
          (k, x, off, len) -> k.multiply(x[0], off, x[1], off, x[2], off, len), rng);
      assertBitIdentical(v, r + "add", ranges(-4, -4), ranges(4, 4),
          (k, x, off, len) -> k.add(x[0], x[1], off, off + len), rng);
      assertBitIdentical(v, r + "accumulate", ranges(-4, -4), ranges(4, 4),
          (k, x, off, len) -> k.accumulate(x[0], off, x[1], off, len), rng);
      assertBitIdentical(v, r + "maxInto", ranges(-4, -4), ranges(4, 4), KernelsTest::maxInto,
          rng);
      assertBitIdentical(v, r + "routeMax", ranges(-4, -4, -1, -1), ranges(4, 4, 1, 1),
          KernelsTest::routeMax, rng);
      assertBitIdentical(v, r + "sgd", ranges(-2, -2), ranges(2, 2),
          (k, x, off, len) -> k.sgd(x[0], x[1], off, off + len, 0.05f), rng);
      assertBitIdentical(v, r + "adam", ranges(-2, -2, -0.5, 0), ranges(2, 2, 0.5, 0.3),
          (k, x, off, len) -> k.adam(x[0], x[1], x[2], x[3], off, off + len, alpha, 0.9f,
              0.999f, 1e-7f), rng);
      for (int len : SIZES) {
        float[] x = activationInputs(rng, len);
        float[][] ys = {x.clone(), x.clone(), x.clone()};
        float[][] yv = {x.clone(), x.clone(), x.clone()};
        SCALAR.sigmoid(ys[0], 0, len);
        v.sigmoid(yv[0], 0, len);
        SCALAR.tanh(ys[1], 0, len);
        v.tanh(yv[1], 0, len);
        SCALAR.softplus(ys[2], 0, len);
        v.softplus(yv[2], 0, len);
        assertBitsEqual(ys[0], yv[0], r + "sigmoid, len=" + len);
        assertBitsEqual(ys[1], yv[1], r + "tanh, len=" + len);
        assertBitsEqual(ys[2], yv[2], r + "softplus, len=" + len);
      }
      for (int[] p : products) {
        int m = p[0];
        int k = p[1];
        int n = p[2];
        String sizes = r + "m=" + m + " k=" + k + " n=" + n;
        float[] a = random(rng, m * k, -1, 1);
        float[] b = random(rng, k * n, -1, 1);
        float[] bias = random(rng, n, -1, 1);
        float[] cs = new float[m * n];
        float[] cv = new float[m * n];
        SCALAR.matmul(a, 0, b, 0, bias, 0, cs, 0, m, k, n);
        v.matmul(a, 0, b, 0, bias, 0, cv, 0, m, k, n);
        assertBitsEqual(cs, cv, "matmul, " + sizes);
        float[] b2 = random(rng, m * n, -1, 1);
        float[] ts = new float[k * n];
        float[] tv = new float[k * n];
        SCALAR.matmulTransA(a, 0, b2, 0, ts, 0, m, k, n);
        v.matmulTransA(a, 0, b2, 0, tv, 0, m, k, n);
        assertBitsEqual(ts, tv, "matmulTransA, " + sizes);
        float[] ds = new float[n];
        float[] dv = new float[n];
        SCALAR.columnSums(b, 0, k, n, ds, 0);
        v.columnSums(b, 0, k, n, dv, 0);
        assertBitsEqual(ds, dv, "columnSums, " + sizes);
      }
    }
  }

  // ---- element-wise operations: scalar against their definitions -----------------------------

  @Test
  void reluFamilyMatchesDefinitions() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int len : SIZES) {
      float[] x = mixed(rng, len, -3, 3);
      float[] g = random(rng, len, -2, 2);
      float[] relu = x.clone();
      SCALAR.relu(relu, 0, len);
      float[] leaky = x.clone();
      SCALAR.leakyRelu(leaky, 0, len, 0.1f);
      float[] step = x.clone();
      SCALAR.step(step, 0, len);
      float[] reluBack = g.clone();
      SCALAR.reluBackward(relu, 0, reluBack, 0, len);
      float[] leakyBack = g.clone();
      SCALAR.leakyReluBackward(leaky, 0, leakyBack, 0, len, 0.1f);
      for (int i = 0; i < len; i++) {
        String at = "len=" + len + " i=" + i + " x=" + x[i];
        assertEquals(x[i] > 0 ? x[i] : 0f, relu[i], "relu, " + at);
        assertEquals(x[i] > 0 ? x[i] : 0.1f * x[i], leaky[i], "leakyRelu(0.1), " + at);
        assertEquals(x[i] >= 0 ? 1f : 0f, step[i], "step, " + at);
        assertEquals(x[i] > 0 ? g[i] : 0f, reluBack[i], "reluBackward, " + at);
        assertEquals(x[i] > 0 ? g[i] : 0.1f * g[i], leakyBack[i], "leakyReluBackward, " + at);
      }
    }
  }

  @Test
  void multiplyAndAddAreCorrectlyRounded() {
    // A float product or sum is the double one rounded once: the reference is exact.
    SplittableRandom rng = new SplittableRandom(22);
    for (int len : SIZES) {
      float[] a = random(rng, len, -100, 100);
      float[] b = random(rng, len, -100, 100);
      float[] dst = embedded(new float[len], 2, 3, SENTINEL);
      SCALAR.multiply(embedded(a, 1, 0, 0f), 1, b, 0, dst, 2, len);
      float[] sum = embedded(a, 4, 4, SENTINEL);
      SCALAR.add(sum, embedded(b, 4, 4, 1f), 4, 4 + len);
      for (int i = 0; i < len; i++) {
        assertEquals((float) ((double) a[i] * b[i]), dst[2 + i], "multiply, len=" + len
            + " i=" + i);
        assertEquals((float) ((double) a[i] + b[i]), sum[4 + i], "add, len=" + len + " i=" + i);
      }
      assertUntouchedOutside(dst, 2, 2 + len, "multiply, len=" + len);
      assertUntouchedOutside(sum, 4, 4 + len, "add, len=" + len);
    }
  }

  @Test
  void sgdAndAdamMatchDoubleReference() {
    SplittableRandom rng = new SplittableRandom(23);
    float lr = 0.05f;
    float alpha = 0.003f;
    float b1 = 0.9f;
    float b2 = 0.999f;
    float eps = 1e-7f;
    for (int len : SIZES) {
      float[] p = random(rng, len, -2, 2);
      float[] g = random(rng, len, -2, 2);
      float[] m = random(rng, len, -0.5, 0.5);
      float[] v = random(rng, len, 0, 0.3);
      float[] ps = embedded(p, 3, 3, SENTINEL);
      SCALAR.sgd(ps, embedded(g, 3, 3, 0f), 3, 3 + len, lr);
      float[] pa = embedded(p, 3, 3, SENTINEL);
      float[] ma = embedded(m, 3, 3, SENTINEL);
      float[] va = embedded(v, 3, 3, SENTINEL);
      SCALAR.adam(pa, embedded(g, 3, 3, 0f), ma, va, 3, 3 + len, alpha, b1, b2, eps);
      for (int i = 0; i < len; i++) {
        String at = "len=" + len + " i=" + i;
        double sgd = p[i] - (double) lr * g[i];
        assertEquals(sgd, ps[3 + i], 2 * U * (Math.abs(p[i]) + Math.abs(lr * g[i])), "sgd, " + at);
        double mi = m[i] + (g[i] - (double) m[i]) * (1 - (double) b1);
        double vi = v[i] + ((double) g[i] * g[i] - v[i]) * (1 - (double) b2);
        assertEquals(mi, ma[3 + i], 1e-6 * (Math.abs(m[i]) + Math.abs(g[i])), "adam m, " + at);
        assertEquals(vi, va[3 + i], 1e-6 * (v[i] + g[i] * g[i]), "adam v, " + at);
        // The step from the moments as stored (checked above): five roundings relative to it.
        double step = ma[3 + i] * (double) alpha / (Math.sqrt(va[3 + i]) + eps);
        assertEquals(p[i] - step, pa[3 + i], 1e-6 * (Math.abs(p[i]) + Math.abs(step)),
            "adam p, " + at);
      }
      assertUntouchedOutside(ps, 3, 3 + len, "sgd, len=" + len);
      assertUntouchedOutside(pa, 3, 3 + len, "adam p, len=" + len);
      assertUntouchedOutside(ma, 3, 3 + len, "adam m, len=" + len);
      assertUntouchedOutside(va, 3, 3 + len, "adam v, len=" + len);
    }
  }

  // ---- transcendental activations ------------------------------------------------------------

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** Inputs over [-30, 30] (every regime of the three functions) with zeros mixed in. */
  static float[] activationInputs(SplittableRandom rng, int len) {
    float[] x = random(rng, len, -30, 30);
    for (int i = 0; i < len; i += 7) {
      x[i] = (i / 7) % 2 == 0 ? 0f : (float) rng.nextDouble(-0.01, 0.01);
    }
    return x;
  }

  @Test
  void transcendentalActivationsMatchDoubleReference() {
    // Scalar kernels: a few float roundings of a faithfully rounded double, so 1e-6 relative.
    SplittableRandom rng = new SplittableRandom(31);
    for (int len : SIZES) {
      float[] x = activationInputs(rng, len);
      float[] s = x.clone();
      SCALAR.sigmoid(s, 0, len);
      float[] t = x.clone();
      SCALAR.tanh(t, 0, len);
      float[] sp = x.clone();
      SCALAR.softplus(sp, 0, len);
      for (int i = 0; i < len; i++) {
        String at = "len=" + len + " x=" + x[i];
        assertRelative(sigmoid(x[i]), s[i], 1e-6, "sigmoid, " + at);
        assertRelative(Math.tanh(x[i]), t[i], 1e-6, "tanh, " + at);
        assertRelative(softplus(x[i]), sp[i], 1e-6, "softplus, " + at);
      }
    }
  }

  static void assertRelative(double expected, float actual, double rel, String context) {
    double d = Math.abs(actual - expected);
    assertTrue(d <= rel * Math.abs(expected),
        () -> context + ": expected " + expected + ", got " + actual + ", relative difference "
            + d / Math.abs(expected) + " > " + rel);
  }

  @Test
  void activationGradientsMatchDoubleReference() {
    // Each is g times a factor in [0, 1] computed with at most three float roundings.
    SplittableRandom rng = new SplittableRandom(32);
    for (int len : SIZES) {
      float[] x = activationInputs(rng, len);
      float[] g = random(rng, len, -2, 2);
      float[] s = x.clone();
      SCALAR.sigmoid(s, 0, len);
      float[] t = x.clone();
      SCALAR.tanh(t, 0, len);
      float[] sp = x.clone();
      SCALAR.softplus(sp, 0, len);
      float[] gs = g.clone();
      SCALAR.sigmoidBackward(s, 0, gs, 0, len);
      float[] gt = g.clone();
      SCALAR.tanhBackward(t, 0, gt, 0, len);
      float[] gp = g.clone();
      SCALAR.softplusBackward(sp, 0, gp, 0, len);
      for (int i = 0; i < len; i++) {
        String at = "len=" + len + " y=";
        double tol = 1e-6 * Math.abs(g[i]);
        assertEquals(g[i] * (double) s[i] * (1 - (double) s[i]), gs[i], tol,
            "sigmoidBackward, " + at + s[i]);
        assertEquals(g[i] * (1 - (double) t[i] * t[i]), gt[i], tol, "tanhBackward, " + at + t[i]);
        // softplus' derivative is sigmoid(x); from y = softplus(x) it is 1 - e^-y.
        assertEquals(g[i] * -Math.expm1(-(double) sp[i]), gp[i], tol,
            "softplusBackward, " + at + sp[i]);
        assertEquals(g[i] * sigmoid(x[i]), gp[i], 1e-5 * Math.abs(g[i]),
            "softplusBackward is g·sigmoid(x), x=" + x[i]);
      }
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorTranscendentalsAreBitIdenticalToScalar() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(33);
    for (int len : SIZES) {
      float[] x = activationInputs(rng, len);
      float[] g = random(rng, len, -2, 2);
      String at = "len=" + len + ", " + vector.description();
      float[][] ys = new float[3][];
      float[][] yv = new float[3][];
      for (int f = 0; f < 3; f++) {
        ys[f] = embedded(x, 2, 3, SENTINEL);
        yv[f] = ys[f].clone();
      }
      SCALAR.sigmoid(ys[0], 2, len);
      vector.sigmoid(yv[0], 2, len);
      SCALAR.tanh(ys[1], 2, len);
      vector.tanh(yv[1], 2, len);
      SCALAR.softplus(ys[2], 2, len);
      vector.softplus(yv[2], 2, len);
      String[] names = {"sigmoid", "tanh", "softplus"};
      for (int f = 0; f < 3; f++) {
        assertBitsEqual(ys[f], yv[f], names[f] + ", " + at);
        assertUntouchedOutside(yv[f], 2, 2 + len, names[f] + ", " + at);
      }
      // Backward passes from the same (scalar) outputs.
      float[] gs = embedded(g, 2, 3, SENTINEL);
      float[] gv = gs.clone();
      SCALAR.sigmoidBackward(ys[0], 2, gs, 2, len);
      vector.sigmoidBackward(ys[0], 2, gv, 2, len);
      assertBitsEqual(gs, gv, "sigmoidBackward, " + at);
      gs = embedded(g, 2, 3, SENTINEL);
      gv = gs.clone();
      SCALAR.tanhBackward(ys[1], 2, gs, 2, len);
      vector.tanhBackward(ys[1], 2, gv, 2, len);
      assertBitsEqual(gs, gv, "tanhBackward, " + at);
      gs = embedded(g, 2, 3, SENTINEL);
      gv = gs.clone();
      SCALAR.softplusBackward(ys[2], 2, gs, 2, len);
      vector.softplusBackward(ys[2], 2, gv, 2, len);
      assertBitsEqual(gs, gv, "softplusBackward, " + at);
      assertUntouchedOutside(gv, 2, 2 + len, "softplusBackward, " + at);
    }
  }

  // ---- softmax -------------------------------------------------------------------------------

  /** The kernels available in this JVM: scalar, and the vector ones if the module is present. */
  static Kernels[] available() {
    return KernelProvider.vectorModulePresent()
        ? new Kernels[] {SCALAR, KernelProvider.vector()}
        : new Kernels[] {SCALAR};
  }

  @Test
  void softmaxRowsSumToOneAndMatchDoubleReference() {
    SplittableRandom rng = new SplittableRandom(41);
    for (Kernels kernels : available()) {
      for (int cols : SIZES) {
        int rows = 3;
        float[] z = random(rng, rows * cols, -10, 10);
        float[] p = embedded(z, 2, 2, SENTINEL);
        kernels.softmax(p, 2, rows, cols);
        for (int r = 0; r < rows; r++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[r * cols + j]);
          }
          double sum = 0;
          for (int j = 0; j < cols; j++) {
            sum += Math.exp(z[r * cols + j] - max);
          }
          // The float sum of cols terms (cols roundings) and the float z - max (|z - max| <= 20,
          // so an exponent error of 20·2^-24): relative error below (cols + 40)·2^-24.
          double rel = (cols + 40) * U;
          double total = 0;
          for (int j = 0; j < cols; j++) {
            double ref = Math.exp(z[r * cols + j] - max) / sum;
            float got = p[2 + r * cols + j];
            assertEquals(ref, got, rel * ref,
                kernels + " softmax, cols=" + cols + " row " + r + " col " + j);
            total += got;
          }
          assertEquals(1.0, total, rel, kernels + " softmax row sum, cols=" + cols);
        }
        assertUntouchedOutside(p, 2, 2 + rows * cols, kernels + " softmax, cols=" + cols);
      }
    }
  }

  @Test
  void softmaxOfLargeInputsDoesNotOverflow() {
    for (Kernels kernels : available()) {
      float[] z = {1000f, 999f, 998f, -1000f, 1000f, 1000f};
      kernels.softmax(z, 0, 2, 3);
      double e1 = Math.exp(-1);
      double e2 = Math.exp(-2);
      double s = 1 + e1 + e2;
      double[] expected = {1 / s, e1 / s, e2 / s, 0, 0.5, 0.5};
      for (int i = 0; i < z.length; i++) {
        assertTrue(Float.isFinite(z[i]), kernels + " softmax of ±1000: index " + i + " is " + z[i]);
        assertEquals(expected[i], z[i], 1e-6, kernels + " softmax of ±1000, index " + i);
      }
    }
  }

  @Test
  void softmaxBackwardMatchesJacobianProduct() {
    SplittableRandom rng = new SplittableRandom(42);
    for (Kernels kernels : available()) {
      for (int cols : SIZES) {
        int rows = 2;
        float[] y = random(rng, rows * cols, -4, 4);
        kernels.softmax(y, 0, rows, cols);
        float[] g = random(rng, rows * cols, -1, 1);
        float[] out = embedded(g, 1, 2, SENTINEL);
        kernels.softmaxBackward(embedded(y, 3, 0, 0f), 3, out, 1, rows, cols);
        for (int r = 0; r < rows; r++) {
          double dotAbs = 0;
          for (int j = 0; j < cols; j++) {
            dotAbs += Math.abs((double) g[r * cols + j] * y[r * cols + j]);
          }
          for (int i = 0; i < cols; i++) {
            // (J g)_i = Σ_j (δ_ij y_i - y_i y_j) g_j; the float dot product of cols terms
            // bounds the error: (cols + 4)·2^-24 · y_i (|g_i| + Σ|g_j y_j|).
            double yi = y[r * cols + i];
            double ref = 0;
            for (int j = 0; j < cols; j++) {
              ref += ((i == j ? yi : 0) - yi * y[r * cols + j]) * g[r * cols + j];
            }
            double tol = (cols + 4) * U * yi * (Math.abs(g[r * cols + i]) + dotAbs) + 1e-30;
            assertEquals(ref, out[1 + r * cols + i], tol,
                kernels + " softmaxBackward, cols=" + cols + " row " + r + " i=" + i);
          }
        }
        assertUntouchedOutside(out, 1, 1 + rows * cols, kernels + " softmaxBackward, cols="
            + cols);
      }
    }
  }

  // ---- argument checks: every element-wise kernel refuses what does not fit ------------------

  /**
   * An element-wise kernel over {@code len} values (rows of {@link Sized#cols} values if that is
   * not 1) from {@code offs[i]} of each {@code arrays[i]}.
   */
  interface SizedCall {
    void run(Kernels k, float[][] arrays, int[] offs, int len);
  }

  /** An element-wise kernel over {@code [from, to)} of each array. */
  interface RangeCall {
    void run(Kernels k, float[][] arrays, int from, int to);
  }

  /**
   * A kernel taking offsets and a length: {@code cols} values per unit of length (softmax's
   * rows), and the arrays it accepts as null in bit mask {@code nullable}.
   */
  record Sized(String name, int arrays, int cols, int nullable, SizedCall call) {}

  /** A kernel taking a range {@code [from, to)}, and the arrays it accepts as null. */
  record Ranged(String name, int arrays, int nullable, RangeCall call) {}

  static final List<Sized> SIZED = List.of(
      new Sized("relu", 1, 1, 0, (k, a, o, len) -> k.relu(a[0], o[0], len)),
      new Sized("leakyRelu", 1, 1, 0, (k, a, o, len) -> k.leakyRelu(a[0], o[0], len, 0.1f)),
      new Sized("sigmoid", 1, 1, 0, (k, a, o, len) -> k.sigmoid(a[0], o[0], len)),
      new Sized("tanh", 1, 1, 0, (k, a, o, len) -> k.tanh(a[0], o[0], len)),
      new Sized("softplus", 1, 1, 0, (k, a, o, len) -> k.softplus(a[0], o[0], len)),
      new Sized("step", 1, 1, 0, (k, a, o, len) -> k.step(a[0], o[0], len)),
      new Sized("softmax", 1, 3, 0, (k, a, o, rows) -> k.softmax(a[0], o[0], rows, 3)),
      new Sized("reluBackward", 2, 1, 0,
          (k, a, o, len) -> k.reluBackward(a[0], o[0], a[1], o[1], len)),
      new Sized("leakyReluBackward", 2, 1, 0,
          (k, a, o, len) -> k.leakyReluBackward(a[0], o[0], a[1], o[1], len, 0.1f)),
      new Sized("sigmoidBackward", 2, 1, 0,
          (k, a, o, len) -> k.sigmoidBackward(a[0], o[0], a[1], o[1], len)),
      new Sized("tanhBackward", 2, 1, 0,
          (k, a, o, len) -> k.tanhBackward(a[0], o[0], a[1], o[1], len)),
      new Sized("softplusBackward", 2, 1, 0,
          (k, a, o, len) -> k.softplusBackward(a[0], o[0], a[1], o[1], len)),
      new Sized("softmaxBackward", 2, 4, 0,
          (k, a, o, rows) -> k.softmaxBackward(a[0], o[0], a[1], o[1], rows, 4)),
      new Sized("multiply", 3, 1, 0,
          (k, a, o, len) -> k.multiply(a[0], o[0], a[1], o[1], a[2], o[2], len)),
      new Sized("accumulate", 2, 1, 0,
          (k, a, o, len) -> k.accumulate(a[0], o[0], a[1], o[1], len)),
      new Sized("maxInto", 2, 1, 0, (k, a, o, len) -> k.maxInto(a[0], o[0], a[1], o[1], len)),
      new Sized("routeMax", 4, 1, 0,
          (k, a, o, len) -> k.routeMax(a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3], len)),
      new Sized("l1l2", 2, 1, 0b10,
          (k, a, o, len) -> k.l1l2(a[0], o[0], len, 0.01f, 0.02f, a[1], o[1])),
      new Sized("transpose", 2, 3, 0,
          (k, a, o, rows) -> k.transpose(a[0], o[0], rows, 3, a[1], o[1])));

  static final List<Ranged> RANGED = List.of(
      new Ranged("add", 2, 0, (k, a, from, to) -> k.add(a[0], a[1], from, to)),
      new Ranged("clip", 1, 0, (k, a, from, to) -> k.clip(a[0], from, to, 0.5f)),
      new Ranged("scale", 1, 0, (k, a, from, to) -> k.scale(a[0], from, to, 0.5f)),
      new Ranged("sumOfSquares", 1, 0, (k, a, from, to) -> k.sumOfSquares(a[0], from, to)),
      new Ranged("decay", 1, 0, (k, a, from, to) -> k.decay(a[0], from, to, 0.01f)),
      new Ranged("flushSubnormals", 1, 0,
          (k, a, from, to) -> k.flushSubnormals(a[0], from, to)),
      new Ranged("sgd", 2, 0, (k, a, from, to) -> k.sgd(a[0], a[1], from, to, 0.01f)),
      new Ranged("momentum", 3, 0,
          (k, a, from, to) -> k.momentum(a[0], a[1], a[2], from, to, 0.01f, 0.9f, true)),
      new Ranged("adagrad", 3, 0,
          (k, a, from, to) -> k.adagrad(a[0], a[1], a[2], from, to, 0.01f, 1e-7f)),
      new Ranged("rmsprop", 5, 0b11000, (k, a, from, to) -> k.rmsprop(a[0], a[1], a[2], a[3],
          a[4], from, to, 0.01f, 0.9f, 0.5f, 1e-7f)),
      new Ranged("adam", 4, 0, (k, a, from, to) -> k.adam(a[0], a[1], a[2], a[3], from, to,
          0.01f, 0.9f, 0.999f, 1e-7f)));

  /**
   * The public kernels whose refusals other tests cover: the products, pooling windows,
   * convolutions, im2col's gradient ({@code addWindows}, {@code sumRuns}) and Winograd
   * transforms (here and in {@code WinogradKernelsTest}), dropout masks ({@code
   * DropoutKernelsTest}) and
   * {@code unsignedBytes} (an {@link IndexOutOfBoundsException}).
   */
  static final Set<String> CHECKED_ELSEWHERE = Set.of("matmul", "matmulColumns", "addBias",
      "matmulRelu", "matmulGathered", "matmulTransAGathered", "convolvePlane",
      "convolvePlaneMaxPool2x2", "winogradInput", "convolvePlaneMaxPool2x2Argmax",
      "routeArgmaxPlanes2x2", "planeKernelGradient", // PlaneKernelsTest
      "winogradOutput", "matmulTransA", "matmulTransB", "columnSums", "maxWindows",
      "routeMaxWindows", "addWindows", "unsignedBytes", "dropoutMask", "matmulSkippingZeros",
      "sumRuns", "maxWindows2x2Argmax", "routeArgmax2x2", "addColumnSums", // ArgmaxKernelsTest
      "scatterArgmaxWindows", "gatherArgmaxWindows"); // ScatterKernelsTest

  /** A public kernel added without a refusal test fails here. */
  @Test
  void everyPublicKernelTakingArraysHasARefusalTest() {
    Set<String> covered = new TreeSet<>(CHECKED_ELSEWHERE);
    SIZED.forEach(s -> covered.add(s.name()));
    RANGED.forEach(r -> covered.add(r.name()));
    Set<String> missing = new TreeSet<>();
    for (Method m : Kernels.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
          && Arrays.stream(m.getParameterTypes()).anyMatch(Class::isArray)) {
        if (!covered.contains(m.getName())) {
          missing.add(m.getName());
        }
        assertTrue(Modifier.isFinal(m.getModifiers()), m + " can be overridden past its checks");
      }
    }
    assertEquals(Set.of(), missing, "public kernels without a test of their argument checks");
  }

  @Test
  void scalarKernelsRefuseWrongSizesNamingThem() {
    assertKernelsRefuseWrongSizes(SCALAR);
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorKernelsRefuseWrongSizesNamingThem() {
    assertKernelsRefuseWrongSizes(VectorSupport.vectorKernels());
  }

  /**
   * Every element-wise kernel of {@code k}, at seeded random sizes and offsets: a call that fits
   * runs, and one array too short, an offset past the end of an array or a negative one, a
   * negative length, a range that ends before it starts, a length that overflows {@code int} when
   * added to its offset, or a null array, is refused with an {@link IllegalArgumentException}
   * naming the kernel and the numbers at fault, before any array is written.
   */
  static void assertKernelsRefuseWrongSizes(Kernels k) {
    SplittableRandom rng = new SplittableRandom(20261207L);
    for (int round = 0; round < 12; round++) {
      for (Sized s : SIZED) {
        assertSizedRefusals(k, s, rng);
      }
      for (Ranged r : RANGED) {
        assertRangedRefusals(k, r, rng);
      }
    }
  }

  private static void assertSizedRefusals(Kernels k, Sized s, SplittableRandom rng) {
    int len = 1 + rng.nextInt(40);
    int values = len * s.cols();
    int[] offs = new int[s.arrays()];
    float[][] arrays = new float[s.arrays()][];
    for (int i = 0; i < arrays.length; i++) {
      offs[i] = rng.nextInt(6);
      arrays[i] = random(rng, offs[i] + values + rng.nextInt(4), -2, 2);
    }
    String context = k.description() + ", " + s.name() + " of " + len + " from "
        + Arrays.toString(offs) + " in arrays of " + lengths(arrays);
    s.call().run(k, clones(arrays), offs.clone(), len); // fits: runs
    String size = s.cols() == 1 ? Integer.toString(len) : len + "×" + s.cols();
    for (int i = 0; i < arrays.length; i++) {
      float[][] bad = clones(arrays);
      bad[i] = Arrays.copyOf(arrays[i], offs[i] + values - 1 - rng.nextInt(Math.min(values, 3)));
      assertRefusal(() -> s.call().run(k, bad, offs, len), bad, context + ", array " + i
          + " too short", s.name(), size, Integer.toString(bad[i].length));

      int[] past = offs.clone();
      past[i] = arrays[i].length + 1 + rng.nextInt(5);
      float[][] same = clones(arrays);
      assertRefusal(() -> s.call().run(k, same, past, len), same, context + ", array " + i
          + " from " + past[i], s.name(), Integer.toString(past[i]),
          Integer.toString(arrays[i].length));

      int[] negative = offs.clone();
      negative[i] = -1 - rng.nextInt(5);
      float[][] same2 = clones(arrays);
      assertRefusal(() -> s.call().run(k, same2, negative, len), same2, context + ", array " + i
          + " from " + negative[i], s.name(), Integer.toString(negative[i]));

      float[][] withNull = clones(arrays);
      withNull[i] = null;
      if ((s.nullable() & 1 << i) != 0) {
        s.call().run(k, withNull, offs.clone(), len); // no gradient wanted: runs
      } else {
        assertRefusal(() -> s.call().run(k, withNull, offs, len), withNull, context + ", array "
            + i + " null", s.name(), "null");
      }
    }
    int negativeLen = -1 - rng.nextInt(1000);
    float[][] same = clones(arrays);
    assertRefusal(() -> s.call().run(k, same, offs, negativeLen), same, context + ", length "
        + negativeLen, s.name(), Integer.toString(negativeLen));
    // off + len wraps around in int: must not read as a short or negative range.
    int[] ones = new int[arrays.length];
    Arrays.fill(ones, 1 + rng.nextInt(3));
    int huge = Integer.MAX_VALUE - rng.nextInt(2) * (Integer.MAX_VALUE / 2);
    float[][] same3 = clones(arrays);
    assertRefusal(() -> s.call().run(k, same3, ones, huge), same3, context + ", length " + huge,
        s.name(), Integer.toString(huge));
  }

  private static void assertRangedRefusals(Kernels k, Ranged r, SplittableRandom rng) {
    float[][] arrays = new float[r.arrays()][];
    int shortest = Integer.MAX_VALUE;
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = random(rng, 1 + rng.nextInt(40), -2, 2);
      shortest = Math.min(shortest, arrays[i].length);
    }
    int from = rng.nextInt(shortest);
    int to = from + 1 + rng.nextInt(shortest - from);
    String context = k.description() + ", " + r.name() + " over [" + from + ", " + to
        + ") of arrays of " + lengths(arrays);
    r.call().run(k, clones(arrays), from, to); // fits: runs
    r.call().run(k, clones(arrays), to, to); // empty: runs
    for (int i = 0; i < arrays.length; i++) {
      float[][] bad = clones(arrays);
      bad[i] = Arrays.copyOf(arrays[i], to - 1 - rng.nextInt(Math.min(to, 3)));
      assertRefusal(() -> r.call().run(k, bad, from, to), bad, context + ", array " + i
          + " too short", r.name(), Integer.toString(to), Integer.toString(bad[i].length));

      int pastFrom = arrays[i].length + 1 + rng.nextInt(5);
      int pastTo = pastFrom + rng.nextInt(5);
      float[][] same = clones(arrays);
      assertRefusal(() -> r.call().run(k, same, pastFrom, pastTo), same, context + ", from "
          + pastFrom, r.name(), Integer.toString(pastFrom), Integer.toString(pastTo));

      float[][] withNull = clones(arrays);
      withNull[i] = null;
      if ((r.nullable() & 1 << i) != 0) {
        r.call().run(k, withNull, from, to); // not centred, no momentum: runs
      } else {
        assertRefusal(() -> r.call().run(k, withNull, from, to), withNull, context + ", array "
            + i + " null", r.name(), "null");
      }
    }
    int reversed = to + 1 + rng.nextInt(5); // a negative length
    float[][] same = clones(arrays);
    assertRefusal(() -> r.call().run(k, same, reversed, to), same, context + ", from "
        + reversed, r.name(), Integer.toString(reversed), Integer.toString(to));
    int negative = -1 - rng.nextInt(5);
    float[][] same2 = clones(arrays);
    assertRefusal(() -> r.call().run(k, same2, negative, to), same2, context + ", from "
        + negative, r.name(), Integer.toString(negative));
    float[][] same3 = clones(arrays);
    assertRefusal(() -> r.call().run(k, same3, from, Integer.MAX_VALUE), same3, context
        + ", to " + Integer.MAX_VALUE, r.name(), Integer.toString(Integer.MAX_VALUE));
  }

  /**
   * {@code call} throws an {@link IllegalArgumentException} whose message mentions every one of
   * {@code parts} (numbers as whole numbers: 4 does not match 14), and leaves {@code arrays} as
   * they were.
   */
  private static void assertRefusal(Executable call, float[][] arrays, String context,
      String... parts) {
    float[][] before = clones(arrays);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, context);
    String message = e.getMessage();
    for (String part : parts) {
      Pattern whole = Pattern.compile("(?<![0-9])" + Pattern.quote(part) + "(?![0-9])");
      assertTrue(whole.matcher(message).find(),
          context + ": the message does not mention " + part + ": " + message);
    }
    for (int i = 0; i < arrays.length; i++) {
      assertArrayEquals(before[i], arrays[i], context + ": a refused call wrote array " + i);
    }
  }

  private static float[][] clones(float[][] arrays) {
    float[][] copy = new float[arrays.length][];
    for (int i = 0; i < arrays.length; i++) {
      copy[i] = arrays[i] == null ? null : arrays[i].clone();
    }
    return copy;
  }

  private static String lengths(float[][] arrays) {
    return Arrays.toString(Arrays.stream(arrays).mapToInt(a -> a.length).toArray());
  }
}
