package org.dendrite.runtime.kernel;

import java.util.SplittableRandom;

/**
 * A main class for child JVMs: prints the kernels {@link Kernels#get()} chose (first line) and a
 * checksum of a matrix product with bias computed with them (second line).
 */
public final class KernelProbe {
  private KernelProbe() {}

  /** Prints the description and the checksum. */
  public static void main(String[] args) {
    Kernels kernels = Kernels.get();
    System.out.println(kernels.description());
    System.out.println(checksum(kernels));
  }

  /**
   * A hash of the bits of {@code c[37][49] = a[37][53] · b[53][49] + bias} from seeded data:
   * sizes that leave tails after 4-row tiles and after vectors of 4, 8 and 16 floats.
   */
  public static String checksum(Kernels kernels) {
    int m = 37;
    int k = 53;
    int n = 49;
    SplittableRandom rng = new SplittableRandom(20240601L);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] bias = new float[n];
    for (float[] x : new float[][] {a, b, bias}) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextDouble(-1, 1);
      }
    }
    float[] c = new float[m * n];
    kernels.matmul(a, 0, b, 0, bias, 0, c, 0, m, k, n);
    long h = 1125899906842597L;
    for (float v : c) {
      h = 31 * h + Float.floatToIntBits(v);
    }
    return String.format("checksum %016x", h);
  }
}
