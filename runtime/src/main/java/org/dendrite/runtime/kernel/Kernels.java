package org.dendrite.runtime.kernel;

import java.util.Objects;

/**
 * The numerical kernels generated models call: matrix products, activations and their gradients,
 * reductions and optimizer steps over flat row-major {@code float} arrays. Two implementations
 * exist: {@link ScalarKernels} and a Vector API one; {@link #get()} picks one at start-up.
 *
 * <p>Both implementations compute every output of a matrix product as one fused multiply-add
 * chain over the reduction index in ascending order, starting from zero, and then add the bias
 * (if any); element-wise kernels apply the same operations in the same order; and the
 * transcendental activations (sigmoid, tanh, softplus) are {@link FloatMath}'s polynomials on both
 * paths. Every kernel therefore gives bit-identical results on both paths, on every JDK, before
 * and after JIT compilation (except the reported value of {@link #l1l2}).
 *
 * <p>Matrices are row-major: {@code [rows][cols]} at {@code off} means element {@code (r, c)} is
 * at {@code off + r * cols + c}.
 *
 * <p>Every public kernel checks its sizes, offsets and ranges against its arrays before it reads
 * or writes anything, in a few compares, and refuses what does not fit (a negative size, a range
 * that ends before it starts or past its array) with an {@link IllegalArgumentException} whose
 * message names the kernel, the sizes and the array's length; the element-wise kernels refuse a
 * null array the same way. Only {@link #unsignedBytes} throws {@link IndexOutOfBoundsException},
 * as documented there. Implementations provide the protected methods, which are called with
 * checked sizes only.
 */
public abstract class Kernels {
  /** For subclasses. */
  protected Kernels() {}

  /** The implementation chosen for this JVM: see {@link KernelProvider}. */
  public static Kernels get() {
    return KernelProvider.INSTANCE;
  }

  /** A short description, e.g. {@code vector (FloatVector, 512 bits)} or {@code scalar}. */
  public abstract String description();

  // ---- matrix products --------------------------------------------------------------------

  /**
   * {@code c[m][n] = a[m][k] · b[k][n] + bias[n]}; {@code bias} may be {@code null} (no bias).
   * {@code c} must not overlap {@code a} or {@code b}.
   */
  public final void matmul(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
      int m, int k, int n) {
    matmul(a, aOff, k, b, bOff, bias, biasOff, c, cOff, m, k, n);
  }

  /**
   * {@code c[m][n] = A · b[k][n] + bias[n]} for {@code A(i, p) = a[aOff + i·lda + p]}: with
   * {@code lda > k}, {@code A} is {@code k} adjacent columns of a wider matrix, and {@code c} its
   * product with the matching band of rows of a taller {@code b} (a partial product).
   */
  public final void matmul(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int m, int k, int n) {
    matmul(a, aOff, lda, b, bOff, bias, biasOff, c, cOff, n, m, k, n);
  }

  /**
   * {@code C = A · b[k][n] + bias[n]} for {@code A(i, p) = a[aOff + i·lda + p]} and
   * {@code C(i, j) = c[cOff + i·ldc + j]}: with {@code ldc > n}, {@code C} is {@code n} adjacent
   * columns of a wider matrix (a layer writing its outputs straight into its part of a
   * concatenation). Writes only those columns; each value is the chain {@link #matmul} computes.
   *
   * @throws IllegalArgumentException if a size is negative or an operand does not hold its
   *     matrix (the message names the product's sizes and the operand's)
   */
  public final void matmul(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    checkProduct("matmul", a, aOff, lda, m, k, b, bOff, n, k, n, c, cOff, ldc, m, n);
    checkBias(bias, biasOff, n);
    product(a, aOff, lda, b, bOff, bias, biasOff, c, cOff, ldc, m, k, n);
  }

  /**
   * {@link #matmul(float[], int, int, float[], int, float[], int, float[], int, int, int, int,
   * int)} for checked sizes.
   */
  protected abstract void product(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n);

  /**
   * Checks that the operands of a product hold their matrices: {@code A} {@code ar × ac} with
   * rows {@code lda} apart, {@code B} {@code br × bc} with rows {@code ldb} apart, {@code C}
   * {@code cr × cc} with rows {@code ldc} apart, each from its offset. Kernels past these checks
   * index freely, so a wrong size fails here with the sizes named rather than deep in a tile.
   */
  private static void checkProduct(String op, float[] a, int aOff, int lda, int ar, int ac,
      float[] b, int bOff, int ldb, int br, int bc, float[] c, int cOff, int ldc, int cr,
      int cc) {
    String why = matrixProblem(a, aOff, lda, ar, ac);
    String which = "a";
    if (why == null) {
      why = matrixProblem(b, bOff, ldb, br, bc);
      which = "b";
    }
    if (why == null) {
      why = matrixProblem(c, cOff, ldc, cr, cc);
      which = "c";
    }
    if (why != null) {
      throw new IllegalArgumentException(String.format("%s of %d×%d by %d×%d into %d×%d: %s %s",
          op, ar, ac, br, bc, cr, cc, which, why));
    }
  }

  /**
   * Why {@code x} does not hold {@code rows × cols} values, rows {@code ld} apart from {@code off};
   * null if it does.
   */
  private static String matrixProblem(float[] x, int off, int ld, int rows, int cols) {
    if (x == null) {
      return "is null";
    }
    if (rows < 0 || cols < 0) {
      return "has a negative size";
    }
    if (off < 0) {
      return "starts at a negative offset, " + off;
    }
    if (rows > 1 && ld < cols) {
      return String.format("has rows %d apart, fewer than its %d columns", ld, cols);
    }
    long end = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
    if (end > x.length) {
      return String.format("needs values [%d, %d) (rows %d apart) but has %d", off, end, ld,
          x.length);
    }
    return null;
  }

  /** Checks a bias of {@code n} values at {@code off}, when there is one. */
  private static void checkBias(float[] bias, int off, int n) {
    if (bias != null && (off < 0 || (long) off + n > bias.length)) {
      throw new IllegalArgumentException(String.format(
          "a bias of %d values from %d does not fit its %d", n, off, bias.length));
    }
  }

  /**
   * Columns {@code [from, to)} of {@code c[m][n] = a[m][k] · b[k][n]} (no bias): each value is
   * the same chain as in the whole product, so a product computed in column bands, on one thread
   * or several, equals {@link #matmul}'s bit for bit. Writes only those columns of {@code c}.
   *
   * @throws IllegalArgumentException if {@code [from, to)} is not a range of {@code [0, n]}
   */
  public final void matmulColumns(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      int from, int to) {
    if (from < 0 || to < from || to > n) {
      throw new IllegalArgumentException(
          "columns [" + from + ", " + to + ") are not a range of the product's " + n);
    }
    checkProduct("matmulColumns", a, aOff, k, m, k, b, bOff, n, k, n, c, cOff, n, m, n);
    if (from < to) {
      matmulBand(a, aOff, b, bOff, c, cOff, m, k, n, from, to);
    }
  }

  /** {@link #matmulColumns} for a valid, non-empty range. */
  protected abstract void matmulBand(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      int from, int to);

  /**
   * {@code c[r][j] += bias[j]} over {@code rows} rows of {@code cols} values: the bias step of
   * {@link #matmul}, bit for bit, for a product computed elsewhere.
   */
  public final void addBias(float[] c, int cOff, int rows, int cols, float[] bias, int biasOff) {
    String why = matrixProblem(c, cOff, cols, rows, cols);
    if (why != null) {
      throw new IllegalArgumentException("addBias over " + rows + "×" + cols + ": c " + why);
    }
    checkBias(Objects.requireNonNull(bias, "bias"), biasOff, cols);
    biasRows(c, cOff, rows, cols, bias, biasOff);
  }

  /** {@link #addBias} for checked sizes. */
  protected abstract void biasRows(
      float[] c, int cOff, int rows, int cols, float[] bias, int biasOff);

  /**
   * {@code c[m][n] = relu(a[m][k] · b[k][n] + bias[n])}: {@link #matmul} then {@link #relu} over
   * {@code c}, bit for bit, with the bias and the activation applied in one pass over {@code c}
   * where the kernel can (this implementation makes the two calls).
   */
  public final void matmulRelu(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
      int m, int k, int n) {
    matmulRelu(a, aOff, k, b, bOff, bias, biasOff, c, cOff, n, m, k, n);
  }

  /**
   * {@link #matmulRelu(float[], int, float[], int, float[], int, float[], int, int, int, int)}
   * with {@code A}'s rows {@code lda} apart and {@code C}'s {@code ldc} apart, as in {@link
   * #matmul(float[], int, int, float[], int, float[], int, float[], int, int, int, int, int)}.
   */
  public final void matmulRelu(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    checkProduct("matmulRelu", a, aOff, lda, m, k, b, bOff, n, k, n, c, cOff, ldc, m, n);
    checkBias(bias, biasOff, n);
    productRelu(a, aOff, lda, b, bOff, bias, biasOff, c, cOff, ldc, m, k, n);
  }

  /**
   * {@link #matmulRelu(float[], int, int, float[], int, float[], int, float[], int, int, int,
   * int, int)} for checked sizes: this implementation makes the two calls.
   */
  protected void productRelu(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    product(a, aOff, lda, b, bOff, bias, biasOff, c, cOff, ldc, m, k, n);
    if (ldc == n) {
      reluRange(c, cOff, m * n); // contiguous rows: one call, as before the stride existed
      return;
    }
    for (int i = 0; i < m; i++) {
      reluRange(c, cOff + i * ldc, n);
    }
  }

  /**
   * {@link #matmul(float[], int, float[], int, float[], int, float[], int, int, int, int)}, then
   * {@code max(·, 0)} if {@code relu}, for a {@code b} whose values the caller knows to be finite
   * (a frozen class's weights, checked when it was generated and again when they are loaded). A
   * kernel may then skip the terms of {@code a}'s zeros: each chain starts at {@code +0}, so it is
   * never {@code -0}, and a finite value times zero adds {@code ±0}, which changes no bit of it. The
   * result equals {@code matmul}'s (and {@code matmulRelu}'s) bit for bit; with a non-finite value
   * in {@code b} it may not ({@code 0 · ∞} is NaN). Batch-1 prediction reads each weight once and
   * is bound by the reading, and a Fashion-MNIST image is about half zeros, as a ReLU layer's
   * outputs often are. The scalar kernels skip them in every row; the vector kernels in one-row
   * products wide enough for their one-pass tiles (more than four 512-bit vectors of columns)
   * whose zeros are enough to repay the skipping, and run other products as {@code matmul}.
   *
   * @throws IllegalArgumentException if a size is negative or an operand does not hold its
   *     matrix (the message names the product's sizes and the operand's)
   */
  public final void matmulSkippingZeros(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, boolean relu,
      float[] c, int cOff, int m, int k, int n) {
    checkProduct(relu ? "matmulRelu" : "matmul", a, aOff, k, m, k, b, bOff, n, k, n, c, cOff, n,
        m, n);
    checkBias(bias, biasOff, n);
    productSkippingZeros(a, aOff, b, bOff, bias, biasOff, relu, c, cOff, m, k, n);
  }

