package org.dendrite.compiler.testing;

import java.util.Locale;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;

/**
 * The textbook's numerical gradient: central differences of the mean loss, parameter by
 * parameter, compared with {@link Model#computeGradients}. Works through the {@link Model}
 * interface alone, so it checks any generated network.
 *
 * <p>A central difference straddling a kink of ReLU-family activations (a pre-activation within
 * {@code h} of 0) is wrong by design. Such parameters are recognised from the loss alone: there
 * the one-sided slopes {@code (L(p+h) - L(p)) / h} and {@code (L(p) - L(p-h)) / h} differ by the
 * jump of the slope, while for a smooth loss they differ by about {@code h·L''}. They are counted
 * and left out of the comparison; a wrong backward pass cannot make the loss non-smooth, so it
 * cannot hide there.
 */
public final class GradientCheck {
  /** One-sided slopes further apart than this mark a kink. */
  public static final double KINK = 5e-3;

  private GradientCheck() {}

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
   * Compares, for every parameter off a kink, {@code (L(p + h) - L(p - h)) / 2h} with the analytic
   * gradient, measuring the error as {@code |numeric - analytic| / max(1, |numeric| +
   * |analytic|)}. The loss is taken in inference mode (the same as training mode without
   * dropout).
   */
  public static Result check(Model model, float[] inputs, float[] targets, int count, float h) {
    model.computeGradients(inputs, targets, count);
    float[] analytic = model.gradients().clone();
    float[] p = model.parameters();
    BatchPass pass = model.newBatchPass(count);
    double center = pass.evaluate(inputs, 0, targets, 0, count) / count;
    double worst = 0;
    int worstIndex = -1;
    double worstNumeric = 0;
    int kinks = 0;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = saved + h;
      double up = (double) p[i] - saved;
      double plus = pass.evaluate(inputs, 0, targets, 0, count) / count;
      p[i] = saved - h;
      double down = (double) saved - p[i];
      double minus = pass.evaluate(inputs, 0, targets, 0, count) / count;
      p[i] = saved;
      double right = (plus - center) / up;
      double left = (center - minus) / down;
      if (Math.abs(right - left) > KINK) {
        kinks++;
        continue;
      }
      double numeric = (plus - minus) / (up + down);
      double error = Math.abs(numeric - analytic[i])
          / Math.max(1.0, Math.abs(numeric) + Math.abs(analytic[i]));
      if (error > worst || worstIndex < 0) {
        worst = error;
        worstIndex = i;
        worstNumeric = numeric;
      }
    }
    return new Result(worst, worstIndex, worstNumeric,
        worstIndex < 0 ? 0 : analytic[worstIndex], kinks, p.length);
  }
}
