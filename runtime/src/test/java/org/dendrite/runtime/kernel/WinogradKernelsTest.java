package org.dendrite.runtime.kernel;

import static org.dendrite.runtime.kernel.KernelsTest.SCALAR;
import static org.dendrite.runtime.kernel.KernelsTest.SENTINEL;
import static org.dendrite.runtime.kernel.KernelsTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(4×4, 3×3)'s transforms: the scalar kernels compute {@code Bᵀ d B} and {@code Aᵀ M A}
 * (checked against the matrices in double), and the vector kernels give their bits, channels past
 * the last whole vector, NaN, infinities and -0 included; neither writes outside its outputs.
 */
class WinogradKernelsTest {
  private static final double[][] BT = {
      {4, 0, -5, 0, 1, 0},
      {0, -4, -4, 1, 1, 0},
      {0, 4, -4, -1, 1, 0},
      {0, -2, -1, 2, 1, 0},
      {0, 2, -1, -2, 1, 0},
      {0, 4, 0, -5, 0, 1}};

  private static final double[][] AT = {
      {1, 1, 1, 1, 1, 0},
      {0, 1, -1, 2, -2, 0},
      {0, 1, 1, 4, 4, 0},
      {0, 1, -1, 8, -8, 1}};

  private static final int[] CHANNELS = {1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 64};

  private static final float[] SPECIAL = {
      Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};

  /** One transform's random arrays and sizes. */
  private record Case(int tilesY, int tilesX, int depth, int pitch, int plane, int inOff,
      int vOff, float[] in, boolean specials, String name) {
    int tiles() {
      return tilesY * tilesX;
    }
  }

  private static Case randomCase(SplittableRandom rng, int trial) {
    int tilesY = 1 + rng.nextInt(4);
    int tilesX = 1 + rng.nextInt(4);
    int depth = CHANNELS[rng.nextInt(CHANNELS.length)];
    int span = (4 * tilesX + 2) * depth;
    int pitch = span + (rng.nextBoolean() ? 0 : rng.nextInt(1, 9));
    int plane = tilesY * tilesX * depth + (rng.nextBoolean() ? 0 : rng.nextInt(1, 9));
    int inOff = rng.nextInt(5);
    int vOff = rng.nextInt(5);
    boolean specials = trial % 4 == 0;
    float[] in = new float[inOff + (4 * tilesY + 1) * pitch + span + rng.nextInt(3)];
    for (int i = 0; i < in.length; i++) {
      in[i] = specials && rng.nextInt(50) == 0
          ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextDouble(-1, 1);
    }
    String name = tilesY + "×" + tilesX + " tiles of " + depth + ", pitch " + pitch + ", plane "
        + plane + (specials ? ", NaN/Inf/-0" : "");
    return new Case(tilesY, tilesX, depth, pitch, plane, inOff, vOff, in, specials, name);
  }

