package org.dendrite.runtime.kernel.vector;

import static org.dendrite.runtime.kernel.vector.Vectors.L;
import static org.dendrite.runtime.kernel.vector.Vectors.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.dendrite.runtime.kernel.Kernels;

/**
 * Kernels on the JDK Vector API ({@code jdk.incubator.vector}), in the platform's preferred vector
 * width: a façade over the products ({@link Gemm} and its register tiles), the activations
 * ({@link VectorActivations}) and the element-wise updates ({@link VectorUpdates}). Compiled in a
 * compiler execution of its own (with the incubator module) and loaded by name from {@link
 * org.dendrite.runtime.kernel.KernelProvider}; nothing else refers to this package. Every kernel
 * computes each element in {@code ScalarKernels}' order of operations, and the scalar twin
 * finishes what is left past the last whole vector.
 */
public final class VectorKernels extends Kernels {
  /**
   * Creates the kernels.
   *
   * @throws UnsupportedOperationException if the preferred vector is narrower than 128 bits (the
   *     Vector API would then run emulated, slower than scalar code)
   */
  public VectorKernels() {
    if (S.vectorBitSize() < 128) {
      throw new UnsupportedOperationException(
          "the platform's preferred vector has only " + S.vectorBitSize() + " bits");
    }
  }

  @Override
  public String description() {
    return "vector (FloatVector, " + S.vectorBitSize() + " bits)";
  }

  // ---- matrix products --------------------------------------------------------------------

  @Override
  protected void product(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    Gemm.product(a, aOff, lda, 1, b, bOff, n, bias, biasOff, c, cOff, ldc, m, k, n);
  }

  @Override
  protected void productSkippingZeros(
      float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, boolean relu,
      float[] c, int cOff, int m, int k, int n) {
    if (!RowProduct.takes(m, k, n)) {
      super.productSkippingZeros(a, aOff, b, bOff, bias, biasOff, relu, c, cOff, m, k, n);
      return;
    }
    RowProduct.product(a, aOff, 1, b, bOff, n, c, cOff, k, n, true);
    if (bias != null) {
      Gemm.addBias(bias, biasOff, c, cOff, n, 1, n);
    }
    if (relu) {
      VectorActivations.relu(c, cOff, n);
    }
  }

  @Override
  protected void matmulBand(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
      int from, int to) {
    Gemm.product(a, aOff, k, 1, b, bOff + from, n, null, 0, c, cOff + from, n, m, k, to - from);
  }

  @Override
  protected void gatheredTransA(
      float[] a, int aOff, int[] rows, int[] depths, float[] g, int gOff, float[] c, int cOff,
      int m, int k, int n) {
    GatherGradient.transA(a, aOff, rows, depths, g, gOff, c, cOff, m, k, n);
  }

  @Override
  protected void gatheredProduct(
      float[] a, int aOff, int[] rows, int[] depths, float[] b, int bOff, float[] bias,
      int biasOff, boolean relu, float[] c, int cOff, int m, int k, int n) {
    GatherGemm.product(a, aOff, rows, depths, b, bOff, bias, biasOff, relu, c, cOff, m, k, n);
  }

  @Override
  protected void winogradInputTiles(float[] in, int inOff, int pitch, int tilesY, int tilesX,
      int channels, float[] v, int vOff, int plane) {
    VectorWinograd.input(in, inOff, pitch, tilesY, tilesX, channels, v, vOff, plane);
  }

  @Override
  protected void winogradOutputTiles(float[] m, int mOff, int plane, int tilesY, int tilesX,
      int filters, float[] bias, int biasOff, boolean relu, float[] out, int outOff,
      int outHeight, int outWidth) {
    VectorWinograd.output(m, mOff, plane, tilesY, tilesX, filters, bias, biasOff, relu, out,
        outOff, outHeight, outWidth);
  }

  /**
   * {@inheritDoc} Here: when a row holds at least one vector of outputs and the filters are fewer
   * than 16 and not a whole number of vectors, which would leave {@link GatherGemm}'s lanes partly
   * empty. Measured on 28×28 images, 5×5 SAME and 3×3 VALID windows (Zen 5, min of 20 loops): at
   * 512 bits the plane took 0.4–8.5 µs where the gathered product took 5.3–15 for 1 to 12
   * filters, but 5.5–9.5 against 3.5–8.8 for 16 and 10.7 against 4.4 for 32 (its transposition to
   * channels-last grows with the filters, 0.33 ns a value); at 256 bits 1.5–10 µs against 6.7–15
   * for 1, 4, 6 and 12 filters, while 8 and 16 filters, whole vectors, were as fast or faster
   * gathered. And at 512 bits for two vectors of filters, which {@link DirectConv} computes from
   * the plane in the gathered product's layout (3.0 µs against 3.7–3.8 for 26×26×32).
   */
  @Override
  public boolean prefersPlane(int outWidth, int filters) {
    return outWidth >= L && filters < 16 && filters % L != 0
        || DirectConv.takes(outWidth, filters);
  }

