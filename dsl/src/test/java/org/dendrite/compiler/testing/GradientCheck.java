package org.dendrite.compiler.testing;

import java.util.Locale;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Model;

/**
 * The textbook's numerical gradient: central differences of the mean loss, parameter by
 * parameter, compared with {@link Model#computeGradients}. Works through the {@link Model}
 * interface alone, so it checks any generated network.
 *
 * <p>A central difference straddling a kink (a ReLU pre-activation or an L1-penalised weight
 * within {@code h} of 0) is wrong by design. Such a parameter is left out, and counted, only when
 * both signs of a kink are there: the one-sided slopes {@code (L(p+h) - L(p)) / h} and
 * {@code (L(p) - L(p-h)) / h} differ by more than {@link #KINK}, and the analytic gradient is
 * closer to one of them than to the central difference (the gradient on the side the parameter
 * sits on). A smooth loss with strong curvature also has diverging one-sided slopes, but there
 * the central difference matches, so it is checked.
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
    BatchPass pass = model.newBatchPass(count);
    return compare(model.parameters(), model.gradients().clone(), h,
        () -> pass.evaluate(inputs, 0, targets, 0, count) / count);
  }

  /**
   * The same comparison in training mode: the loss is the one {@link BatchPass#train} computes
   * (batch statistics in batch normalisation, dropout masks of a fixed step), taken with
   * {@code firstSample = 1} so that nothing is updated as a side effect (moving averages) and
   * nothing step-wide is added (penalties).
   */
  public static Result checkTraining(Model model, float[] inputs, float[] targets, int count,
      float h) {
    BatchPass pass = model.newBatchPass(count);
    float[] analytic = new float[model.parameterCount()];
    float[] scratch = new float[model.parameterCount()];
    float scale = 1f / count;
    BatchPass.Step step = new BatchPass.Step().samples(inputs, 0, targets, 0, count).at(5, 1);
    pass.train(step.gradients(analytic, scale));
    return compare(model.parameters(), analytic, h,
        () -> pass.train(step.gradients(scratch, scale)) / count);
  }

  private static Result compare(float[] p, float[] analytic, float h,
      java.util.function.DoubleSupplier loss) {
    double center = loss.getAsDouble();
    double worst = 0;
    int worstIndex = -1;
    double worstNumeric = 0;
    int kinks = 0;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = saved + h;
      double up = (double) p[i] - saved;
      double plus = loss.getAsDouble();
      p[i] = saved - h;
      double down = (double) saved - p[i];
      double minus = loss.getAsDouble();
      p[i] = saved;
      double right = (plus - center) / up;
      double left = (center - minus) / down;
      double numeric = (plus - minus) / (up + down);
      double a = analytic[i];
      boolean kink = Math.abs(right - left) > KINK
          && Math.min(Math.abs(a - left), Math.abs(a - right)) < Math.abs(a - numeric);
      if (kink) {
        kinks++;
        continue;
      }
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
