package org.dendrite.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SGD and Adam reproduce Keras' reference steps, and splitting an update changes no bit. */
class OptimizerTest {
  static final float[] VARS = {1f, 2f, 3f, 4f};
  static final float[] GRADS = {1f, 6f, 7f, 2f};

  @Test
  void sgdMatchesKerasReferenceStep() {
    float[] p = VARS.clone();
    new Sgd(0.5f).step(p, GRADS);
    assertArrayEquals(new float[] {0.5f, -1f, -0.5f, 3f}, p,
        "SGD(lr 0.5) of vars " + Arrays.toString(VARS) + ", grads " + Arrays.toString(GRADS));
  }

  @Test
  void adamMatchesKerasReferenceStep() {
    float[] p = VARS.clone();
    Adam adam = new Adam(0.5f);
    adam.step(p, GRADS);
    float[] keras = {0.5f, 1.5f, 2.5f, 3.5f};
    for (int i = 0; i < 4; i++) {
      String at = "Adam(lr 0.5), var " + VARS[i] + ", grad " + GRADS[i];
      // Keras' adam_test.test_single_step: assertAllClose(rtol=1e-4, atol=1e-4). The values are
      // not exactly var - 0.5: ε = 1e-7 shortens the step to 0.5·|g| / (|g| + ε/sqrt(1 - β₂)).
      assertEquals(keras[i], p[i], 1e-4 + 1e-4 * Math.abs(keras[i]), at + " (Keras' tolerance)");
      double g = GRADS[i];
      double m = 0.1 * g;
      double v = 0.001 * g * g;
      double alpha = 0.5 * Math.sqrt(1 - 0.999) / (1 - 0.9);
      double exact = VARS[i] - m * alpha / (Math.sqrt(v) + 1e-7);
      assertEquals(exact, p[i], 1e-6, at + " (Keras' formula in double)");
    }
    assertEquals(1, adam.iterations(), "iterations after one step");
  }