  @Override
  protected void planeConvolutionMaxPool2x2(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] conv, int convOff, float[] pooled, int pooledOff, int filters, boolean planes) {
    if (outWidth < L || DirectConv.takes(outWidth, filters)) {
      super.planeConvolutionMaxPool2x2(in, inOff, pitch, outHeight, outWidth, windowHeight,
          windowWidth, kernel, kernelOff, bias, biasOff, relu, conv, convOff, pooled, pooledOff,
          filters, planes);
      return;
    }
    PlaneConv.productMaxPool2x2(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth,
        kernel, kernelOff, bias, biasOff, relu, pooled, pooledOff, filters, planes);
  }

  @Override
  protected void planeConvolutionMaxPool2x2Argmax(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      int[] argmax, int argmaxOff, float[] pooled, int pooledOff, int filters, float[] scratch) {
    if (outWidth < L || DirectConv.takes(outWidth, filters)) {
      super.planeConvolutionMaxPool2x2Argmax(in, inOff, pitch, outHeight, outWidth, windowHeight,
          windowWidth, kernel, kernelOff, bias, biasOff, relu, argmax, argmaxOff, pooled,
          pooledOff, filters, scratch);
      return;
    }
    PlaneConv.productMaxPool2x2Argmax(in, inOff, pitch, outHeight, outWidth, windowHeight,
        windowWidth, kernel, kernelOff, bias, biasOff, relu, argmax, argmaxOff, pooled, pooledOff,
        filters);
  }

  @Override
  protected void routeArgmaxPlanes(int[] argmax, int argmaxOff, int height, int width,
      float[] g, int gOff, float[] dst, int dstOff, int pitch, int planes) {
    PlaneGradient.route(argmax, argmaxOff, height, width, g, gOff, dst, dstOff, pitch, planes);
  }

  @Override
  protected void planeGradient(float[] g, int gOff, int pitch, int height, int planes,
      float[] in, int inOff, int windowHeight, int windowWidth, float[] partials) {
    if (PLANE_PARTIALS % L != 0) { // lanes that do not divide the partial sums: value by value
      super.planeGradient(g, gOff, pitch, height, planes, in, inOff, windowHeight, windowWidth,
          partials);
      return;
    }
    PlaneGradient.kernelGradient(g, gOff, pitch, height, planes, in, inOff, windowHeight,
        windowWidth, partials);
  }

  @Override
  protected void planeConvolution(
      float[] in, int inOff, int pitch, int outHeight, int outWidth, int windowHeight,
      int windowWidth, float[] kernel, int kernelOff, float[] bias, int biasOff, boolean relu,
      float[] out, int outOff, int filters) {
    if (DirectConv.takes(outWidth, filters)) {
      DirectConv.product(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
          kernelOff, bias, biasOff, relu, out, outOff);
      return;
    }
    PlaneConv.product(in, inOff, pitch, outHeight, outWidth, windowHeight, windowWidth, kernel,
        kernelOff, bias, biasOff, relu, out, outOff, filters);
  }

  @Override
  protected void biasRows(float[] c, int cOff, int rows, int cols, float[] bias, int biasOff) {
    Gemm.addBias(bias, biasOff, c, cOff, cols, rows, cols);
  }

  @Override
  protected void productTransA(
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int m,
      int k, int n) {
    if (NarrowTransA.takes(m, k, n)) {
      NarrowTransA.product(a, aOff, lda, b, bOff, ldb, c, cOff, m, k, n);
      return;
    }
    if (TransATiles.takes(m, k, n)) {
      TransATiles.product(a, aOff, lda, b, bOff, ldb, c, cOff, m, k, n);
      return;
    }
    if (PackedGemm.takesTransA(m, k, n)) {
      PackedGemm.transA(a, aOff, lda, b, bOff, ldb, c, cOff, m, k, n);
      return;
    }
    // Output row p reduces over the batch index i: A(p, i) = a[i][p].
    Gemm.product(a, aOff, 1, lda, b, bOff, ldb, null, 0, c, cOff, n, k, m, n);
  }

  @Override
  protected void productTransB(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int m, int n,
      int k, float[] scratch) {
    if (PackedGemm.takes(m, n, k)) { // packing reads bᵀ in place: no transposed copy
      PackedGemm.gemm(a, aOff, lda, 1, b, bOff, n, true, c, cOff, k, m, n, k);
    } else {
      super.productTransB(a, aOff, lda, b, bOff, c, cOff, m, n, k, scratch);
    }
  }

  @Override
  protected void productRelu(
      float[] a, int aOff, int lda, float[] b, int bOff, float[] bias, int biasOff, float[] c,
      int cOff, int ldc, int m, int k, int n) {
    Gemm.matmulRelu(a, aOff, lda, b, bOff, bias, biasOff, c, cOff, ldc, m, k, n);
  }

  @Override
  protected void sumColumns(float[] a, int aOff, int lda, int m, int n, float[] dst, int dstOff,
      boolean add) {
    Gemm.columnSums(a, aOff, lda, m, n, dst, dstOff, add);
  }

  // ---- activations ---------------------------------------------------------------------

  @Override
  protected void reluRange(float[] x, int off, int len) {
    VectorActivations.relu(x, off, len);
  }

  @Override
  protected void leakyReluRange(float[] x, int off, int len, float alpha) {
    VectorActivations.leakyRelu(x, off, len, alpha);
  }

  @Override
  protected void sigmoidRange(float[] x, int off, int len) {
    VectorActivations.sigmoid(x, off, len);
  }

  @Override
  protected void tanhRange(float[] x, int off, int len) {
    VectorActivations.tanh(x, off, len);
  }

  @Override
  protected void softplusRange(float[] x, int off, int len) {
    VectorActivations.softplus(x, off, len);
  }

  @Override
  protected void reluBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    VectorActivations.reluBackward(y, yOff, g, gOff, len);
  }

  @Override
  protected void leakyReluBackwardRange(float[] y, int yOff, float[] g, int gOff, int len,
      float alpha) {
    VectorActivations.leakyReluBackward(y, yOff, g, gOff, len, alpha);
  }

  @Override
  protected void sigmoidBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    VectorActivations.sigmoidBackward(y, yOff, g, gOff, len);
  }

  @Override
  protected void tanhBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    VectorActivations.tanhBackward(y, yOff, g, gOff, len);
  }

  @Override
  protected void softplusBackwardRange(float[] y, int yOff, float[] g, int gOff, int len) {
    VectorActivations.softplusBackward(y, yOff, g, gOff, len);
  }

  // ---- element-wise and updates ----------------------------------------------------------

  @Override
  protected void multiplyRange(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff,
      int len) {
    VectorUpdates.multiply(a, aOff, b, bOff, dst, dstOff, len);
  }

  @Override
  protected void addRange(float[] dst, float[] src, int from, int to) {
    VectorUpdates.add(dst, src, from, to);
  }

  @Override
  protected void accumulateRange(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    VectorUpdates.accumulate(src, srcOff, dst, dstOff, len);
  }

  @Override
  protected void addWindowsChecked(float[] src, int srcOff, int srcStep, float[] dst,
      int dstOff, int pitch, int step, int rows, int run, int count) {
    VectorUpdates.addWindows(src, srcOff, srcStep, dst, dstOff, pitch, step, rows, run, count);
  }

  @Override
  protected void sumRunsChecked(float[] src, int srcOff, int[] offsets, int[] starts,
      int pixels, float[] dst, int dstOff, int c) {
    VectorUpdates.sumRuns(src, srcOff, offsets, starts, pixels, dst, dstOff, c);
  }

  @Override
  protected void maxIntoRange(float[] src, int srcOff, float[] dst, int dstOff, int len) {
    VectorUpdates.maxInto(src, srcOff, dst, dstOff, len);
  }

  @Override
  protected void poolWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] out, int outOff, int count) {
    VectorUpdates.maxWindows(in, inOff, pitch, step, rows, cols, c, out, outOff, count);
  }

  @Override
  protected void routeMaxRange(float[] in, int inOff, float[] max, int maxOff, float[] g, int gOff,
      float[] dst, int dstOff, int len) {
    VectorUpdates.routeMax(in, inOff, max, maxOff, g, gOff, dst, dstOff, len);
  }

  @Override
  protected void routeWindows(float[] in, int inOff, int pitch, int step, int rows, int cols,
      int c, float[] max, int maxOff, float[] g, int gOff, float[] dst, int dstOff, int count,
      boolean overwrite) {
    VectorUpdates.routeMaxWindows(in, inOff, pitch, step, rows, cols, c, max, maxOff, g, gOff,
        dst, dstOff, count, overwrite);
  }

  @Override
  protected void poolWindows2x2Argmax(float[] in, int inOff, int pitch, int c, float[] out,
      int outOff, int[] argmax, int argmaxOff, int count, boolean relu) {
    VectorUpdates.maxWindows2x2Argmax(in, inOff, pitch, c, out, outOff, argmax, argmaxOff, count,
        relu);
  }

  @Override
  protected void routeWindows2x2Argmax(int[] argmax, int argmaxOff, float[] g, int gOff, int c,
      float[] dst, int dstOff, int pitch, int count) {
    VectorUpdates.routeArgmax2x2(argmax, argmaxOff, g, gOff, c, dst, dstOff, pitch, count);
  }

  @Override
  protected void scatterWindows(float[] kernel, int kernelOff, int fh, int fw, int c,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols,
      float[] dst, int dstOff, int h, int w, int n) {
    ArgmaxScatter.scatter(kernel, kernelOff, fh, fw, c, filters, argmax, argmaxOff, g, gOff, rows,
        cols, dst, dstOff, h, w, n);
  }

  @Override
  protected void gatherWindows(float[] in, int inOff, int h, int w, int c, int fh, int fw,
      int filters, int[] argmax, int argmaxOff, float[] g, int gOff, int rows, int cols, int n,
      float[] gradients, int kernelOff, int biasOff) {
    ArgmaxGather.gradient(in, inOff, h, w, c, fh, fw, filters, argmax, argmaxOff, g, gOff, rows,
        cols, n, gradients, kernelOff, biasOff);
  }

  @Override
  protected void sgdRange(float[] p, float[] g, int from, int to, float lr) {
    VectorUpdates.sgd(p, g, from, to, lr);
  }

  @Override
  protected void adamRange(
      float[] p, float[] g, float[] m, float[] v, int from, int to, float alpha, float beta1,
      float beta2, float epsilon) {
    VectorUpdates.adam(p, g, m, v, from, to, alpha, beta1, beta2, epsilon);
  }

  @Override
  protected void clipRange(float[] x, int from, int to, float limit) {
    VectorUpdates.clip(x, from, to, limit);
  }

  @Override
  protected void scaleRange(float[] x, int from, int to, float factor) {
    VectorUpdates.scale(x, from, to, factor);
  }

  @Override
  protected void unsignedByteValues(byte[] src, int srcOff, float divisor, float[] dst,
      int dstOff, int len) {
    VectorUpdates.unsignedBytes(src, srcOff, divisor, dst, dstOff, len);
  }

  @Override
  protected void decayRange(float[] p, int from, int to, float rate) {
    VectorUpdates.decay(p, from, to, rate);
  }

  @Override
  protected void flushSubnormalsRange(float[] x, int from, int to) {
    VectorUpdates.flushSubnormals(x, from, to);
  }

  @Override
  protected void momentumRange(
      float[] p, float[] g, float[] m, int from, int to, float lr, float momentum,
      boolean nesterov) {
    VectorUpdates.momentum(p, g, m, from, to, lr, momentum, nesterov);
  }

  @Override
  protected void adagradRange(float[] p, float[] g, float[] acc, int from, int to, float lr,
      float epsilon) {
    VectorUpdates.adagrad(p, g, acc, from, to, lr, epsilon);
  }

  @Override
  protected void rmspropRange(
      float[] p, float[] g, float[] v, float[] a, float[] m, int from, int to, float lr, float rho,
      float momentum, float epsilon) {
    VectorUpdates.rmsprop(p, g, v, a, m, from, to, lr, rho, momentum, epsilon);
  }

  @Override
  protected double l1l2Range(float[] w, int off, int len, float l1, float l2, float[] g, int gOff) {
    return VectorUpdates.l1l2(w, off, len, l1, l2, g, gOff);
  }

  /** Independent chains of {@link #fmaPeak}: enough to cover 4-cycle latency at 2 FMAs/cycle. */
  private static final int PEAK_CHAINS = 12;

  @Override
  public float fmaPeak(long steps) {
    FloatVector x = FloatVector.broadcast(S, 0.9999999f);
    FloatVector y = FloatVector.broadcast(S, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(S, 1.0f);
    FloatVector a1 = FloatVector.broadcast(S, 1.1f);
    FloatVector a2 = FloatVector.broadcast(S, 1.2f);
    FloatVector a3 = FloatVector.broadcast(S, 1.3f);
    FloatVector a4 = FloatVector.broadcast(S, 1.4f);
    FloatVector a5 = FloatVector.broadcast(S, 1.5f);
    FloatVector a6 = FloatVector.broadcast(S, 1.6f);
    FloatVector a7 = FloatVector.broadcast(S, 1.7f);
    FloatVector a8 = FloatVector.broadcast(S, 1.8f);
    FloatVector a9 = FloatVector.broadcast(S, 1.9f);
    FloatVector a10 = FloatVector.broadcast(S, 2.0f);
    FloatVector a11 = FloatVector.broadcast(S, 2.1f);
    for (long i = 0; i < steps; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
        .add(a11).reduceLanes(VectorOperators.ADD);
  }

  @Override
  public long fmaPeakFlopsPerStep() {
    return (long) PEAK_CHAINS * L * 2;
  }

  // ---- dropout ---------------------------------------------------------------------------------

  @Override
  protected void dropoutMaskRange(
      float[] mask, int off, int len, long key, long base, float rate, float keep) {
    VectorDropout.fill(mask, off, len, key, base, rate, keep, keepThreshold(rate));
  }
}