  @Test
  void inputTransformIsBtDB() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int trial = 1; trial < 120; trial += 2) {
      Case k = randomCase(rng, trial); // odd trials: no specials
      float[] v = points(k);
      SCALAR.winogradInput(k.in, k.inOff, k.pitch, k.tilesY, k.tilesX, k.depth, v, k.vOff,
          k.plane);
      for (int ty = 0; ty < k.tilesY; ty++) {
        for (int tx = 0; tx < k.tilesX; tx++) {
          int t = ty * k.tilesX + tx;
          for (int c = 0; c < k.depth; c++) {
            double[][] d = new double[6][6];
            for (int y = 0; y < 6; y++) {
              for (int x = 0; x < 6; x++) {
                d[y][x] = k.in[k.inOff + (4 * ty + y) * k.pitch + (4 * tx + x) * k.depth + c];
              }
            }
            double[][] expected = times(times(BT, d), transpose(BT));
            for (int xi = 0; xi < 36; xi++) {
              double e = expected[xi / 6][xi % 6];
              float actual = v[k.vOff + xi * k.plane + t * k.depth + c];
              // |d| < 1 and |Bᵀ| sums to at most 10 a row: 100 values, some rounded twice.
              assertEquals(e, actual, 100 * 3 * KernelsTest.U * 10,
                  k.name + ": tile " + t + ", channel " + c + ", point " + xi);
            }
          }
        }
      }
      assertUntouched(v, k, k.depth, "scalar input, " + k.name);
    }
  }

  @Test
  void outputTransformIsAtMAPlusBiasAndActivation() {
    SplittableRandom rng = new SplittableRandom(42);
    for (int trial = 1; trial < 120; trial += 2) {
      Case k = randomCase(rng, trial);
      int oh = 4 * (k.tilesY - 1) + 1 + rng.nextInt(4);
      int ow = 4 * (k.tilesX - 1) + 1 + rng.nextInt(4);
      float[] bias = rng.nextBoolean() ? KernelsTest.random(rng, k.depth + 2, -1, 1) : null;
      boolean relu = rng.nextBoolean();
      int outOff = rng.nextInt(4);
      float[] out = new float[outOff + oh * ow * k.depth + 3];
      Arrays.fill(out, SENTINEL);
      // The case's input array serves as the products, planes k.plane apart from k.vOff.
      float[] m = Arrays.copyOf(k.in, Math.max(k.in.length, k.vOff + 35 * k.plane
          + k.tiles() * k.depth));
      SCALAR.winogradOutput(m, k.vOff, k.plane, k.tilesY, k.tilesX, k.depth, bias, 1, relu, out,
          outOff, oh, ow);
      for (int ty = 0; ty < k.tilesY; ty++) {
        for (int tx = 0; tx < k.tilesX; tx++) {
          int t = ty * k.tilesX + tx;
          for (int f = 0; f < k.depth; f++) {
            double[][] p = new double[6][6];
            for (int xi = 0; xi < 36; xi++) {
              p[xi / 6][xi % 6] = m[k.vOff + xi * k.plane + t * k.depth + f];
            }
            double[][] y = times(times(AT, p), transpose(AT));
            for (int i = 0; i < 4; i++) {
              for (int j = 0; j < 4; j++) {
                int oy = 4 * ty + i;
                int ox = 4 * tx + j;
                if (oy >= oh || ox >= ow) {
                  continue;
                }
                double e = y[i][j] + (bias == null ? 0 : bias[1 + f]);
                e = relu ? Math.max(e, 0) : e;
                assertEquals(e, out[outOff + (oy * ow + ox) * k.depth + f], 100 * 3 * 18
                    * KernelsTest.U, k.name + ": output " + oy + "," + ox + ", filter " + f);
              }
            }
          }
        }
      }
      for (int i = 0; i < out.length; i++) {
        boolean written = i >= outOff && i < outOff + oh * ow * k.depth;
        assertEquals(written, out[i] != SENTINEL, k.name + ": out[" + i + "]");
      }
    }
  }

  @Test
  @Tag(VectorSupport.TAG)
  void vectorTransformsGiveTheScalarBits() {
    Kernels vector = VectorSupport.vectorKernels();
    SplittableRandom rng = new SplittableRandom(43);
    for (int trial = 0; trial < 300; trial++) {
      Case k = randomCase(rng, trial);
      float[] expected = points(k);
      float[] actual = points(k);
      SCALAR.winogradInput(k.in, k.inOff, k.pitch, k.tilesY, k.tilesX, k.depth, expected,
          k.vOff, k.plane);
      vector.winogradInput(k.in, k.inOff, k.pitch, k.tilesY, k.tilesX, k.depth, actual, k.vOff,
          k.plane);
      assertBitsEqual(expected, actual, vector.description() + " input, " + k.name);
      assertUntouched(actual, k, k.depth, "vector input, " + k.name);

      int oh = 4 * (k.tilesY - 1) + 1 + rng.nextInt(4);
      int ow = 4 * (k.tilesX - 1) + 1 + rng.nextInt(4);
      float[] bias = KernelsTest.random(rng, k.depth + 2, -1, 1);
      if (k.specials) {
        bias[1 + rng.nextInt(k.depth)] = SPECIAL[rng.nextInt(SPECIAL.length)];
      }
      float[] bs = rng.nextBoolean() ? bias : null;
      boolean relu = rng.nextBoolean();
      int outOff = rng.nextInt(4);
      float[] outScalar = new float[outOff + oh * ow * k.depth + 3];
      Arrays.fill(outScalar, SENTINEL);
      float[] outVector = outScalar.clone();
      // The points just made, specials spread through them, serve as the products.
      SCALAR.winogradOutput(expected, k.vOff, k.plane, k.tilesY, k.tilesX, k.depth, bs, 1, relu,
          outScalar, outOff, oh, ow);
      vector.winogradOutput(expected, k.vOff, k.plane, k.tilesY, k.tilesX, k.depth, bs, 1, relu,
          outVector, outOff, oh, ow);
      String what = vector.description() + " output " + oh + "×" + ow + (relu ? ", relu" : "")
          + (bs == null ? ", no bias" : ", bias") + ", " + k.name;
      assertBitsEqual(outScalar, outVector, what);
      for (int i = 0; i < outVector.length; i++) {
        boolean written = i >= outOff && i < outOff + oh * ow * k.depth;
        assertEquals(written, outVector[i] != SENTINEL, what + ": out[" + i + "]");
      }
    }
  }

  @Test
  void transformsRefuseWhatDoesNotFit() {
    // 2×3 tiles of 4 channels: rows of (4·3 + 2)·4 = 56 values, 10 rows read → 9·56 + 56 = 560.
    float[] in = new float[560];
    float[] v = new float[36 * 24];
    float[] out = new float[7 * 10 * 4];
    for (Kernels kernels : new Kernels[] {SCALAR, Kernels.get()}) {
      kernels.winogradInput(in, 0, 56, 2, 3, 4, v, 0, 24);
      IllegalArgumentException shortIn = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradInput(new float[559], 0, 56, 2, 3, 4, v, 0, 24));
      assertTrue(shortIn.getMessage().contains("2×3 Winograd tiles of 4 channels")
          && shortIn.getMessage().contains("in 559 floats from 0 with rows 56 apart (needs 560)"),
          shortIn.getMessage());
      IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradInput(in, 0, 55, 2, 3, 4, v, 0, 24));
      assertTrue(narrow.getMessage().contains("rows 55 apart"), narrow.getMessage());
      IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradInput(in, 0, 56, 2, 3, 4, new float[36 * 24], 0, 23));
      assertTrue(overlap.getMessage().contains("planes of at least 24"), overlap.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradInput(in, 0, 56, 2, 3, 4, v, 1, 24));
      assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradInput(in, 0, 56, 0, 3, 4, v, 0, 24));

      kernels.winogradOutput(v, 0, 24, 2, 3, 4, null, 0, true, out, 0, 7, 10);
      IllegalArgumentException uncovered = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradOutput(v, 0, 24, 2, 3, 4, null, 0, true, out, 0, 9, 10));
      assertTrue(uncovered.getMessage().contains("2×3 Winograd tiles of 4 filters do not fit 9×10"
          + " outputs"), uncovered.getMessage());
      IllegalArgumentException shortOut = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradOutput(v, 0, 24, 2, 3, 4, null, 0, true, out, 1, 7, 10));
      assertTrue(shortOut.getMessage().contains("out 280 from 1 (needs 280)"),
          shortOut.getMessage());
      IllegalArgumentException shortBias = assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradOutput(v, 0, 24, 2, 3, 4, new float[4], 1, true, out, 0, 7, 10));
      assertTrue(shortBias.getMessage().contains("bias 4 from 1"), shortBias.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> kernels.winogradOutput(v, 1, 24, 2, 3, 4, null, 0, true, out, 0, 7, 10));
    }
  }

  /** A points array for the case, SENTINEL everywhere, with room after the last plane. */
  private static float[] points(Case k) {
    float[] v = new float[k.vOff + 35 * k.plane + k.tiles() * k.depth + 3];
    Arrays.fill(v, SENTINEL);
    return v;
  }

  /** Only the 36 planes' first {@code tiles · depth} values were written. */
  private static void assertUntouched(float[] v, Case k, int depth, String what) {
    for (int i = 0; i < v.length; i++) {
      int r = i - k.vOff;
      boolean written = r >= 0 && r / k.plane < 36 && r % k.plane < k.tiles() * depth;
      if (!written) {
        assertEquals(SENTINEL, v[i], what + ": v[" + i + "] was written");
      }
    }
  }

  private static double[][] times(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int p = 0; p < b.length; p++) {
          c[i][j] += a[i][p] * b[p][j];
        }
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }
}
