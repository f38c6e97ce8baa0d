package org.dendrite.compiler.testing;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dendrite.runtime.Model;

/**
 * The compiler tests' view of the runtime's {@link org.dendrite.runtime.GradientCheck}: central
 * differences of the mean loss, parameter by parameter, against the generated backward pass,
 * through the {@link Model} interface alone, so that it checks any generated network. See the
 * runtime class for the error measure and the treatment of kinks.
 */
public final class GradientCheck {
  /** One-sided slopes further apart than this mark a kink. */
  public static final double KINK = org.dendrite.runtime.GradientCheck.KINK;

  private GradientCheck() {}

  /** {@code count} samples of {@code model}'s inputs, each value uniform in [-1, 1). */
  public static float[] randomInputs(Model model, int count, SplittableRandom rng) {
    float[] inputs = new float[count * model.inputSize()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return inputs;
  }

  /** {@code count} class indices below {@code model}'s output size, for a sparse loss. */
  public static float[] randomClasses(Model model, int count, SplittableRandom rng) {
    float[] targets = new float[count];
    for (int i = 0; i < count; i++) {
      targets[i] = rng.nextInt(model.outputSize());
    }
    return targets;
  }

  /**
   * Moves each of {@code model}'s parameters by up to ±0.1, so that biases (which start at zero)
   * and the rest are checked off their initial values; returns the parameters.
   */
  public static float[] perturb(Model model, SplittableRandom rng) {
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * (2 * rng.nextDouble() - 1));
    }
    return p;
  }

  /** The largest difference found, where, and how many parameters sat on a kink. */
  public record Result(double maxError, int index, double numeric, double analytic, int kinks,
      int parameters) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "max error %.3g at parameter %d (numeric %.6g, analytic %.6g); %d of %d parameters on"
              + " a kink", maxError, index, numeric, analytic, kinks, parameters);
    }
  }

  /**
   * Compares {@link Model#computeGradients} with central differences of the inference-mode loss
   * (the same as training mode without dropout).
   */
  public static Result check(Model model, float[] inputs, float[] targets, int count, float h) {
    return check(model, inputs, targets, count, h, KINK);
  }

  /** {@link #check(Model, float[], float[], int, float)} with a kink threshold. */
  public static Result check(Model model, float[] inputs, float[] targets, int count, float h,
      double kink) {
    return result(model, org.dendrite.runtime.GradientCheck.of(model).step(h).kink(kink)
        .checkInference(samples(inputs, count * model.inputSize()),
            samples(targets, count * model.targetSize())));
  }

  /**
   * The same comparison in training mode: the loss {@code BatchPass.train} computes (batch
   * statistics, dropout masks of a fixed step), without step-wide terms or side effects.
   */
  public static Result checkTraining(Model model, float[] inputs, float[] targets, int count,
      float h) {
    return checkTraining(model, inputs, targets, count, h, KINK);
  }

  /** {@link #checkTraining(Model, float[], float[], int, float)} with a kink threshold. */
  public static Result checkTraining(Model model, float[] inputs, float[] targets, int count,
      float h, double kink) {
    return result(model, org.dendrite.runtime.GradientCheck.of(model).step(h).kink(kink)
        .check(samples(inputs, count * model.inputSize()),
            samples(targets, count * model.targetSize())));
  }

  private static float[] samples(float[] values, int length) {
    return values.length == length ? values : Arrays.copyOf(values, length);
  }

  private static Result result(Model model, org.dendrite.runtime.GradientCheck.Report r) {
    return new Result(r.maxError(), r.parameter(), r.numeric(), r.analytic(), r.kinks(),
        model.parameterCount());
  }
}