  /**
   * {@link #matmulSkippingZeros} for checked sizes: this implementation skips nothing and
   * computes {@code matmul} or {@code matmulRelu}.
   */
  protected void productSkippingZeros(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, boolean relu,
      float[] c, int cOff, int m, int k, int n) {
    if (relu) {
      productRelu(a, aOff, k, b, bOff, bias, biasOff, c, cOff, n, m, k, n);
    } else {
      product(a, aOff, k, b, bOff, bias, biasOff, c, cOff, n, m, k, n);
    }
  }

  /**
   * {@code c[m][n] = A · b[k][n] + bias[n]}, then {@code max(·, 0)} if {@code relu}, for
   * {@code A(r, q) = a[aOff + rows[r] + depths[q]]}: a product whose left operand is gathered from
   * {@code a} as it is read, such as a convolution's windows read in place rather than copied out
   * by an im2col. Each value is the chain {@link #matmul} computes (then the bias, then the ReLU),
   * so the result equals copying {@code A} out and calling {@link #matmul} and {@link #relu}, bit
   * for bit. {@code c} must not overlap {@code a} or {@code b}.
   *
   * @throws IllegalArgumentException if a size is negative, a table or an array is too short for
   *     the sizes, or a gathered index lies outside {@code a}
   */
  public final void matmulGathered(
      float[] a, int aOff, int[] rows, int[] depths, float[] b, int bOff, float[] bias,
      int biasOff, boolean relu, float[] c, int cOff, int m, int k, int n) {
    if (m < 0 || k < 0 || n < 0 || rows.length < m || depths.length < k
        || bOff < 0 || (long) bOff + (long) k * n > b.length
        || cOff < 0 || (long) cOff + (long) m * n > c.length
        || (bias != null && (biasOff < 0 || (long) biasOff + n > bias.length))) {
      throw new IllegalArgumentException(String.format("a gathered product of %d rows, depth %d"
          + " and %d columns does not fit its arrays: %d row offsets, %d depth offsets, b %d"
          + " floats from %d, c %d floats from %d, bias %s", m, k, n, rows.length, depths.length,
          b.length, bOff, c.length, cOff, bias == null ? "none" : bias.length + " from " + biasOff));
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k > 0) {
      checkGathered(a, aOff, rows, depths, m, k);
    }
    gatheredProduct(a, aOff, rows, depths, b, bOff, bias, biasOff, relu, c, cOff, m, k, n);
  }

  /**
   * {@code c[k][n] += Aᵀ · g[m][n]} for {@code A(r, q) = a[aOff + rows[r] + depths[q]]}: the
   * weight gradient of a convolution whose windows are read in place ({@link #matmulGathered}'s
   * left operand) rather than copied out. Each value of {@code c} continues its chain of fused
   * multiply-adds over {@code r} ascending from the value stored there, so calling this image by
   * image on a zeroed {@code c} gives {@link #matmulTransA}'s result on the copied windows, bit for
   * bit. {@code c} must not overlap {@code a} or {@code g}.
   *
   * @throws IllegalArgumentException if a size is negative, a table or an array is too short for
   *     the sizes, or a gathered index lies outside {@code a}
   */
  public final void matmulTransAGathered(
      float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff, float[] c, int cOff,
      int m, int k, int n) {
    if (m < 0 || k < 0 || n < 0 || rows.length < m || depths.length < k
        || gOff < 0 || (long) gOff + (long) m * n > g.length
        || cOff < 0 || (long) cOff + (long) k * n > c.length) {
      throw new IllegalArgumentException(String.format("a gathered weight gradient of %d rows,"
          + " depth %d and %d columns does not fit its arrays: %d row offsets, %d depth offsets,"
          + " g %d floats from %d, c %d floats from %d", m, k, n, rows.length, depths.length,
          g.length, gOff, c.length, cOff));
    }
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    checkGathered(a, aOff, rows, depths, m, k);
    gatheredTransA(a, aOff, rows, depths, g, gOff, c, cOff, m, k, n);
  }

  /** {@link #matmulTransAGathered} for checked sizes and indices, none of them zero. */
  protected abstract void gatheredTransA(
      float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff, float[] c, int cOff,
      int m, int k, int n);

  /** Throws unless every {@code aOff + rows[r] + depths[q]} ({@code r < m}, {@code q < k}) is in {@code a}. */
  private static void checkGathered(float[] a, int aOff, int[] rows, int[] depths, int m, int k) {
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (int r = 0; r < m; r++) {
      low = Math.min(low, rows[r]);
      high = Math.max(high, rows[r]);
    }
    long lowDepth = Long.MAX_VALUE;
    long highDepth = Long.MIN_VALUE;
    for (int q = 0; q < k; q++) {
      lowDepth = Math.min(lowDepth, depths[q]);
      highDepth = Math.max(highDepth, depths[q]);
    }
    if (aOff + low + lowDepth < 0 || aOff + high + highDepth >= a.length) {
      throw new IllegalArgumentException(String.format("a gathered product reads a[%d .. %d]"
          + " of %d floats", aOff + low + lowDepth, aOff + high + highDepth, a.length));
    }
  }

  /** {@link #matmulGathered} for checked sizes and indices, at least one row and one column. */
  protected abstract void gatheredProduct(
      float[] a, int aOff, int[] rows, int[] depths, float[] b, int bOff, float[] bias,
      int biasOff, boolean relu, float[] c, int cOff, int m, int k, int n);

  /**
   * A one-channel convolution with strides 1: {@code out[(y·outWidth + x)·filters + f] =
   * act(Σ in[inOff + (y + ky)·pitch + x + kx] · kernel[kernelOff + (ky·windowWidth + kx)·filters
   * + f] + bias[biasOff + f])} over the window's taps, {@code act} the ReLU if {@code relu} and the
   * identity otherwise, {@code bias} {@code null} for none. The input is a plane of rows {@code
   * pitch} values apart (an image already bordered with its padding's zeros); the output is
   * channels-last. Each value is {@link #matmulGathered}'s chain, bit for bit: the taps in
   * ascending order {@code ky·windowWidth + kx} from zero, then the bias, then the ReLU. The vector
   * implementation puts adjacent output pixels along the lanes rather than the filters, which a
   * first layer's few filters would leave mostly empty. {@code out} must not overlap {@code in} or
   * {@code kernel}.
   *
   * @throws IllegalArgumentException if a size is not positive, {@code pitch} is shorter than a
   *     window's row of outputs ({@code outWidth + windowWidth - 1}), or an array is too short for
   *     the sizes
   */
  public final void convolvePlane(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters) {
    checkPlane(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, out, outOff, filters);
    planeConvolution(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, relu, out, outOff, filters);
  }

  /** {@link #convolvePlane}'s checks of its sizes and arrays. */
  private static void checkPlane(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, float[] out,
      int outOff, int filters) {
    long span = (long) outWidth + windowWidth - 1; // input values a row of outputs reads
    long rowsRead = (long) outHeight + windowHeight - 1;
    long taps = (long) windowHeight * windowWidth;
    if (outHeight < 1 || outWidth < 1 || windowHeight < 1 || windowWidth < 1 || filters < 1
        || pitch < span
        || inOff < 0 || inOff + (rowsRead - 1) * pitch + span > in.length
        || kernelOff < 0 || kernelOff + taps * filters > kernel.length
        || outOff < 0 || outOff + (long) outHeight * outWidth * filters > out.length
        || (bias != null && (biasOff < 0 || (long) biasOff + filters > bias.length))) {
      throw new IllegalArgumentException(String.format("a %d×%d window over a one-channel plane"
          + " with rows %d apart, %d×%d outputs of %d filters, does not fit its arrays: in %d"
          + " floats from %d (needs %d), kernel %d from %d (needs %d), out %d from %d (needs %d),"
          + " bias %s", windowHeight, windowWidth, pitch, outHeight, outWidth, filters,
          in.length, inOff, (rowsRead - 1) * pitch + span, kernel.length, kernelOff,
          taps * filters, out.length, outOff, (long) outHeight * outWidth * filters,
          bias == null ? "none" : bias.length + " from " + biasOff));
    }
  }

  /**
   * Whether {@link #convolvePlane} is the faster of the two ways to compute a one-channel,
   * stride-1 convolution of {@code outWidth} outputs a row and {@code filters} filters, the other
   * being {@link #matmulGathered} over its windows (they give the same bits). This
   * implementation says yes: the scalar plane loops were 2.2 to 2.7 times as fast as the gathered
   * ones at 6, 16 and 32 filters, and 7 % slower at one (28×28 images, 5×5 and 3×3 windows).
   */
  public boolean prefersPlane(int outWidth, int filters) {
    return true;
  }

