package org.dendrite.samples.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dendrite.runtime.kernel.KernelProvider;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.kernel.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of a dense layer, on the Vector API and on the scalar twin: the three matrix
 * products of a training step ({@code m × k} inputs, {@code k × n} weights) and Adam over the
 * weights. Divide {@code 2·m·k·n} FLOPs by the time per operation for GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
  /** {@code vector} (the Vector API) or {@code scalar} (the fallback). */
  @Param({"vector", "scalar"})
  public String kernels;

  /**
   * m×k×n: the first layer of 784-300-100-10 at batch 1, 32, 128 and 256 (a frozen class's
   * chunk), and the 1024→1024 layer at 256.
   */
  @Param({"1x784x300", "32x784x300", "128x784x300", "256x784x300", "256x1024x1024"})
  public String shape;

  private Kernels k;
  private int m;
  private int kk;
  private int n;
  private float[] x;
  private float[] w;
  private float[] bias;
  private float[] y;
  private float[] dy;
  private float[] dw;
  private float[] dx;
  private float[] scratch;
  private float[] adamM;
  private float[] adamV;

  /** Allocates and fills the operands. */
  @Setup
  public void setUp() {
    k = kernels.equals("vector") ? KernelProvider.vector() : new ScalarKernels();
    String[] dims = shape.split("x");
    m = Integer.parseInt(dims[0]);
    kk = Integer.parseInt(dims[1]);
    n = Integer.parseInt(dims[2]);
    SplittableRandom rng = new SplittableRandom(1);
    x = random(rng, m * kk);
    w = random(rng, kk * n);
    bias = random(rng, n);
    dy = random(rng, m * n);
    y = new float[m * n];
    dw = random(rng, kk * n);
    dx = new float[m * kk];
    scratch = new float[kk * n];
    adamM = new float[kk * n];
    adamV = new float[kk * n];
  }

  /** Forward: {@code y = x · w + bias}. */
  @Benchmark
  public float[] forward() {
    k.matmul(x, 0, w, 0, bias, 0, y, 0, m, kk, n);
    return y;
  }

  /** Kernel gradient: {@code dw = xᵀ · dy}. */
  @Benchmark
  public float[] kernelGradient() {
    k.matmulTransA(x, 0, dy, 0, dw, 0, m, kk, n);
    return dw;
  }

  /** Input gradient: {@code dx = dy · wᵀ}. */
  @Benchmark
  public float[] inputGradient() {
    k.matmulTransB(dy, 0, w, 0, dx, 0, m, n, kk, scratch);
    return dx;
  }

  /** One Adam step over the {@code k × n} weights (Keras' defaults). */
  @Benchmark
  public float[] adam() {
    k.adam(w, dw, adamM, adamV, 0, dw.length, 1e-3f, 0.9f, 0.999f, 1e-7f);
    return w;
  }

  private static float[] random(SplittableRandom rng, int size) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) (rng.nextDouble() - 0.5);
    }
    return a;
  }
}
