package org.dendrite.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Checks a model's analytic gradients against numerical ones, the textbook's
 * {@code numerical_gradient} (and PyTorch's {@code gradcheck}): for every parameter {@code p},
 * the central difference {@code (L(p + h) - L(p - h)) / 2h} of the mean loss over a batch is
 * compared with the gradient the generated backward pass computes. Use it when adding a layer
 * kind to the compiler or when a network will not learn:
 *
 * <pre>{@code
 * GradientCheck.Report r = GradientCheck.of(model).check(inputs, targets);
 * if (!r.passed()) System.out.println(r);  // the worst tensor, index and error
 * }</pre>
 *
 * <p>Precision: the network computes in float, so the step taken is the one float rounding
 * allows ({@code (double) (p + h) - p}, not {@code h}), and the differences and errors are taken
 * in double. The error of a parameter is {@code |numeric - analytic| / max(1, |numeric| +
 * |analytic|)}: relative for large gradients, absolute for small ones, so that the float
 * rounding of a loss near 0 does not read as a failure. With {@code h = 1e-3} float32 losses
 * carry about 1e-7 relative rounding amplified by {@code 1/2h}, plus the {@code O(h²)} truncation:
 * correct gradients stay below the default tolerance, 5e-4; a wrong one (a missing factor, a
 * transposed index) is off by far more.
 *
 * <p>A central difference straddling a kink (a ReLU pre-activation or an L1-penalised weight
 * within {@code h} of 0) is wrong by design: such a parameter is left out and counted in
 * {@link Report#kinks} when its one-sided slopes differ by more than {@link #KINK} (see
 * {@link #kink}) and the analytic gradient is closer to one of them than to the central
 * difference.
 *
 * <p>The check changes no parameter for good (each is restored after its two evaluations) and
 * costs two forward passes of the batch per parameter checked: for a large network, check a
 * sample of each tensor ({@link #perTensor}) on a small batch.
 */
public final class GradientCheck {
  /** One-sided slopes further apart than this mark a kink. */
  public static final double KINK = 5e-3;

  private final Model model;
  private float step = 1e-3f;
  private double tolerance = 5e-4;
  private double kink = KINK;
  private int perTensor = Integer.MAX_VALUE;
  private long seed;

  private GradientCheck(Model model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** A check of {@code model}'s gradients, with a step of 1e-3 and a tolerance of 5e-4. */
  public static GradientCheck of(Model model) {
    return new GradientCheck(model);
  }

  /** The step {@code h} of the central differences (default 1e-3). */
  public GradientCheck step(float h) {
    if (!(h > 0 && h < 1)) {
      throw new IllegalArgumentException("the step must be in (0, 1), got " + h);
    }
    this.step = h;
    return this;
  }

  /** The largest error a passing check allows (default 5e-4). */
  public GradientCheck tolerance(double tolerance) {
    if (!(tolerance > 0 && tolerance < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("the tolerance must be positive, got " + tolerance);
    }
    this.tolerance = tolerance;
    return this;
  }

  /**
   * One-sided slopes further apart than this mark a kink (default {@link #KINK}). A convolution's
   * weight meets hundreds of pre-activations, and when one of them crosses zero its slope changes
   * by a fraction of what a dense weight's would: check convolutions with a threshold near the
   * tolerance (5e-4) so that such partial kinks are recognised.
   */
  public GradientCheck kink(double slopes) {
    if (!(slopes > 0 && slopes < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("the kink threshold must be positive, got " + slopes);
    }
    this.kink = slopes;
    return this;
  }

  /**
   * Checks at most {@code count} parameters of each tensor, drawn with {@code seed} (default:
   * every parameter).
   */
  public GradientCheck perTensor(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    this.perTensor = count;
    this.seed = seed;
    return this;
  }

  /**
   * The result: the worst parameter checked (its tensor, its index in the tensor and in
   * {@link Model#parameters()}, both gradients and their error), how many parameters were left
   * out on a kink, how many were checked, and whether the worst error is within the tolerance.
   */
  public record Report(double maxError, String tensor, int[] index, int parameter,
      double numeric, double analytic, int kinks, int checked, double tolerance) {
    /** Copies the index. */
    public Report {
      index = index.clone();
    }

    /** Whether every parameter checked is within the tolerance. */
    public boolean passed() {
      return maxError <= tolerance;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "gradient check %s: max error %.3g (tolerance %.3g) at"
          + " %s%s, parameter %d: numeric %.6g, analytic %.6g; %d parameters checked, %d left"
          + " out on a kink", passed() ? "passed" : "FAILED", maxError, tolerance, tensor,
          Arrays.toString(index), parameter, numeric, analytic, checked, kinks);
    }
  }

  /**
   * Checks the gradients of the mean loss over {@code inputs} and {@code targets} (whole
   * samples), in training mode: the loss {@link BatchPass#train} computes, with batch
   * statistics in batch normalisation and the dropout masks of one fixed step. Step-wide terms
   * (weight penalties) are not part of it, and nothing is updated as a side effect (moving
   * averages).
   *
   * @throws IllegalArgumentException if the arrays do not hold the same whole number of samples,
   *     at least one
   */
  public Report check(float[] inputs, float[] targets) {
    int count = samples(inputs, targets);
    BatchPass pass = model.newBatchPass(count);
    float[] analytic = new float[model.parameterCount()];
    float[] scratch = new float[model.parameterCount()];
    float scale = 1f / count;
    BatchPass.Step s = new BatchPass.Step().samples(inputs, 0, targets, 0, count).at(5, 1);
    pass.train(s.gradients(analytic, scale));
    return compare(analytic, () -> pass.train(s.gradients(scratch, scale)) / count);
  }

  /**
   * Checks {@link Model#computeGradients} against the inference-mode loss
   * ({@link BatchPass#evaluate}): the same as {@link #check} for a network without dropout or
   * batch normalisation, whose two modes differ.
   *
   * @throws IllegalArgumentException if the arrays do not hold the same whole number of samples,
   *     at least one
   */
  public Report checkInference(float[] inputs, float[] targets) {
    int count = samples(inputs, targets);
    model.computeGradients(inputs, targets, count);
    float[] analytic = model.gradients().clone();
    BatchPass pass = model.newBatchPass(count);
    return compare(analytic, () -> pass.evaluate(inputs, 0, targets, 0, count) / count);
  }

  private int samples(float[] inputs, float[] targets) {
    int in = model.inputSize();
    int ts = model.targetSize();
    if (inputs.length == 0 || inputs.length % in != 0 || targets.length % ts != 0
        || inputs.length / in != targets.length / ts) {
      throw new IllegalArgumentException(inputs.length + " input values and " + targets.length
          + " target values are not the same number (at least 1) of samples of " + in + " and "
          + ts + " for " + model.name());
    }
    return inputs.length / in;
  }

  private Report compare(float[] analytic, DoubleSupplier loss) {
    float[] p = model.parameters();
    double center = loss.getAsDouble();
    double worst = -1;
    int worstIndex = -1;
    double worstNumeric = 0;
    int kinks = 0;
    int checked = 0;
    for (int i : parametersToCheck()) {
      float saved = p[i];
      p[i] = saved + step;
      double up = (double) p[i] - saved; // the step float rounding allows
      double plus = loss.getAsDouble();
      p[i] = saved - step;
      double down = (double) saved - p[i];
      double minus = loss.getAsDouble();
      p[i] = saved;
      double right = (plus - center) / up;
      double left = (center - minus) / down;
      double numeric = (plus - minus) / (up + down);
      double a = analytic[i];
      if (Math.abs(right - left) > kink
          && Math.min(Math.abs(a - left), Math.abs(a - right)) < Math.abs(a - numeric)) {
        kinks++;
        continue;
      }
      checked++;
      double error = Math.abs(numeric - a) / Math.max(1.0, Math.abs(numeric) + Math.abs(a));
      if (!(error <= worst)) { // a NaN is the worst
        worst = error;
        worstIndex = i;
        worstNumeric = numeric;
      }
    }
    if (worstIndex < 0) {
      return new Report(0, "none", new int[0], -1, 0, 0, kinks, 0, tolerance);
    }
    TensorView v = tensorOf(worstIndex);
    return new Report(Double.isNaN(worst) ? Double.POSITIVE_INFINITY : worst,
        v == null ? "parameters" : v.name(),
        v == null ? new int[] {worstIndex} : unravel(worstIndex - v.offset(), v.shape()),
        worstIndex, worstNumeric, analytic[worstIndex], kinks, checked, tolerance);
  }

  /** Every parameter, or a sample of each tensor; in increasing order. */
  private int[] parametersToCheck() {
    List<TensorView> tensors = trainable();
    int n = model.parameterCount();
    if (perTensor == Integer.MAX_VALUE || tensors.isEmpty()) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> out = new ArrayList<>();
    for (TensorView v : tensors) {
      int size = v.size();
      int[] order = new int[size];
      Arrays.setAll(order, i -> i);
      int k = Math.min(perTensor, size);
      for (int i = 0; i < k; i++) { // a partial Fisher-Yates: the first k of a shuffle
        int j = i + random.nextInt(size - i);
        int x = order[i];
        order[i] = order[j];
        order[j] = x;
      }
      for (int i = 0; i < k; i++) {
        out.add(v.offset() + order[i]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private List<TensorView> trainable() {
    List<TensorView> out = new ArrayList<>();
    for (Layer layer : model.layers()) {
      for (TensorView w : layer.weights()) {
        if (w.array() == model.parameters()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private TensorView tensorOf(int parameter) {
    for (TensorView v : trainable()) {
      if (parameter >= v.offset() && parameter < v.offset() + v.size()) {
        return v;
      }
    }
    return null;
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return index;
  }
}