  /**
   * {@link #convolvePlane} followed by a 2×2 max pooling with strides 2 over its outputs, no
   * padding: {@code pooled[(py·(outWidth/2) + px)·filters + f]} is the largest of the
   * convolution's outputs {@code (2py, 2px)}, {@code (2py, 2px + 1)}, {@code (2py + 1, 2px)} and
   * {@code (2py + 1, 2px + 1)} of filter {@code f}, a later one replacing the kept one only if it
   * is greater: bit for bit {@link #maxWindows} over {@link #convolvePlane}'s outputs (an odd last
   * row or column is not pooled). {@code conv} is scratch for the convolution's {@code
   * outHeight·outWidth·filters} outputs, which an implementation may write (this one does) or
   * pool as it computes them without storing them there: a first layer's outputs then go to the
   * pooling in the order the pixels-along-lanes tiles make them, filter by filter, rather than
   * transposed to channels-last first.
   *
   * @throws IllegalArgumentException as {@link #convolvePlane} for {@code conv}, or if the outputs
   *     are fewer than 2×2 or {@code pooled} is too short
   */
  public final void convolvePlaneMaxPool2x2(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] conv, int convOff, float[] pooled, int pooledOff, int filters) {
    convolvePlaneMaxPool2x2(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth,
        kernel, kernelOff, bias, biasOff, relu, conv, convOff, pooled, pooledOff, filters, false);
  }

  /**
   * {@link #convolvePlaneMaxPool2x2}, its pooled values stored channels-last ({@code planes}
   * false) or filter by filter ({@code planes} true: {@code pooled[f·P + py·(outWidth/2) + px]}
   * for the {@code P = (outHeight/2)·(outWidth/2)} pooled pixels), as a convolution that reads
   * planes takes them.
   *
   * @throws IllegalArgumentException as {@link #convolvePlaneMaxPool2x2}
   */
  public final void convolvePlaneMaxPool2x2(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] conv, int convOff, float[] pooled, int pooledOff, int filters, boolean planes) {
    long size = (long) (outHeight / 2) * (outWidth / 2) * filters;
    if (outHeight < 2 || outWidth < 2 || filters < 1 || pooledOff < 0
        || pooledOff + size > pooled.length) {
      throw new IllegalArgumentException(String.format("%d×%d outputs of %d filters pooled 2×2"
          + " into pooled from %d: needs %d floats, has %d", outHeight, outWidth, filters,
          pooledOff, size, pooled.length));
    }
    checkPlane(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, conv, convOff, filters);
    planeConvolutionMaxPool2x2(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth,
        kernel, kernelOff, bias, biasOff, relu, conv, convOff, pooled, pooledOff, filters, planes);
  }

  /**
   * {@link #convolvePlaneMaxPool2x2} for checked sizes: this implementation convolves into
   * {@code conv} and pools that.
   */
  protected void planeConvolutionMaxPool2x2(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] conv, int convOff, float[] pooled, int pooledOff, int filters, boolean planes) {
    planeConvolution(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, relu, conv, convOff, filters);
    int pw = outWidth / 2;
    if (planes) { // maxWindows' compares, in its order, each window's values f apart
      int plane = (outHeight / 2) * pw;
      int row = outWidth * filters;
      for (int py = 0; py < outHeight / 2; py++) {
        for (int px = 0; px < pw; px++) {
          for (int f = 0; f < filters; f++) {
            int at = convOff + 2 * py * row + 2 * px * filters + f;
            float m = conv[at];
            float v = conv[at + filters];
            m = v > m ? v : m;
            v = conv[at + row];
            m = v > m ? v : m;
            v = conv[at + row + filters];
            m = v > m ? v : m;
            pooled[pooledOff + f * plane + py * pw + px] = m;
          }
        }
      }
      return;
    }
    for (int py = 0; py < outHeight / 2; py++) {
      maxWindows(conv, convOff + 2 * py * outWidth * filters, outWidth * filters, 2 * filters, 2,
          2, filters, pooled, pooledOff + py * pw * filters, pw);
    }
  }

  /**
   * {@link #convolvePlaneMaxPool2x2} with the pooled values channels-last, recording for a
   * backward pass where each window's max came from: the pixel, 0 to 3 in the order (0, 0), (0,
   * 1), (1, 0), (1, 1), that the pooling kept (a later value replaces the kept one only if
   * greater, so it is the first that equals the max), or −1 where no gradient goes back (a NaN
   * max, which only the first pixel gives; with {@code relu}, a max not above zero: the ReLU's
   * derivative before the pooling, which the max carries). Window {@code (py, px)} of filter
   * {@code f} records it at {@code argmax[argmaxOff + (f·(outHeight/2) + py)·S + 2px]} and at the
   * next index, once for each of its columns ({@code S = 2·(outWidth/2)}), as {@link
   * #routeArgmaxPlanes2x2} reads it. Training's first layer, whose pooling's gradient and weight
   * gradient then run on planes ({@link #routeArgmaxPlanes2x2}, {@link #planeKernelGradient}), the
   * pixels along the lanes, where channels-last they filled a first layer's few filters; no output
   * of the convolution is kept. {@code scratch} holds {@code outHeight·outWidth·filters} values,
   * which an implementation may use (this one convolves into it channels-last) or leave alone (the
   * vector kernels pool their tiles' planes as they lie).
   *
   * @throws IllegalArgumentException as {@link #convolvePlaneMaxPool2x2} for {@code scratch}, or if
   *     {@code argmax} is too short
   */
  public final void convolvePlaneMaxPool2x2Argmax(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      int[] argmax, int argmaxOff, float[] pooled, int pooledOff, int filters, float[] scratch) {
    long size = (long) (outHeight / 2) * (outWidth / 2) * filters;
    long values = (long) outHeight * outWidth * filters;
    if (outHeight < 2 || outWidth < 2 || filters < 1 || pooledOff < 0
        || pooledOff + size > pooled.length || argmaxOff < 0
        || argmaxOff + 2 * size > argmax.length || scratch == null || values > scratch.length) {
      throw new IllegalArgumentException(String.format("%d×%d outputs of %d filters pooled 2×2"
          + " into pooled from %d: needs %d floats, has %d; argmax from %d: needs %d ints, has"
          + " %d; and %d of scratch, has %s", outHeight, outWidth, filters, pooledOff, size,
          pooled.length, argmaxOff, 2 * size, argmax.length, values,
          scratch == null ? "none" : scratch.length));
    }
    checkPlane(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, scratch, 0, filters);
    planeConvolutionMaxPool2x2Argmax(in, inOff, pitch, outHeight, outWidth, windowHeight,
        windowWidth, kernel, kernelOff, bias, biasOff, relu, argmax, argmaxOff, pooled, pooledOff,
        filters, scratch);
  }

  /**
   * {@link #convolvePlaneMaxPool2x2Argmax} for checked sizes: this implementation convolves into
   * {@code scratch} channels-last and pools that, window by window.
   */
  protected void planeConvolutionMaxPool2x2Argmax(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      int[] argmax, int argmaxOff, float[] pooled, int pooledOff, int filters, float[] scratch) {
    planeConvolution(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, relu, scratch, 0, filters);
    int ph = outHeight / 2;
    int pw = outWidth / 2;
    int row = outWidth * filters;
    for (int py = 0; py < ph; py++) {
      for (int px = 0; px < pw; px++) {
        for (int f = 0; f < filters; f++) {
          int at = 2 * py * row + 2 * px * filters + f;
          float v0 = scratch[at];
          float v1 = scratch[at + filters];
          float v2 = scratch[at + row];
          float v3 = scratch[at + row + filters];
          float m = v0; // the pooling's steps: a later value replaces the max only if greater
          int pixel = 0;
          if (v1 > m) {
            m = v1;
            pixel = 1;
          }
          if (v2 > m) {
            m = v2;
            pixel = 2;
          }
          if (v3 > m) {
            m = v3;
            pixel = 3;
          }
          pooled[pooledOff + (py * pw + px) * filters + f] = m;
          int a = argmaxOff + (f * ph + py) * 2 * pw + 2 * px;
          argmax[a] = m != m || (relu && !(m > 0f)) ? -1 : pixel;
          argmax[a + 1] = argmax[a];
        }
      }
    }
  }

  /**
   * The gradient of a 2×2 max pooling with strides 2 over planes, by the record {@link
   * #convolvePlaneMaxPool2x2Argmax} made: {@code planes} planes of {@code height × width} pixels,
   * and for each window {@code (py, px)} of plane {@code f} its pixel and its gradient given twice,
   * at {@code argmax[argmaxOff + i]} and {@code g[gOff + i]} for {@code i = (f·(height/2) + py)·S
   * + 2px + dx}, {@code dx} its column ({@code S = 2·(width/2)}; a caller stores each gradient
   * twice, and the vector kernels read a pair of columns in one load). The pixel it names receives
   * {@code +0 + gradient}, the window's others {@code +0} (all of them for −1, or any value other
   * than 0 to 3). Pixel {@code (y, x)} of plane {@code f} is written at {@code dst[dstOff +
   * f·height·pitch + y·pitch + x]}; an odd last row or column, and the columns from {@code width}
   * to {@code pitch}, are left as they are. The same bits as {@link #routeMaxWindows} over the
   * pooled values after {@link #reluBackward} (with the ReLU), channel by channel.
   *
   * @throws IllegalArgumentException if a size is not positive, {@code pitch < width}, the
   *     outputs are fewer than 2×2, or an array is too short
   */
  public final void routeArgmaxPlanes2x2(int[] argmax, int argmaxOff, int height, int width,
      float[] g, int gOff, float[] dst, int dstOff, int pitch, int planes) {
    long windows = (long) (height / 2) * (width / 2) * 2 * planes;
    if (height < 2 || width < 2 || planes < 1 || pitch < width || argmaxOff < 0 || gOff < 0
        || dstOff < 0 || argmaxOff + windows > argmax.length || gOff + windows > g.length
        || dstOff + (long) height * pitch * planes > dst.length) {
      throw new IllegalArgumentException(String.format("%d planes of %d×%d values pooled 2×2,"
          + " rows of the gradient %d apart: argmax needs %d ints from %d, has %d; g %d floats"
          + " from %d, has %d; dst %d from %d, has %d", planes, height, width, pitch, windows,
          argmaxOff, argmax.length, windows, gOff, g.length, (long) height * pitch * planes,
          dstOff, dst.length));
    }
    routeArgmaxPlanes(argmax, argmaxOff, height, width, g, gOff, dst, dstOff, pitch, planes);
  }

  /** {@link #routeArgmaxPlanes2x2} for checked sizes: value by value. */
  protected void routeArgmaxPlanes(int[] argmax, int argmaxOff, int height, int width,
      float[] g, int gOff, float[] dst, int dstOff, int pitch, int planes) {
    int span = 2 * (width / 2);
    for (int f = 0; f < planes; f++) {
      for (int py = 0; py < height / 2; py++) {
        ScalarKernels.routeArgmaxPlaneRow(argmax, argmaxOff + (f * (height / 2) + py) * span, g,
            gOff + (f * (height / 2) + py) * span, dst,
            dstOff + f * height * pitch + 2 * py * pitch, pitch, 0, span);
      }
    }
  }

  /** Partial sums {@link #planeKernelGradient} keeps per weight: one per column modulo 16. */
  public static final int PLANE_PARTIALS = 16;

  /**
   * A one-channel convolution's weight and bias gradients from planes, as partial sums: for each
   * of {@code planes} gradient planes ({@code height} rows of {@code pitch} values, plane {@code
   * f} at {@code g[gOff + f·height·pitch]}; {@code pitch} a multiple of {@link #PLANE_PARTIALS},
   * its columns past the outputs' width zeros) and each tap {@code t = ky·windowWidth + kx} of the
   * window, {@code g[f][y][x] · in[inOff + (y + ky)·pitch + x + kx]} is added by a fused
   * multiply-add to {@code partials[(t·planes + f)·16 + x mod 16]}, and {@code g[f][y][x]} to the
   * bias's {@code partials[(T·planes + f)·16 + x mod 16]} ({@code T} taps), over the rows in
   * order and each row's columns in order. An image at a time, then one sum of the 16 partials:
   * the vector kernels put the columns along the lanes, 16 at a time (two vectors of 8, or four of
   * 4, each keeping its own lanes' sums), where channels-last the first layer's few filters left
   * most lanes empty. {@code in} is the padded image with rows as far apart as the gradient's (so
   * that one index walks both), at least {@code outWidth + windowWidth - 1}: a zero column of
   * {@code g} meets what lies right of the image (padding, or the next row's first values: a
   * non-finite one makes NaN there, on every kernel alike).
   *
   * @throws IllegalArgumentException if a size is not positive, {@code pitch} is not a multiple of
   *     16, or an array is too short
   */
  public final void planeKernelGradient(float[] g, int gOff, int pitch, int height, int planes,
      float[] in, int inOff, int windowHeight, int windowWidth, float[] partials) {
    long taps = (long) windowHeight * windowWidth;
    long inSpan = (long) (height + windowHeight - 1) * pitch + windowWidth - 1;
    if (height < 1 || planes < 1 || windowHeight < 1 || windowWidth < 1 || pitch < 1
        || pitch % PLANE_PARTIALS != 0 || gOff < 0 || inOff < 0
        || gOff + (long) planes * height * pitch > g.length || inOff + inSpan > in.length
        || (taps + 1) * planes * PLANE_PARTIALS > partials.length) {
      throw new IllegalArgumentException(String.format("a %d×%d window's gradient over %d planes"
          + " of %d rows %d apart (a multiple of 16): g needs %d floats from %d, has %d; in %d"
          + " from %d, has %d; partials %d, has %d", windowHeight, windowWidth, planes, height,
          pitch, (long) planes * height * pitch, gOff, g.length, inSpan, inOff, in.length,
          (taps + 1) * planes * PLANE_PARTIALS, partials.length));
    }
    planeGradient(g, gOff, pitch, height, planes, in, inOff, windowHeight, windowWidth,
        partials);
  }

  /** {@link #planeKernelGradient} for checked sizes: value by value. */
  protected void planeGradient(float[] g, int gOff, int pitch, int height, int planes,
      float[] in, int inOff, int windowHeight, int windowWidth, float[] partials) {
    int n = PLANE_PARTIALS;
    int taps = windowHeight * windowWidth;
    int values = height * pitch;
    for (int f = 0; f < planes; f++) {
      int plane = gOff + f * values;
      for (int t = 0; t < taps; t++) {
        int shift = inOff + (t / windowWidth) * pitch + t % windowWidth;
        int p = (t * planes + f) * n;
        for (int q = 0; q < values; q += n) {
          for (int l = 0; l < n; l++) {
            partials[p + l] = Math.fma(g[plane + q + l], in[shift + q + l], partials[p + l]);
          }
        }
      }
      int p = (taps * planes + f) * n;
      for (int q = 0; q < values; q += n) {
        for (int l = 0; l < n; l++) {
          partials[p + l] += g[plane + q + l];
        }
      }
    }
  }

  /** {@link #convolvePlane} for checked sizes. */
  protected abstract void planeConvolution(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters);

  /**
   * Winograd's input transform for F(4×4, 3×3): each of {@code tilesY · tilesX} tiles, a 6×6
   * window of {@code channels}-deep pixels, becomes its 36 points {@code Bᵀ d B}. Tile {@code (ty,
   * tx)}, number {@code t = ty·tilesX + tx}, starts at {@code in[inOff + 4·ty·pitch +
   * 4·tx·channels]}, its rows {@code pitch} values apart; point {@code ξ = 6i + j} of its channel
   * {@code c} goes to {@code v[vOff + ξ·plane + t·channels + c]}. Each point is {@code Bᵀ}'s row
   * {@code j} applied to the six values {@code Bᵀ}'s row {@code i} makes of the window's six
   * columns, in the order of operations {@code ScalarKernels} spells out, on both paths.
   *
   * @throws IllegalArgumentException if a size is not positive, the planes overlap, or an array is
   *     too short for the sizes
   */
  public final void winogradInput(float[] in, int inOff, int pitch, int tilesY, int tilesX,
      int channels, float[] v, int vOff, int plane) {
    long tiles = (long) tilesY * tilesX;
    long span = (4L * tilesX + 2) * channels; // values of a tile row's six input rows
    if (tilesY < 1 || tilesX < 1 || channels < 1 || pitch < span || plane < tiles * channels
        || inOff < 0 || inOff + (4L * tilesY + 1) * pitch + span > in.length
        || vOff < 0 || vOff + 35L * plane + tiles * channels > v.length) {
      throw new IllegalArgumentException(String.format("%d×%d Winograd tiles of %d channels do"
          + " not fit their arrays: in %d floats from %d with rows %d apart (needs %d), points %d"
          + " from %d with planes %d apart (needs %d, planes of at least %d)", tilesY, tilesX,
          channels, in.length, inOff, pitch, (4L * tilesY + 1) * pitch + span, v.length, vOff,
          plane, 35L * plane + tiles * channels, tiles * channels));
    }
    winogradInputTiles(in, inOff, pitch, tilesY, tilesX, channels, v, vOff, plane);
  }

  /** {@link #winogradInput} for checked sizes. */
  protected abstract void winogradInputTiles(float[] in, int inOff, int pitch, int tilesY,
      int tilesX, int channels, float[] v, int vOff, int plane);

  /**
   * Winograd's output transform for F(4×4, 3×3), with the bias and the activation: each tile's 36
   * products {@code M} (point {@code ξ} of tile {@code t}, filter {@code f} at {@code m[mOff +
   * ξ·plane + t·filters + f]}) become its 4×4 outputs {@code act(Aᵀ M A + bias)}, {@code act} the
   * ReLU if {@code relu} and the identity otherwise, {@code bias} {@code null} for none. Tile
   * {@code (ty, tx)} covers output pixels {@code (4ty + i, 4tx + j)}, written channels-last to
   * {@code out[outOff + (y·outWidth + x)·filters + f]} where they lie inside {@code outHeight ×
   * outWidth} (the last tiles of a row or column may reach past it).
   *
   * @throws IllegalArgumentException if a size is not positive, the tiles do not cover the
   *     outputs, or an array is too short for the sizes
   */
  public final void winogradOutput(float[] m, int mOff, int plane, int tilesY, int tilesX,
      int filters, float[] bias, int biasOff, boolean relu, float[] out, int outOff,
      int outHeight, int outWidth) {
    long tiles = (long) tilesY * tilesX;
    if (tilesY < 1 || tilesX < 1 || filters < 1 || plane < tiles * filters
        || outHeight < 1 || outHeight > 4L * tilesY || outWidth < 1 || outWidth > 4L * tilesX
        || mOff < 0 || mOff + 35L * plane + tiles * filters > m.length
        || outOff < 0 || outOff + (long) outHeight * outWidth * filters > out.length
        || (bias != null && (biasOff < 0 || (long) biasOff + filters > bias.length))) {
      throw new IllegalArgumentException(String.format("%d×%d Winograd tiles of %d filters do"
          + " not fit %d×%d outputs or their arrays: products %d floats from %d with planes %d"
          + " apart (needs %d), out %d from %d (needs %d), bias %s", tilesY, tilesX, filters,
          outHeight, outWidth, m.length, mOff, plane, 35L * plane + tiles * filters, out.length,
          outOff, (long) outHeight * outWidth * filters,
          bias == null ? "none" : bias.length + " from " + biasOff));
    }
    winogradOutputTiles(m, mOff, plane, tilesY, tilesX, filters, bias, biasOff, relu, out, outOff,
        outHeight, outWidth);
  }

  /** {@link #winogradOutput} for checked sizes. */
  protected abstract void winogradOutputTiles(float[] m, int mOff, int plane, int tilesY,
      int tilesX, int filters, float[] bias, int biasOff, boolean relu, float[] out, int outOff,
      int outHeight, int outWidth);

  /**
   * {@code c[k][n] = aᵀ · b} for {@code a[m][k]} and {@code b[m][n]}: the weight gradient of a
   * dense layer ({@code inputᵀ · outputGradient}). Overwrites {@code c}.
   */
  public final void matmulTransA(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
    matmulTransA(a, aOff, k, b, bOff, c, cOff, m, k, n);
  }

  /**
   * {@code c[k][n] = Aᵀ · b} for {@code A(i, p) = a[aOff + i·lda + p]} ({@code i < m},
   * {@code p < k}) and {@code b[m][n]}: with {@code lda > k}, {@code A} is {@code k} adjacent
   * columns of a wider matrix and {@code c} a band of rows of the wider product (part of a weight
   * gradient). Each value is the same chain of fused multiply-adds over the {@code m} rows as in
   * the whole product, so computing a product in bands changes no bit.
   */
  public final void matmulTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int k,
      int n) {
    matmulTransA(a, aOff, lda, b, bOff, n, c, cOff, m, k, n);
  }

  /**
   * {@link #matmulTransA(float[], int, int, float[], int, float[], int, int, int, int)} with
   * {@code B(i, j) = b[bOff + i·ldb + j]}: with {@code ldb > n}, the output gradient is {@code n}
   * adjacent columns of a wider matrix (a layer's part of a concatenation's gradient).
   */
  public final void matmulTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int m,
      int k, int n) {
    checkProduct("matmulTransA", a, aOff, lda, m, k, b, bOff, ldb, m, n, c, cOff, n, k, n);
    productTransA(a, aOff, lda, b, bOff, ldb, c, cOff, m, k, n);
  }

  /**
   * {@link #matmulTransA(float[], int, int, float[], int, int, float[], int, int, int, int)} for
   * checked sizes.
   */
  protected abstract void productTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int m,
      int k, int n);

  /**
   * {@code c[m][k] = a[m][n] · bᵀ} for {@code b[k][n]}: the input gradient of a dense layer
   * ({@code outputGradient · kernelᵀ}). This implementation transposes {@code b} into {@code
   * scratch} (at least {@code k × n} values) and multiplies, so that the inner loop broadcasts and
   * needs no horizontal sums; an implementation that packs its operands may read {@code b} in
   * place instead. Either way each value is the chain {@link #matmul} computes.
   */
  public final void matmulTransB(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k,
      float[] scratch) {
    matmulTransB(a, aOff, n, b, bOff, c, cOff, m, n, k, scratch);
  }

  /**
   * {@link #matmulTransB(float[], int, float[], int, float[], int, int, int, int, float[])} with
   * {@code A(i, j) = a[aOff + i·lda + j]}: with {@code lda > n}, the output gradient is {@code n}
   * adjacent columns of a wider matrix (a layer's part of a concatenation's gradient).
   */
  public final void matmulTransB(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n,
      int k, float[] scratch) {
    checkProduct("matmulTransB", a, aOff, lda, m, n, b, bOff, n, k, n, c, cOff, k, m, k);
    productTransB(a, aOff, lda, b, bOff, c, cOff, m, n, k, scratch);
  }

  /**
   * {@link #matmulTransB(float[], int, int, float[], int, float[], int, int, int, int, float[])}
   * for checked sizes: this implementation transposes {@code b} into {@code scratch} (checked
   * here) and multiplies.
   */
  protected void productTransB(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n,
      int k, float[] scratch) {
    if (scratch == null || (long) k * n > scratch.length) {
      throw new IllegalArgumentException(String.format("matmulTransB needs %d×%d values of"
          + " scratch, has %s", k, n, scratch == null ? "none" : scratch.length));
    }
    transpose(b, bOff, k, n, scratch, 0);
    product(a, aOff, lda, scratch, 0, null, 0, c, cOff, k, m, n, k);
  }

  /**
   * {@code dst[cols][rows] = src[rows][cols]ᵀ}. Four source rows at a time, so that each
   * destination row receives four adjacent values per visit: 2.1–2.4 times faster than 32×32
   * tiles of single values at the shapes measured (300×100: 9.7 µs against 20.7; 784×300: 81
   * against 199; 1024×1024: 1.7 ms against 3.5).
   *
   * @throws IllegalArgumentException if a size is negative or an array does not hold its matrix
   */
  public final void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
    String why = matrixProblem(src, srcOff, cols, rows, cols);
    String which = "src";
    if (why == null) {
      why = matrixProblem(dst, dstOff, rows, cols, rows);
      which = "dst";
    }
    if (why != null) {
      throw new IllegalArgumentException(
          "transpose of " + rows + "×" + cols + ": " + which + " " + why);
    }
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int s0 = srcOff + r * cols;
      int s1 = s0 + cols;
      int s2 = s1 + cols;
      int s3 = s2 + cols;
      int d = dstOff + r;
      for (int c = 0; c < cols; c++, d += rows) {
        dst[d] = src[s0 + c];
        dst[d + 1] = src[s1 + c];
        dst[d + 2] = src[s2 + c];
        dst[d + 3] = src[s3 + c];
      }
    }
    for (; r < rows; r++) {
      int s = srcOff + r * cols;
      for (int c = 0; c < cols; c++) {
        dst[dstOff + c * rows + r] = src[s + c];
      }
    }
  }

  /** {@code dst[j] = Σ_i a[i][j]} over {@code m} rows of {@code n} columns, rows in order. */
  public final void columnSums(float[] a, int aOff, int m, int n, float[] dst, int dstOff) {
    columnSums(a, aOff, n, m, n, dst, dstOff);
  }

  /**
   * {@link #columnSums(float[], int, int, int, float[], int)} over rows {@code lda} apart: the
   * {@code n} columns of a wider matrix.
   */
  public final void columnSums(
      float[] a, int aOff, int lda, int m, int n, float[] dst, int dstOff) {
    checkColumnSums("columnSums", a, aOff, lda, m, n, dst, dstOff);
    sumColumns(a, aOff, lda, m, n, dst, dstOff, false);
  }

  /**
   * {@code dst[j] += Σ_i a[i][j]} over {@code m} rows of {@code n} columns: each column's chain of
   * additions continues, rows in order, from the value stored in {@code dst}. Called on the rows
   * of a matrix part after part, on a zeroed {@code dst}, it gives {@link #columnSums(float[], int,
   * int, int, float[], int) columnSums} over the whole, bit for bit.
   *
   * @throws IllegalArgumentException if a size is negative or an array is too short for the sizes
   */
  public final void addColumnSums(float[] a, int aOff, int m, int n, float[] dst, int dstOff) {
    checkColumnSums("addColumnSums", a, aOff, n, m, n, dst, dstOff);
    sumColumns(a, aOff, n, m, n, dst, dstOff, true);
  }

  /** Refuses column sums whose matrix or destination does not fit its array. */
  private static void checkColumnSums(String op, float[] a, int aOff, int lda, int m, int n,
      float[] dst, int dstOff) {
    String why = matrixProblem(a, aOff, lda, m, n);
    if (why == null) {
      why = matrixProblem(dst, dstOff, n, 1, n);
    }
    if (why != null) {
      throw new IllegalArgumentException(op + " of " + m + "×" + n + ": " + why);
    }
  }

  /**
   * {@link #columnSums(float[], int, int, int, int, float[], int)} for checked sizes, each chain
   * from {@code dst}'s value if {@code add}, from +0 if not.
   */
  protected abstract void sumColumns(
      float[] a, int aOff, int lda, int m, int n, float[] dst, int dstOff, boolean add);

  // ---- range checks of the element-wise kernels ------------------------------------------------
  // A few compares each, since generated code calls these kernels in its inner loops; a message
  // is only built once a check has failed.

  /** Throws unless {@code len >= 0} and {@code x[off, off + len)} lies in {@code x}. */
  private static void checkRange(String op, String name, float[] x, int off, int len) {
    if (x == null || off < 0 || len < 0 || (long) off + len > x.length) {
      throw rangeProblem(op, name, x, off, len, Integer.toString(len));
    }
  }

  /**
   * Throws unless {@code rows} and {@code cols} are not negative and {@code x[off, off +
   * rows·cols)} lies in {@code x}.
   */
  private static void checkRows(String op, String name, float[] x, int off, int rows, int cols) {
    long len = (long) rows * cols;
    if (x == null || off < 0 || rows < 0 || cols < 0 || off + len > x.length) {
      throw rangeProblem(op, name, x, off, rows < 0 || cols < 0 ? -1 : len, rows + "×" + cols);
    }
  }

  /**
   * The refusal of {@code len} values ({@code size} as the message shows it, e.g. {@code 3×4})
   * of {@code x} from {@code off}.
   */
  private static IllegalArgumentException rangeProblem(String op, String name, float[] x, int off,
      long len, String size) {
    String head = op + " of " + size + " values from " + off + ": ";
    if (x == null) {
      return new IllegalArgumentException(head + name + " is null");
    }
    if (len < 0) {
      return new IllegalArgumentException(
          head + "a negative size (" + name + " holds " + x.length + ")");
    }
    if (off < 0) {
      return new IllegalArgumentException(
          head + "a negative offset (" + name + " holds " + x.length + ")");
    }
    return new IllegalArgumentException(head + "needs " + name + "[" + off + ", " + (off + len)
        + ") but " + name + " holds " + x.length);
  }

  /** Throws unless {@code 0 <= from <= to <= x.length}. */
  private static void checkFromTo(String op, String name, float[] x, int from, int to) {
    if (x == null || from < 0 || to < from || to > x.length) {
      String head = op + " over [" + from + ", " + to + "): ";
      throw new IllegalArgumentException(x == null ? head + name + " is null"
          : from < 0 ? head + "a negative start (" + name + " holds " + x.length + ")"
          : to < from ? head + "it ends before it starts (" + name + " holds " + x.length + ")"
          : head + name + " holds only " + x.length + " values");
    }
  }

  // ---- activations, in place over x[off, off + len) -------------------------------------

  /** {@code max(x, 0)}. */
  public final void relu(float[] x, int off, int len) {
    checkRange("relu", "x", x, off, len);
    reluRange(x, off, len);
  }

  /** {@link #relu} for a checked range. */
  protected abstract void reluRange(float[] x, int off, int len);

  /** {@code x > 0 ? x : alpha · x}. */
  public final void leakyRelu(float[] x, int off, int len, float alpha) {
    checkRange("leakyRelu", "x", x, off, len);
    leakyReluRange(x, off, len, alpha);
  }

  /** {@link #leakyRelu} for a checked range. */
  protected abstract void leakyReluRange(float[] x, int off, int len, float alpha);

  /** {@code 1 / (1 + e^-x)}. */
  public final void sigmoid(float[] x, int off, int len) {
    checkRange("sigmoid", "x", x, off, len);
    sigmoidRange(x, off, len);
  }

  /** {@link #sigmoid} for a checked range. */
  protected abstract void sigmoidRange(float[] x, int off, int len);

  /** {@code tanh(x)}. */
  public final void tanh(float[] x, int off, int len) {
    checkRange("tanh", "x", x, off, len);
    tanhRange(x, off, len);
  }

  /** {@link #tanh} for a checked range. */
  protected abstract void tanhRange(float[] x, int off, int len);

  /** {@code ln(1 + e^x)}, computed as {@code max(x, 0) + ln(1 + e^-|x|)} to avoid overflow. */
  public final void softplus(float[] x, int off, int len) {
    checkRange("softplus", "x", x, off, len);
    softplusRange(x, off, len);
  }

  /** {@link #softplus} for a checked range. */
  protected abstract void softplusRange(float[] x, int off, int len);

  /** {@code x >= 0 ? 1 : 0}. */
  public final void step(float[] x, int off, int len) {
    checkRange("step", "x", x, off, len);
    stepRange(x, off, len);
  }

  /** {@link #step} for a checked range: this implementation loops over it. */
  protected void stepRange(float[] x, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      x[i] = x[i] >= 0f ? 1f : 0f;
    }
  }

  /**
   * Softmax over each of {@code rows} rows of {@code cols} values, subtracting the row maximum
   * first so that {@code exp} cannot overflow. Rows of no values are left as they are (none).
   */
  public final void softmax(float[] x, int off, int rows, int cols) {
    checkRows("softmax", "x", x, off, rows, cols);
    if (cols > 0) { // a row of none has no maximum to read
      softmaxRange(x, off, rows, cols);
    }
  }

  /** {@link #softmax} for a checked range of at least one column: this implementation loops. */
  protected void softmaxRange(float[] x, int off, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int s = off + r * cols;
      float max = x[s];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, x[s + j]);
      }
      float sum = 0f;
      for (int j = 0; j < cols; j++) {
        // StrictMath: the same result on every JDK and in every JIT state.
        float e = (float) StrictMath.exp(x[s + j] - max);
        x[s + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < cols; j++) {
        x[s + j] *= inv;
      }
    }
  }

  // ---- activation gradients: g *= f'(z), written in terms of the output y = f(z) -----------

  /** {@code g = y > 0 ? g : 0}. */
  public final void reluBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    checkRange("reluBackward", "y", y, yOff, len);
    checkRange("reluBackward", "g", g, gOff, len);
    reluBackwardRange(y, yOff, g, gOff, len);
  }

  /** {@link #reluBackward} for checked ranges. */
  protected abstract void reluBackwardRange(float[] y, int yOff, float[] g, int gOff, int len);

  /** {@code g = y > 0 ? g : alpha · g}; exact for {@code alpha >= 0}. */
  public final void leakyReluBackward(
      float[] y, int yOff, float[] g, int gOff, int len, float alpha) {
    checkRange("leakyReluBackward", "y", y, yOff, len);
    checkRange("leakyReluBackward", "g", g, gOff, len);
    leakyReluBackwardRange(y, yOff, g, gOff, len, alpha);
  }

  /** {@link #leakyReluBackward} for checked ranges. */
  protected abstract void leakyReluBackwardRange(
      float[] y, int yOff, float[] g, int gOff, int len, float alpha);

  /** {@code g *= y (1 - y)}. */
  public final void sigmoidBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    checkRange("sigmoidBackward", "y", y, yOff, len);
    checkRange("sigmoidBackward", "g", g, gOff, len);
    sigmoidBackwardRange(y, yOff, g, gOff, len);
  }

  /** {@link #sigmoidBackward} for checked ranges. */
  protected abstract void sigmoidBackwardRange(float[] y, int yOff, float[] g, int gOff, int len);

  /** {@code g *= 1 - y²}. */
  public final void tanhBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    checkRange("tanhBackward", "y", y, yOff, len);
    checkRange("tanhBackward", "g", g, gOff, len);
    tanhBackwardRange(y, yOff, g, gOff, len);
  }

  /** {@link #tanhBackward} for checked ranges. */
  protected abstract void tanhBackwardRange(float[] y, int yOff, float[] g, int gOff, int len);

  /** {@code g *= sigmoid(z) = 1 - e^-y} (since {@code y = ln(1 + e^z)}), as {@code -expm1(-y)}. */
  public final void softplusBackward(float[] y, int yOff, float[] g, int gOff, int len) {
    checkRange("softplusBackward", "y", y, yOff, len);
    checkRange("softplusBackward", "g", g, gOff, len);
    softplusBackwardRange(y, yOff, g, gOff, len);
  }

  /** {@link #softplusBackward} for checked ranges. */
  protected abstract void softplusBackwardRange(
      float[] y, int yOff, float[] g, int gOff, int len);

  /** Softmax's Jacobian per row: {@code g_i = y_i (g_i - Σ_j g_j y_j)}. */
  public final void softmaxBackward(float[] y, int yOff, float[] g, int gOff, int rows, int cols) {
    checkRows("softmaxBackward", "y", y, yOff, rows, cols);
    checkRows("softmaxBackward", "g", g, gOff, rows, cols);
    softmaxBackwardRange(y, yOff, g, gOff, rows, cols);
  }

  /** {@link #softmaxBackward} for checked ranges: this implementation loops over them. */
  protected void softmaxBackwardRange(
      float[] y, int yOff, float[] g, int gOff, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      int ys = yOff + r * cols;
      int gs = gOff + r * cols;
      float dot = 0f;
      for (int j = 0; j < cols; j++) {
        dot += g[gs + j] * y[ys + j];
      }
      for (int j = 0; j < cols; j++) {
        g[gs + j] = y[ys + j] * (g[gs + j] - dot);
      }
    }
  }

  // ---- element-wise ----------------------------------------------------------------------

  /** {@code dst[i] = a[i] · b[i]} over {@code len} values. */
  public final void multiply(
      float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    checkRange("multiply", "a", a, aOff, len);
    checkRange("multiply", "b", b, bOff, len);
    checkRange("multiply", "dst", dst, dstOff, len);
    multiplyRange(a, aOff, b, bOff, dst, dstOff, len);
  }

  /** {@link #multiply} for checked ranges. */
  protected abstract void multiplyRange(
      float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len);

  /** {@code dst[i] += src[i]} for {@code i} in [from, to). */
  public final void add(float[] dst, float[] src, int from, int to) {
    checkFromTo("add", "dst", dst, from, to);
    checkFromTo("add", "src", src, from, to);
    addRange(dst, src, from, to);
  }

  /** {@link #add} for a checked range. */
  protected abstract void addRange(float[] dst, float[] src, int from, int to);

  /** {@code dst[dstOff + i] += src[srcOff + i]} over {@code len} values. */
  public final void accumulate(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    checkRange("accumulate", "src", src, srcOff, len);
    checkRange("accumulate", "dst", dst, dstOff, len);
    accumulateRange(src, srcOff, dst, dstOff, len);
  }

  /** {@link #accumulate} for checked ranges. */
  protected abstract void accumulateRange(
      float[] src, int srcOff, float[] dst, int dstOff, int len);

  /**
   * The gradient of copying windows out of an image (im2col's, a row of windows at a time): adds
   * {@code count} windows of {@code rows} runs of {@code run} values into {@code dst}, run
   * {@code r} of window {@code w} read from {@code src[srcOff + w·srcStep + r·run ..]} and added
   * to {@code dst[dstOff + w·step + r·pitch ..]}. Windows may overlap ({@code step} below
   * {@code run}); the additions are made window after window, run after run, so each value
   * receives its terms in the order a value-by-value loop gives.
   *
   * @throws IllegalArgumentException if a size is not positive, an offset or stride is negative,
   *     or the windows do not fit {@code src} or {@code dst}
   */
  public final void addWindows(float[] src, int srcOff, int srcStep, float[] dst, int dstOff,
      int pitch, int step, int rows, int run, int count) {
    long srcEnd = srcOff + (long) (count - 1) * srcStep + (long) rows * run;
    long dstEnd = dstOff + (long) (count - 1) * step + (long) (rows - 1) * pitch + run;
    if (rows < 1 || run < 1 || count < 1 || srcOff < 0 || dstOff < 0 || srcStep < 0 || step < 0
        || pitch < 0 || src == null || dst == null || srcEnd > src.length
        || dstEnd > dst.length) {
      throw new IllegalArgumentException(String.format("addWindows: %d windows of %d runs of %d"
          + " values, %d apart in src from %d (%s values) and %d apart in rows of %d in dst"
          + " from %d (%s values)", count, rows, run, srcStep, srcOff,
          src == null ? "null" : src.length, step, pitch, dstOff,
          dst == null ? "null" : dst.length));
    }
    addWindowsChecked(src, srcOff, srcStep, dst, dstOff, pitch, step, rows, run, count);
  }

  /** {@link #addWindows} for checked sizes. */
  protected abstract void addWindowsChecked(float[] src, int srcOff, int srcStep, float[] dst,
      int dstOff, int pitch, int step, int rows, int run, int count);

  /**
   * The gradient of copying windows out of an image, gathered pixel by pixel: for {@code n}
   * images and each pixel {@code p < pixels}, {@code dst[dstOff + b·dstStep + p·c + i] = +0 +
   * src[at(t)] + src[at(t + 1)] + …} over {@code t} from {@code starts[p]} to {@code starts[p +
   * 1]} in order, where {@code at(t) = srcOff + b·srcStep + offsets[t] + i} ({@code i < c}). With
   * the terms of each pixel in the order windows and runs are numbered, these are the bits {@link
   * #addWindows} adds into a zeroed image; each value is written once, summed where it stays in
   * registers, rather than read, added to and stored again for each window over it.
   *
   * @throws IllegalArgumentException if a size is negative, {@code starts} does not rise from 0,
   *     or a term or pixel lies outside {@code src} or {@code dst}
   */
  public final void sumRuns(float[] src, int srcOff, int srcStep, int[] offsets, int[] starts,
      int pixels, float[] dst, int dstOff, int dstStep, int c, int n) {
    String why = null;
    if (src == null || offsets == null || starts == null || dst == null) {
      why = "a null array";
    } else if (n < 0 || pixels < 0 || c < 1 || srcOff < 0 || srcStep < 0 || dstOff < 0
        || dstStep < 0 || starts.length <= pixels || starts[0] != 0
        || starts[pixels] > offsets.length) {
      why = "sizes";
    } else if (n > 0) {
      long lastImage = (long) (n - 1) * srcStep + srcOff;
      for (int p = 0; p < pixels && why == null; p++) {
        if (starts[p + 1] < starts[p]) {
          why = "starts fall at pixel " + p;
        }
      }
      for (int t = 0; t < starts[pixels] && why == null; t++) {
        if (offsets[t] < 0 || lastImage + offsets[t] + c > src.length) {
          why = "term " + t + " at offset " + offsets[t] + " reads past src";
        }
      }
      if (why == null && dstOff + (long) (n - 1) * dstStep + (long) pixels * c > dst.length) {
        why = "dst too short";
      }
    }
    if (why != null) {
      throw new IllegalArgumentException(String.format("sumRuns: %s (%d images of %d pixels of"
          + " %d values, %d terms; src %d values from %d, %d apart; dst %d values from %d, %d"
          + " apart)", why, n, pixels, c,
          starts != null && pixels >= 0 && starts.length > pixels ? starts[pixels] : -1,
          src == null ? -1 : src.length, srcOff, srcStep, dst == null ? -1 : dst.length, dstOff,
          dstStep));
    }
    for (int b = 0; b < n; b++) {
      sumRunsChecked(src, srcOff + b * srcStep, offsets, starts, pixels, dst, dstOff + b * dstStep,
          c);
    }
  }

  /** {@link #sumRuns} for one image, checked. */
  protected abstract void sumRunsChecked(float[] src, int srcOff, int[] offsets, int[] starts,
      int pixels, float[] dst, int dstOff, int c);

  /**
   * Max pooling's step: {@code dst[i] = src[i] > dst[i] ? src[i] : dst[i]} over {@code len}
   * values, so that of equal values the first kept wins and a NaN never replaces a number.
   */
  public final void maxInto(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    checkRange("maxInto", "src", src, srcOff, len);
    checkRange("maxInto", "dst", dst, dstOff, len);
    maxIntoRange(src, srcOff, dst, dstOff, len);
  }

  /** {@link #maxInto} for checked ranges. */
  protected abstract void maxIntoRange(float[] src, int srcOff, float[] dst, int dstOff, int len);

  /**
   * Max pooling of {@code count} windows side by side, each {@code rows} pixels high and {@code
   * cols} wide, of a channels-last image whose rows are {@code pitch} values apart: window {@code
   * w}'s first value of channel {@code i} is {@code in[inOff + w·step + i]}, its pixel {@code (y,
   * x)} is {@code pitch·y + c·x} further, and {@code out[outOff + w·c + i]} receives the first
   * value followed by {@link #maxInto}'s step over the others in row-major order (the same bits
   * as a copy of the first pixel and a {@link #maxInto} per other pixel, with one call a row of
   * windows instead of one per pixel).
   *
   * @throws IllegalArgumentException if a size is not positive or an array is too short
   */
  public final void maxWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] out, int outOff, int count) {
    long lastIn = (long) inOff + (long) (count - 1) * step + (long) (rows - 1) * pitch
        + (long) (cols - 1) * c + c;
    if (rows < 1 || cols < 1 || c < 1 || count < 1 || inOff < 0 || step < 0 || pitch < 0
        || lastIn > in.length || outOff < 0 || (long) outOff + (long) count * c > out.length) {
      throw new IllegalArgumentException(String.format("%d windows of %d×%d pixels and %d"
          + " channels, %d apart in rows of %d, read in[%d .. %d) of %d and write out from %d"
          + " of %d", count, rows, cols, c, step, pitch, inOff, lastIn, in.length, outOff,
          out.length));
    }
    poolWindows(in, inOff, pitch, step, rows, cols, c, out, outOff, count);
  }

  /** {@link #maxWindows} for checked sizes. */
  protected abstract void poolWindows(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] out, int outOff, int count);

  /**
   * Max pooling's gradient step, one window position: where {@code in[i] == max[i]}, {@code dst[i]
   * += g[i]} and {@code g[i] = 0}, over {@code len} values. Applied to a window's positions in
   * {@link #maxInto}'s order, it routes each gradient to the first position that holds the max
   * (zeroing {@code g} keeps later equal values from receiving it again).
   */
  public final void routeMax(float[] in, int inOff, float[] max, int maxOff, float[] g,
      int gOff, float[] dst, int dstOff, int len) {
    checkRange("routeMax", "in", in, inOff, len);
    checkRange("routeMax", "max", max, maxOff, len);
    checkRange("routeMax", "g", g, gOff, len);
    checkRange("routeMax", "dst", dst, dstOff, len);
    routeMaxRange(in, inOff, max, maxOff, g, gOff, dst, dstOff, len);
  }

  /** {@link #routeMax} for checked ranges. */
  protected abstract void routeMaxRange(float[] in, int inOff, float[] max, int maxOff,
      float[] g, int gOff, float[] dst, int dstOff, int len);

  /**
   * Max pooling's gradient over {@code count} windows side by side, laid out as {@link
   * #maxWindows}' ({@code in}'s window {@code w} pixel {@code (y, x)} channel {@code i} at {@code
   * inOff + w·step + pitch·y + c·x + i}, and {@code dst}'s at the same place from {@code dstOff}):
   * the bits of {@link #routeMax} at each window's pixels in row-major order, window after window,
   * with window {@code w}'s max at {@code max[maxOff + w·c]} and gradient at {@code g[gOff + w·c]}
   * (routed lanes zeroed). One call a row of windows, where {@link #routeMax} took one per pixel.
   *
   * <p>With {@code overwrite}, the windows' pixels of {@code dst} are written as if they had been
   * zeroed first: {@code +0 + g} where a gradient arrives, {@code +0} elsewhere (so a {@code -0}
   * gradient arrives as {@code +0}, as the sum gives); the windows must then not overlap. Without
   * it, the gradients are added to {@code dst}, and overlapping windows add in window order.
   *
   * @throws IllegalArgumentException if a size is not positive or an array is too short
   */
  public final void routeMaxWindows(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff,
      int count, boolean overwrite) {
    long span = (long) (count - 1) * step + (long) (rows - 1) * pitch + (long) (cols - 1) * c + c;
    if (rows < 1 || cols < 1 || c < 1 || count < 1 || inOff < 0 || dstOff < 0 || maxOff < 0
        || gOff < 0 || step < 0 || pitch < 0 || inOff + span > in.length
        || dstOff + span > dst.length || (long) maxOff + (long) count * c > max.length
        || (long) gOff + (long) count * c > g.length) {
      throw new IllegalArgumentException(String.format("%d windows of %d×%d pixels and %d"
          + " channels, %d apart in rows of %d, read in[%d .. %d) of %d, max from %d of %d and g"
          + " from %d of %d, write dst[%d .. %d) of %d", count, rows, cols, c, step, pitch, inOff,
          inOff + span, in.length, maxOff, max.length, gOff, g.length, dstOff, dstOff + span,
          dst.length));
    }
    routeWindows(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff, dst, dstOff, count,
        overwrite);
  }

  /** {@link #routeMaxWindows} for checked sizes. */
  protected abstract void routeWindows(float[] in, int inOff, int pitch, int step, int rows,
      int cols, int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff,
      int count, boolean overwrite);

  /**
   * {@link #maxWindows} over {@code count} 2×2 windows side by side ({@code in}'s window {@code w}
   * pixel {@code (y, x)} channel {@code i} at {@code inOff + 2c·w + pitch·y + c·x + i}), the same
   * maxima into {@code out[outOff + w·c + i]}, and for each the pixel its gradient goes to into
   * {@code argmax} at the same place: 0 to 3 for the first pixel in row-major order that equals the
   * max (where {@link #routeMaxWindows} would route it), or −1 where it goes nowhere: no pixel
   * equals the max (a NaN), or, with {@code relu}, the max is not above zero (the ReLU before the
   * pooling has no gradient there, as {@link #reluBackward} over the maxima would give). {@link
   * #routeArgmax2x2} routes with these the gradient {@link #routeMaxWindows} would, without the
   * pooling's input, a quarter of its values per window.
   *
   * @throws IllegalArgumentException if a size is not positive or an array is too short
   */
  public final void maxWindows2x2Argmax(float[] in, int inOff, int pitch, int c, float[] out,
      int outOff, int[] argmax, int argmaxOff, int count, boolean relu) {
    if (in == null || out == null || argmax == null) {
      throw new IllegalArgumentException("maxWindows2x2Argmax: "
          + (in == null ? "in" : out == null ? "out" : "argmax") + " is null");
    }
    long span = (long) (count - 1) * 2 * c + pitch + 2L * c;
    if (c < 1 || count < 1 || pitch < 0 || inOff < 0 || outOff < 0 || argmaxOff < 0
        || inOff + span > in.length || (long) outOff + (long) count * c > out.length
        || (long) argmaxOff + (long) count * c > argmax.length) {
      throw new IllegalArgumentException(String.format("%d 2×2 windows of %d channels in rows of"
          + " %d read in[%d .. %d) of %d, write out from %d of %d and argmax from %d of %d",
          count, c, pitch, inOff, inOff + span, in.length, outOff, out.length, argmaxOff,
          argmax.length));
    }
    poolWindows2x2Argmax(in, inOff, pitch, c, out, outOff, argmax, argmaxOff, count, relu);
  }

  /** {@link #maxWindows2x2Argmax} for checked sizes. */
  protected abstract void poolWindows2x2Argmax(float[] in, int inOff, int pitch, int c,
      float[] out, int outOff, int[] argmax, int argmaxOff, int count, boolean relu);

  /**
   * The gradient of {@link #maxWindows2x2Argmax}'s windows, laid out as its input from {@code
   * dstOff}: each window's four pixels of {@code dst} overwritten with {@code +0 + g} at the pixel
   * {@code argmax} names and {@code +0} at the others (all four where it is −1), for window {@code
   * w}'s gradient and argmax at {@code gOff + w·c} and {@code argmaxOff + w·c}: the bits {@link
   * #routeMaxWindows} writes when overwriting, {@code g} read only.
   *
   * @throws IllegalArgumentException if a size is not positive or an array is too short
   */
  public final void routeArgmax2x2(int[] argmax, int argmaxOff, float[] g, int gOff, int c,
      float[] dst, int dstOff, int pitch, int count) {
    if (argmax == null || g == null || dst == null) {
      throw new IllegalArgumentException("routeArgmax2x2: "
          + (argmax == null ? "argmax" : g == null ? "g" : "dst") + " is null");
    }
    long span = (long) (count - 1) * 2 * c + pitch + 2L * c;
    if (c < 1 || count < 1 || pitch < 0 || argmaxOff < 0 || gOff < 0 || dstOff < 0
        || (long) argmaxOff + (long) count * c > argmax.length
        || (long) gOff + (long) count * c > g.length || dstOff + span > dst.length) {
      throw new IllegalArgumentException(String.format("%d 2×2 windows of %d channels in rows of"
          + " %d read argmax from %d of %d and g from %d of %d, write dst[%d .. %d) of %d", count,
          c, pitch, argmaxOff, argmax.length, gOff, g.length, dstOff, dstOff + span,
          dst.length));
    }
    routeWindows2x2Argmax(argmax, argmaxOff, g, gOff, c, dst, dstOff, pitch, count);
  }

  /** {@link #routeArgmax2x2} for checked sizes. */
  protected abstract void routeWindows2x2Argmax(int[] argmax, int argmaxOff, float[] g,
      int gOff, int c, float[] dst, int dstOff, int pitch, int count);

  /**
   * The input gradient of a convolution with strides 1 and no padding whose outputs a 2×2 max
   * pooling with strides 2 reads, straight from the pooling's gradient and record: each of {@code
   * n} images of {@code dst} ({@code h×w×c} channels-last, image {@code b} from {@code dstOff +
   * b·h·w·c}) overwritten. The kernel is {@code [fh][fw][c][filters]} from {@code kernelOff}
   * (Keras' layout); the pooled cells are {@code rows×cols×filters}, image {@code b}'s gradient and
   * record from {@code gOff} and {@code argmaxOff} plus {@code b·rows·cols·filters}, the record
   * {@link #maxWindows2x2Argmax}'s (0 to 3 for the pixel of the 2×2 window the max came from; −1,
   * or any other value, for none).
   *
   * <p>A filter's gradient reaches one pixel of each window, so only that pixel's window of the
   * input receives it: {@code g} times the filter's kernel. The products and the column-to-image
   * scatter that would otherwise run over all four pixels (three of them zero) are skipped. Each
   * cell sums its filters' terms in filter order into its region of {@code (fh+1)×(fw+1)} pixels
   * (the windows of its four pixels), one {@code fma} a value from zero; the region is then added
   * to the image. The cells go by their column modulo {@code ⌈(fw+1)/2⌉}, then row-major: cells
   * whose regions overlap are not added one right after the other (a load straddling a pending
   * store waits for it). Both paths compute those sums, so they agree bit for bit for finite
   * values (a padded lane's {@code g·0} leaves a sum that is never −0 unchanged).
   *
   * @throws IllegalArgumentException if a size is not positive, the cells' windows do not fit
   *     {@code h×w}, or an array is too short
   */
  public final void scatterArgmaxWindows(float[] kernel, int kernelOff, int fh, int fw, int c,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      float[] dst, int dstOff, int h, int w, int n) {
    if (kernel == null || argmax == null || g == null || dst == null) {
      throw new IllegalArgumentException("scatterArgmaxWindows: " + (kernel == null ? "kernel"
          : argmax == null ? "argmax" : g == null ? "g" : "dst") + " is null");
    }
    long cells = volume(n, rows, cols, filters);
    long kernelSize = volume(fh, fw, c, filters);
    long images = volume(n, h, w, c);
    if (fh < 1 || fw < 1 || c < 1 || filters < 1 || rows < 1 || cols < 1 || n < 1
        || 2L * rows + fh - 1 > h || 2L * cols + fw - 1 > w || kernelOff < 0 || argmaxOff < 0
        || gOff < 0 || dstOff < 0 || kernelOff + kernelSize > kernel.length
        || argmaxOff + cells > argmax.length || gOff + cells > g.length
        || dstOff + images > dst.length) {
      throw new IllegalArgumentException(String.format("%d images of %d×%d×%d cells pooled 2×2"
          + " from a %d×%d×%d×%d kernel's outputs on %d×%d×%d: kernel[%d .. %d) of %d, argmax"
          + " from %d of %d, g from %d of %d, dst[%d .. %d) of %d (the windows need %d×%d)", n,
          rows, cols, filters, fh, fw, c, filters, h, w, c, kernelOff, kernelOff + kernelSize,
          kernel.length, argmaxOff, argmax.length, gOff, g.length, dstOff, dstOff + images,
          dst.length, 2L * rows + fh - 1, 2L * cols + fw - 1));
    }
    scatterWindows(kernel, kernelOff, fh, fw, c, filters, argmax, argmaxOff, g, gOff, rows, cols,
        dst, dstOff, h, w, n);
  }

  /**
   * The kernel's and bias's gradients of the convolution {@link #scatterArgmaxWindows}
   * differentiates, from the same record: each pooled value's gradient times the window of the
   * input (strides 1, no padding) at the pixel its max came from, the pixels of the 2×2 windows
   * whose gradient is zero skipped. {@code n} images of {@code in} ({@code h×w×c} channels-last
   * from {@code inOff}); cells, record and gradient as {@code scatterArgmaxWindows} reads them.
   * Each weight is one chain of {@code fma} from zero over the images' cells in order (image,
   * row, column), each bias value the sum of its filter's gradients in that order; overwritten at
   * {@code kernelOff} ({@code [fh][fw][c][filters]}) and {@code biasOff} (negative: none). The
   * same bits on both paths for finite values.
   *
   * @throws IllegalArgumentException if a size is not positive, the cells' windows do not fit
   *     {@code h×w}, or an array is too short
   */
  public final void gatherArgmaxWindows(float[] in, int inOff, int h, int w, int c, int fh,
      int fw, int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      int n, float[] gradients, int kernelOff, int biasOff) {
    if (in == null || argmax == null || g == null || gradients == null) {
      throw new IllegalArgumentException("gatherArgmaxWindows: " + (in == null ? "in"
          : argmax == null ? "argmax" : g == null ? "g" : "gradients") + " is null");
    }
    long cells = volume(n, rows, cols, filters);
    long kernelSize = volume(fh, fw, c, filters);
    long images = volume(n, h, w, c);
    if (fh < 1 || fw < 1 || c < 1 || filters < 1 || rows < 1 || cols < 1 || n < 1
        || 2L * rows + fh - 1 > h || 2L * cols + fw - 1 > w || inOff < 0 || argmaxOff < 0
        || gOff < 0 || kernelOff < 0 || inOff + images > in.length
        || argmaxOff + cells > argmax.length || gOff + cells > g.length
        || kernelOff + kernelSize > gradients.length
        || biasOff >= 0 && (long) biasOff + filters > gradients.length) {
      throw new IllegalArgumentException(String.format("%d images of %d×%d×%d cells pooled 2×2"
          + " from a %d×%d×%d×%d kernel's outputs on %d×%d×%d: in[%d .. %d) of %d, argmax from"
          + " %d of %d, g from %d of %d, kernel gradient [%d .. %d) and bias's from %d of %d"
          + " (the windows need %d×%d)", n, rows, cols, filters, fh, fw, c, filters, h, w, c,
          inOff, inOff + images, in.length, argmaxOff, argmax.length, gOff, g.length, kernelOff,
          kernelOff + kernelSize, biasOff, gradients.length, 2L * rows + fh - 1,
          2L * cols + fw - 1));
    }
    gatherWindows(in, inOff, h, w, c, fh, fw, filters, argmax, argmaxOff, g, gOff, rows, cols,
        n, gradients, kernelOff, biasOff);
  }

  /** {@link #gatherArgmaxWindows} for checked sizes. */
  protected abstract void gatherWindows(float[] in, int inOff, int h, int w, int c, int fh,
      int fw, int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      int n, float[] gradients, int kernelOff, int biasOff);

  /**
   * {@code a·b·c·d} for positive counts, at most 2⁶², far past any array, to which an int offset
   * adds without overflow: four counts from the caller could otherwise wrap around a long to a
   * size that passes a check.
   */
  private static long volume(int a, int b, int c, int d) {
    long ab = (long) a * b;
    long cd = (long) c * d;
    long most = 1L << 62;
    return ab > 0 && cd > 0 && cd > most / ab ? most : ab * cd;
  }

  /** {@link #scatterArgmaxWindows} for checked sizes. */
  protected abstract void scatterWindows(float[] kernel, int kernelOff, int fh, int fw, int c,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      float[] dst, int dstOff, int h, int w, int n);

  // ---- gradient conditioning over [from, to) -------------------------------------------------

  /** {@code x = min(max(x, -limit), limit)}. */
  public final void clip(float[] x, int from, int to, float limit) {
    checkFromTo("clip", "x", x, from, to);
    clipRange(x, from, to, limit);
  }

  /** {@link #clip} for a checked range. */
  protected abstract void clipRange(float[] x, int from, int to, float limit);

  /** {@code x *= factor}. */
  public final void scale(float[] x, int from, int to, float factor) {
    checkFromTo("scale", "x", x, from, to);
    scaleRange(x, from, to, factor);
  }

  /** {@link #scale} for a checked range. */
  protected abstract void scaleRange(float[] x, int from, int to, float factor);

  // ---- data ------------------------------------------------------------------------------------

  /**
   * {@code dst[dstOff + i] = (src[srcOff + i] & 0xff) / divisor} for {@code i < len}: unsigned
   * bytes (an image's pixels) scaled as a batch is gathered. One correctly rounded division per
   * value on both paths, so they agree bit for bit.
   *
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public final void unsignedBytes(byte[] src, int srcOff, float divisor, float[] dst,
      int dstOff, int len) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    unsignedByteValues(src, srcOff, divisor, dst, dstOff, len);
  }

  /** {@link #unsignedBytes} for checked ranges. */
  protected abstract void unsignedByteValues(byte[] src, int srcOff, float divisor, float[] dst,
      int dstOff, int len);

  /** {@code Σ x²} in double precision, summed in index order (the same order on both paths). */
  public final double sumOfSquares(float[] x, int from, int to) {
    checkFromTo("sumOfSquares", "x", x, from, to);
    return sumOfSquaresRange(x, from, to);
  }

  /** {@link #sumOfSquares} for a checked range: this implementation loops over it. */
  protected double sumOfSquaresRange(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return sum;
  }

  /** Decoupled weight decay: {@code p -= p · rate}. */
  public final void decay(float[] p, int from, int to, float rate) {
    checkFromTo("decay", "p", p, from, to);
    decayRange(p, from, to, rate);
  }

  /** {@link #decay} for a checked range. */
  protected abstract void decayRange(float[] p, int from, int to, float rate);

  /**
   * The L1/L2 penalty of {@code w[off, off + len)}, {@code l1·Σ|w| + l2·Σw²}, also adding its
   * gradient {@code l1·sign(w) + 2·l2·w} to {@code g[gOff ...]} unless {@code g} is null. The
   * gradient is bit-identical on both paths; the penalty's value may differ in its last digits
   * (it is only reported).
   */
  public final double l1l2(float[] w, int off, int len, float l1, float l2, float[] g,
      int gOff) {
    checkRange("l1l2", "w", w, off, len);
    if (g != null) {
      checkRange("l1l2", "g", g, gOff, len);
    }
    return l1l2Range(w, off, len, l1, l2, g, gOff);
  }

  /** {@link #l1l2} for checked ranges. */
  protected abstract double l1l2Range(float[] w, int off, int len, float l1, float l2, float[] g,
      int gOff);

  // ---- optimizer steps over [from, to) of the flat parameter array ----------------------------
  // The decaying averages they keep (momentum, RMSprop's and Adam's moments) can become subnormal;
  // the optimizers flush them every Optimizer.FLUSH_INTERVAL steps with flushSubnormals.

  /**
   * Replaces every subnormal value of {@code x[from, to)} (and -0) by +0, as
   * {@link FloatMath#flushSubnormal}.
   */
  public final void flushSubnormals(float[] x, int from, int to) {
    checkFromTo("flushSubnormals", "x", x, from, to);
    flushSubnormalsRange(x, from, to);
  }

  /** {@link #flushSubnormals} for a checked range. */
  protected abstract void flushSubnormalsRange(float[] x, int from, int to);

  /** Plain gradient descent: {@code p -= lr · g}. */
  public final void sgd(float[] p, float[] g, int from, int to, float lr) {
    checkFromTo("sgd", "p", p, from, to);
    checkFromTo("sgd", "g", g, from, to);
    sgdRange(p, g, from, to, lr);
  }

  /** {@link #sgd} for a checked range. */
  protected abstract void sgdRange(float[] p, float[] g, int from, int to, float lr);

  /**
   * Gradient descent with momentum in Keras' formulation: {@code m = momentum·m - lr·g}, then
   * {@code p += m}, or with Nesterov {@code p += momentum·m - lr·g}.
   */
  public final void momentum(
      float[] p, float[] g, float[] m, int from, int to, float lr, float momentum,
      boolean nesterov) {
    checkFromTo("momentum", "p", p, from, to);
    checkFromTo("momentum", "g", g, from, to);
    checkFromTo("momentum", "m", m, from, to);
    momentumRange(p, g, m, from, to, lr, momentum, nesterov);
  }

  /** {@link #momentum} for a checked range. */
  protected abstract void momentumRange(
      float[] p, float[] g, float[] m, int from, int to, float lr, float momentum,
      boolean nesterov);

  /** AdaGrad in Keras' formulation: {@code acc += g²}, {@code p -= lr·g / sqrt(acc + ε)}. */
  public final void adagrad(
      float[] p, float[] g, float[] acc, int from, int to, float lr, float epsilon) {
    checkFromTo("adagrad", "p", p, from, to);
    checkFromTo("adagrad", "g", g, from, to);
    checkFromTo("adagrad", "acc", acc, from, to);
    adagradRange(p, g, acc, from, to, lr, epsilon);
  }

  /** {@link #adagrad} for a checked range. */
  protected abstract void adagradRange(
      float[] p, float[] g, float[] acc, int from, int to, float lr, float epsilon);

  /**
   * RMSprop in Keras' formulation: {@code v = ρv + (1-ρ)g²}; centred, also {@code a = ρa + (1-ρ)g}
   * and the denominator is {@code v - a² + ε}, else {@code v + ε}; {@code inc = lr·g / sqrt(den)};
   * with momentum {@code m = momentum·m + inc, p -= m}, else {@code p -= inc}. {@code a} and
   * {@code m} may be null when not centred and without momentum.
   */
  public final void rmsprop(
      float[] p, float[] g, float[] v, float[] a, float[] m, int from, int to, float lr, float rho,
      float momentum, float epsilon) {
    checkFromTo("rmsprop", "p", p, from, to);
    checkFromTo("rmsprop", "g", g, from, to);
    checkFromTo("rmsprop", "v", v, from, to);
    if (a != null) {
      checkFromTo("rmsprop", "a", a, from, to);
    }
    if (m != null) {
      checkFromTo("rmsprop", "m", m, from, to);
    }
    rmspropRange(p, g, v, a, m, from, to, lr, rho, momentum, epsilon);
  }

  /** {@link #rmsprop} for a checked range. */
  protected abstract void rmspropRange(
      float[] p, float[] g, float[] v, float[] a, float[] m, int from, int to, float lr, float rho,
      float momentum, float epsilon);

  /**
   * One Adam step in Keras' formulation, with {@code alpha = lr · sqrt(1 - β₂ᵗ) / (1 - β₁ᵗ)}:
   * {@code m += (g - m)(1 - β₁)}, {@code v += (g² - v)(1 - β₂)},
   * {@code p -= m · alpha / (sqrt(v) + ε)}.
   */
  public final void adam(
      float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha, float beta1,
      float beta2, float epsilon) {
    checkFromTo("adam", "p", p, from, to);
    checkFromTo("adam", "g", g, from, to);
    checkFromTo("adam", "m", m, from, to);
    checkFromTo("adam", "v", v, from, to);
    adamRange(p, g, m, v, from, to, alpha, beta1, beta2, epsilon);
  }

  /** {@link #adam} for a checked range. */
  protected abstract void adamRange(
      float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha, float beta1,
      float beta2, float epsilon);

  // ---- dropout ---------------------------------------------------------------------------------

  /**
   * A dropout mask: {@code mask[off + i] = unitFloat(mix(key, base + i)) >= rate ? keep : 0f}
   * over {@code len} values, where {@code mix} is SplitMix64's finaliser as in {@code
   * Seeds.mix} and {@code unitFloat} the top 24 bits of its value times 2⁻²⁴, as in {@code
   * Seeds.unitFloat}. Each value depends only on {@code (key, base + i)}, so masks filled in
   * pieces equal one filled whole. Any {@code rate} is accepted: at or below 0 every value is
   * kept, at or above 1 and for NaN none is.
   *
   * @throws IllegalArgumentException if {@code len} is negative or {@code [off, off + len)} is
   *     not a range of {@code mask}
   */
  public final void dropoutMask(
      float[] mask, int off, int len, long key, long base, float rate, float keep) {
    if (len < 0 || off < 0 || (long) off + len > mask.length) {
      throw new IllegalArgumentException("a dropout mask of " + len + " values at " + off
          + " does not fit an array of " + mask.length);
    }
    dropoutMaskRange(mask, off, len, key, base, rate, keep);
  }

  /**
   * The least 24-bit value {@code k} with {@code k · 2⁻²⁴ >= rate}, in [0, 2²⁴]: {@code
   * unitFloat(m) >= rate} is exactly {@code (m >>> 40) >= keepThreshold(rate)}, since {@code
   * k · 2⁻²⁴} is exact in float and {@code rate · 2²⁴} exact in double. 2²⁴ (keep nothing) for
   * NaN, which compares false with everything.
   */
  protected static long keepThreshold(float rate) {
    if (!(rate > 0f)) {
      return Float.isNaN(rate) ? 1L << 24 : 0L;
    }
    return (long) Math.min(Math.ceil(rate * 0x1.0p24), 0x1.0p24);
  }

  /**
   * {@link #dropoutMask} for a checked range, e.g. as {@code mask[off + i] = mix(key, base + i)
   * >>> 40 >= keepThreshold(rate) ? keep : 0f}.
   */
  protected abstract void dropoutMaskRange(
      float[] mask, int off, int len, long key, long base, float rate, float keep);

  // ---- calibration ---------------------------------------------------------------------------

  /**
   * The peak-FMA microbenchmark: {@code steps} rounds of {@link #fmaPeakFlopsPerStep()} FLOPs in
   * independent fused multiply-add chains, enough of them to hide the FMA latency. Returns a
   * value that depends on every chain, so that nothing is optimised away.
   */
  public abstract float fmaPeak(long steps);

  /** FLOPs of one step of {@link #fmaPeak}. */
  public abstract long fmaPeakFlopsPerStep();

  @Override
  public String toString() {
    return description();
  }
}
