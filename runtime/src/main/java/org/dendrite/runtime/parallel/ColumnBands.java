package org.dendrite.runtime.parallel;

import org.dendrite.runtime.kernel.Kernels;

/**
 * A small prediction's first layer split between threads by bands of its kernel's columns: each
 * thread computes its band of the products ({@link Kernels#matmulColumns}, bit-identical to the
 * whole product), reading only its band of the kernel, which can stay in its core's cache
 * between calls. Band edges fall on multiples of {@value #BAND_COLUMNS} columns, one 64-byte
 * cache line of floats.
 */
public final class ColumnBands {
  static final int BAND_COLUMNS = 16;

  private static final Kernels K = Kernels.get();

  private final int offset;
  private final int rows;
  private final int columns;
  private final int[] edges;
  private final float[] products;

  /**
   * Bands of a {@code rows × columns} kernel at {@code offset} for {@code threads} threads and
   * calls of up to {@code samples} samples.
   */
  public ColumnBands(int offset, int rows, int columns, int threads, int samples) {
    this.offset = offset;
    this.rows = rows;
    this.columns = columns;
    this.edges = edges(columns, threads);
    this.products = new float[samples * columns];
  }

  /**
   * Splits {@code columns} into {@code threads} bands as even as whole blocks of
   * {@value #BAND_COLUMNS} allow; the last band takes the partial block.
   */
  static int[] edges(int columns, int threads) {
    int blocks = (columns + BAND_COLUMNS - 1) / BAND_COLUMNS;
    int[] edges = new int[threads + 1];
    for (int t = 0; t <= threads; t++) {
      edges[t] = Math.min(columns, (int) ((long) blocks * t / threads) * BAND_COLUMNS);
    }
    return edges;
  }

  /** The products of the last call, [samples][columns]. */
  public float[] products() {
    return products;
  }

  /** Thread {@code t}'s band of the products of {@code count} samples of {@code inputs}. */
  public void forward(int t, float[] inputs, int count, float[] parameters) {
    K.matmulColumns(inputs, 0, parameters, offset, products, 0, count, rows, columns, edges[t],
        edges[t + 1]);
  }
}
