import java.util.Locale;
import java.util.SplittableRandom;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.support.Convolutions;
import org.dendrite.runtime.support.Window2D;

/**
 * The steps of keras-convnet's two convolutions in a training step, each on its own, one thread:
 * microseconds per batch (the best of five loops) and GFLOP/s of the products. {@code conv2}
 * (13×13×32 → 11×11×64, 3×3): im2col, the forward product, the weight gradient {@code
 * patchesᵀ · G}, the input gradient {@code G · kernelᵀ}, col2im; {@code conv1} (28×28×1 →
 * 26×26×32) both ways: im2col, the product and {@code patchesᵀ · G}, against reading the windows
 * in place ({@code Convolutions.convolve} and {@code kernelGradient}). Random values: the time
 * does not depend on them. Not part of the build; after {@code mvn -DskipTests package}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp samples/target/dendrite-samples.jar \
 *     samples/bench/ConvTrainSteps.java [BATCH] [ROUNDS]
 * </pre>
 */
public class ConvTrainSteps {
  interface Step {
    void run();
  }

  static double micros(Step step, int reps) {
    for (int i = 0; i < reps; i++) {
      step.run();
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        step.run();
      }
      best = Math.min(best, (System.nanoTime() - t) / 1e3 / reps);
    }
    return best;
  }

  static float[] random(SplittableRandom rng, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Kernels k = Kernels.get();
    SplittableRandom rng = new SplittableRandom(1);
    Window2D w2 = new Window2D(13, 13, 32, 3, 3, 1, 1, 0, 0, 11, 11);
    Window2D w1 = new Window2D(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26);
    int rows2 = n * w2.outputPixels();
    int depth2 = w2.depth();
    int filters2 = 64;
    float[] in2 = random(rng, n * w2.inputSize());
    float[] patches2 = new float[rows2 * depth2];
    float[] kernel2 = random(rng, depth2 * filters2);
    float[] bias2 = random(rng, filters2);
    float[] out2 = new float[rows2 * filters2];
    float[] grad2 = random(rng, rows2 * filters2);
    float[] dKernel2 = new float[depth2 * filters2];
    float[] dPatches2 = new float[rows2 * depth2];
    float[] dIn2 = new float[in2.length];
    float[] scratch = new float[depth2 * filters2];
    int rows1 = n * w1.outputPixels();
    int filters1 = 32;
    float[] in1 = random(rng, n * w1.inputSize());
    float[] patches1 = new float[rows1 * w1.depth()];
    float[] kernel1 = random(rng, w1.depth() * filters1);
    float[] bias1 = random(rng, filters1);
    float[] out1 = new float[rows1 * filters1];
    float[] grad1 = random(rng, rows1 * filters1);
    float[] dKernel1 = new float[w1.depth() * filters1];
    int reps = Math.max(2, 2000 / n);
    double flops2 = 2.0 * rows2 * depth2 * filters2 / 1e3; // per µs: GFLOP/s
    double flops1 = 2.0 * rows1 * w1.depth() * filters1 / 1e3;
    System.out.println(k.description() + ", batch " + n + ", µs per batch (GFLOP/s)");
    for (int round = 1; round <= rounds; round++) {
      double im2col2 = micros(() -> Convolutions.im2col(w2, in2, 0, n, patches2), reps);
      double forward2 = micros(() -> k.matmulRelu(patches2, 0, kernel2, 0, bias2, 0, out2, 0,
          rows2, depth2, filters2), reps);
      double weights2 = micros(() -> k.matmulTransA(patches2, 0, grad2, 0, dKernel2, 0, rows2,
          depth2, filters2), reps);
      double inputs2 = micros(() -> k.matmulTransB(grad2, 0, kernel2, 0, dPatches2, 0, rows2,
          filters2, depth2, scratch), reps);
      double col2im2 = micros(() -> Convolutions.col2im(w2, dPatches2, n, dIn2), reps);
      double im2col1 = micros(() -> Convolutions.im2col(w1, in1, 0, n, patches1), reps);
      double forward1 = micros(() -> k.matmulRelu(patches1, 0, kernel1, 0, bias1, 0, out1, 0,
          rows1, w1.depth(), filters1), reps);
      double weights1 = micros(() -> k.matmulTransA(patches1, 0, grad1, 0, dKernel1, 0, rows1,
          w1.depth(), filters1), reps);
      double convolve1 = micros(() -> Convolutions.convolve(w1, in1, 0, n, kernel1, 0, bias1, 0,
          true, filters1, out1, 0), reps);
      double gradient1 = micros(() -> Convolutions.kernelGradient(w1, in1, 0, n, grad1,
          filters1, dKernel1, 0), reps);
      System.out.printf(Locale.ROOT, "round %d conv2: im2col %.0f, forward %.0f (%.0f),"
          + " weight gradient %.0f (%.0f), input gradient %.0f (%.0f), col2im %.0f%n", round,
          im2col2, forward2, flops2 / forward2, weights2, flops2 / weights2, inputs2,
          flops2 / inputs2, col2im2);
      System.out.printf(Locale.ROOT, "round %d conv1 copied: im2col %.0f, forward %.0f (%.0f),"
          + " weight gradient %.0f (%.0f); in place: forward %.0f (%.0f), weight gradient %.0f"
          + " (%.0f)%n", round, im2col1, forward1, flops1 / forward1, weights1,
          flops1 / weights1, convolve1, flops1 / convolve1, gradient1, flops1 / gradient1);
    }
  }
}