  @Test
  void adamThreeStepsFollowKerasFormulasInDouble() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-7;
    float[] p = {0.3f, -1.2f, 2f, 0f, 5f};
    float[][] grads = {
      {0.5f, -0.25f, 3f, 1e-3f, -2f},
      {-0.4f, -0.5f, 2f, 0f, -1f},
      {0.1f, 1f, -4f, 2e-3f, 0.5f},
    };
    double[] pd = new double[p.length];
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      pd[i] = p[i];
    }
    Adam adam = new Adam((float) lr, (float) b1, (float) b2, (float) eps);
    for (int t = 1; t <= 3; t++) {
      adam.step(p, grads[t - 1]);
      // Keras: alpha = lr·sqrt(1 - β₂ᵗ)/(1 - β₁ᵗ); m += (g - m)(1 - β₁); v += (g² - v)(1 - β₂);
      // p -= m·alpha/(sqrt(v) + ε).
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < p.length; i++) {
        double g = grads[t - 1][i];
        m[i] += (g - m[i]) * (1 - b1);
        v[i] += (g * g - v[i]) * (1 - b2);
        pd[i] -= m[i] * alpha / (Math.sqrt(v[i]) + eps);
        assertEquals(pd[i], p[i], 1e-6 * Math.max(1, Math.abs(pd[i])),
            "step " + t + ", parameter " + i);
      }
    }
    assertEquals(3, adam.iterations(), "iterations after three steps");
  }

  /** Applies one step to {@code params} as {@code ranges} consecutive update calls. */
  static void stepInRanges(Optimizer o, float[] params, float[] grads, int... bounds) {
    o.prepare(params.length);
    o.beginStep();
    for (int i = 0; i + 1 < bounds.length; i++) {
      o.update(params, grads, bounds[i], bounds[i + 1]);
    }
  }

  @Test
  void updateSplitIntoRangesIsBitIdenticalToOneUpdate() {
    SplittableRandom rng = new SplittableRandom(5);
    float[] big = new float[100];
    float[] bigGrads = new float[100];
    for (int i = 0; i < 100; i++) {
      big[i] = (float) rng.nextDouble(-2, 2);
      bigGrads[i] = (float) rng.nextDouble(-2, 2);
    }
    Object[][] cases = {
      {VARS, GRADS, new int[] {0, 2, 4}},
      {big, bigGrads, new int[] {0, 13, 64, 81, 100}},
    };
    for (Object[] c : cases) {
      float[] params = (float[]) c[0];
      float[] grads = (float[]) c[1];
      int[] bounds = (int[]) c[2];
      for (String kind : new String[] {"adam", "sgd"}) {
        Optimizer whole = kind.equals("adam") ? new Adam(0.1f) : new Sgd(0.1f);
        Optimizer split = kind.equals("adam") ? new Adam(0.1f) : new Sgd(0.1f);
        float[] pw = params.clone();
        float[] ps = params.clone();
        for (int step = 0; step < 3; step++) { // three steps: Adam's moments carry over too
          stepInRanges(whole, pw, grads, 0, params.length);
          stepInRanges(split, ps, grads, bounds);
          for (int i = 0; i < params.length; i++) {
            assertEquals(Float.floatToIntBits(pw[i]), Float.floatToIntBits(ps[i]),
                kind + " step " + (step + 1) + " of " + params.length + " parameters split at "
                    + Arrays.toString(bounds) + ": index " + i + ", whole " + pw[i] + ", split "
                    + ps[i]);
          }
        }
      }
    }
  }

  /**
   * A decaying average that falls below the smallest normal float stays as computed between
   * flushes and is +0 after the update of every {@link Optimizer#FLUSH_INTERVAL}-th step, for
   * every rule that keeps such averages; normal values are kept.
   */
  @Test
  void decayingStatesAreFlushedOfSubnormalsEveryFlushInterval() {
    float tiny = Float.MIN_NORMAL * 1.0005f; // one decay step (β ≤ 0.999) takes it below
    Optimizer[] rules = {new Adam(0.01f), new Sgd(0.01f, 0.9f, false),
        new RmsProp(0.01f, 0.9f, 0.5f, 1e-7f, true)};
    int n = 37; // vector lanes and a scalar tail
    for (Optimizer rule : rules) {
      float[] p = new float[n];
      float[] g = new float[n];
      rule.prepare(n);
      for (float[] state : rule.state().values()) {
        Arrays.fill(state, tiny);
        state[5] = 0.5f;
      }
      g[5] = 1f;
      rule.step(p, g); // step 1: decays, no flush
      for (var state : rule.state().entrySet()) {
        float value = state.getValue()[0];
        assertTrue(value != 0 && Math.abs(value) < Float.MIN_NORMAL,
            rule + ": " + state.getKey() + " is subnormal before a flush step, got " + value);
      }
      rule.restoreIterations(Optimizer.FLUSH_INTERVAL - 1);
      rule.step(p, g); // step FLUSH_INTERVAL: decays, then flushes
      for (var state : rule.state().entrySet()) {
        float[] values = state.getValue();
        for (int i = 0; i < n; i++) {
          String at = rule + ": " + state.getKey() + "[" + i + "] after step "
              + Optimizer.FLUSH_INTERVAL;
          if (i == 5) {
            assertTrue(Math.abs(values[i]) >= Float.MIN_NORMAL, at + " stays normal");
          } else {
            assertEquals(0, Float.floatToRawIntBits(values[i]), at + " is +0, got " + values[i]);
          }
        }
      }
    }
  }

  @Test
  void constructorsRejectInvalidConstants() {
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
        () -> new Adam(-0.5f));
    assertTrue(lr.getMessage().contains("learning rate") && lr.getMessage().contains("-0.5"),
        lr.getMessage());
    IllegalArgumentException sgd = assertThrows(IllegalArgumentException.class,
        () -> new Sgd(-0.5f));
    assertTrue(sgd.getMessage().contains("-0.5"), sgd.getMessage());
    IllegalArgumentException beta = assertThrows(IllegalArgumentException.class,
        () -> new Adam(0.001f, 1f, 0.999f, 1e-7f));
    assertTrue(beta.getMessage().contains("beta1") && beta.getMessage().contains("1.0")
        && beta.getMessage().contains("[0, 1)"), beta.getMessage());
    IllegalArgumentException eps = assertThrows(IllegalArgumentException.class,
        () -> new Adam(0.001f, 0.9f, 0.999f, -1f));
    assertTrue(eps.getMessage().contains("epsilon") && eps.getMessage().contains("-1.0"),
        eps.getMessage());
  }

  @Test
  void stepRejectsShortGradientsAndUpdateNeedsPrepare() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sgd().step(new float[4], new float[3]));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
    Adam adam = new Adam();
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> adam.update(new float[4], new float[4], 0, 4));
    assertTrue(s.getMessage().contains("prepare(4)"), s.getMessage());
  }

  /**
   * A schedule returning NaN, an infinity or a negative rate is refused at the step it does so,
   * with the step and the rate in the message, before the step changes anything; zero is a rate.
   */
  @Test
  void aScheduleReturningAnInvalidRateIsRefusedWithItsStep() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.01f}) {
      Sgd sgd = new Sgd(step -> step < 3 ? 0.1f : bad, 0f, false);
      float[] p = VARS.clone();
      for (int i = 0; i < 3; i++) {
        sgd.step(p, GRADS);
      }
      float[] before = p.clone();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sgd.step(p, GRADS));
      assertEquals("the learning-rate schedule gave " + bad + " for step 3; a learning rate"
          + " must be finite and >= 0", e.getMessage());
      assertArrayEquals(before, p, "weights changed by a refused step");
      assertEquals(3, sgd.iterations());
      assertThrows(IllegalArgumentException.class, () -> sgd.restoreIterations(7));
      assertEquals(3, sgd.iterations(), "a refused restore changes nothing");
      assertThrows(IllegalArgumentException.class, () -> new Adam(step -> bad),
          "the rate of step 0, at construction");
    }
    Sgd zero = new Sgd(step -> 0f, 0f, false);
    float[] p = VARS.clone();
    zero.step(p, GRADS);
    assertArrayEquals(VARS, p, "a zero rate is a rate: nothing moves");
  }

  /** Constants that would silently stop or corrupt training are refused when built. */
  @Test
  void infiniteOrNanConstantsAreRefused() {
    float inf = Float.POSITIVE_INFINITY;
    float nan = Float.NaN;
    List<Runnable> bad = List.of(
        () -> new Adam(1e-3f, 0.9f, 0.999f, inf), () -> new Adam(1e-3f, nan, 0.999f, 1e-7f),
        () -> new AdaGrad(0.01f, inf, 1e-7f), () -> new AdaGrad(0.01f, 0.1f, inf),
        () -> new RmsProp(1e-3f, 0.9f, 0f, inf, false), () -> new RmsProp(1e-3f, nan, 0f, 0f,
            false),
        () -> new Sgd(nan), () -> new Sgd(inf), () -> new Sgd(0.1f, nan, false),
        () -> new Sgd(0.1f).clipNorm(nan), () -> new Sgd(0.1f).weightDecay(inf));
    for (int i = 0; i < bad.size(); i++) {
      assertThrows(IllegalArgumentException.class, bad.get(i)::run, "case " + i);
    }
  }
}
