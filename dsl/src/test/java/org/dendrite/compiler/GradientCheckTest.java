package org.dendrite.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.Init;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.testing.GradientCheck;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numerical gradient checks of generated networks: for every legal pairing of a hidden activation
 * with an output activation and loss, {@code computeGradients} must agree with central
 * differences of the loss. All networks are generated, compiled in one javac run and used through
 * {@link Model} alone.
 */
class GradientCheckTest {
  /** Central-difference step. */
  static final float H = 1e-3f;

  /**
   * Tolerance on {@code |numeric - analytic| / max(1, |numeric| + |analytic|)}: float32 losses
   * carry about 1e-7 relative rounding, amplified by 1/2h = 500, plus the O(h²) truncation.
   */
  static final double TOLERANCE = 5e-4;

  /** At most this fraction of parameters may sit on a ReLU kink (see {@link GradientCheck}). */
  static final double MAX_KINK_FRACTION = 0.05;

  static final String PACKAGE = "gradcheck";

  /** The output activations each loss allows. */
  static final Map<LossKind, List<Activation>> OUTPUTS = Map.of(
      LossKind.MSE, List.of(Activation.LINEAR, Activation.SIGMOID, Activation.TANH,
          Activation.RELU, Activation.LEAKY_RELU, Activation.SOFTPLUS, Activation.SOFTMAX),
      LossKind.BINARY_CROSSENTROPY, List.of(Activation.SIGMOID),
      LossKind.CATEGORICAL_CROSSENTROPY, List.of(Activation.SOFTMAX),
      LossKind.SPARSE_CATEGORICAL_CROSSENTROPY, List.of(Activation.SOFTMAX));

  static final List<Activation> HIDDEN = List.of(Activation.LINEAR, Activation.SIGMOID,
      Activation.TANH, Activation.RELU, Activation.LEAKY_RELU, Activation.SOFTPLUS,
      Activation.SOFTMAX);

  static ClassLoader loader;

  static Stream<Arguments> pairings() {
    List<Arguments> out = new ArrayList<>();
    for (Activation hidden : HIDDEN) {
      for (LossKind loss : LossKind.values()) {
        for (Activation output : OUTPUTS.getOrDefault(loss, List.of())) {
          out.add(Arguments.of(hidden, output, loss));
        }
      }
    }
    return out.stream();
  }

  static String name(Activation hidden, Activation output, LossKind loss) {
    return "G_" + hidden + "_" + output + "_" + loss;
  }

  /** Input 2×3 → flatten → 5 hidden → 4 (no bias, other activation) → 3 outputs. */
  static Network network(Activation hidden, Activation output, LossKind loss) {
    Activation second = hidden == Activation.TANH ? Activation.SOFTPLUS : Activation.TANH;
    return NetworkBuilder.network(PACKAGE, name(hidden, output, loss))
        .loss(loss)
        .input("x", 2, 3)
        .flatten("flat")
        .dense("hidden", 5, hidden, true, Init.GLOROT_UNIFORM, 0.3f)
        .dense("second", 4, second, false, Init.AUTO, 0.2f)
        .dense("out", 3, output, true, Init.AUTO, 0.25f)
        .build();
  }

  /**
   * A network whose kernels carry L1 and L2 penalties, for each loss's usual output; with
   * {@code penalties} false, the same network without them.
   */
  static Network regularized(LossKind loss, boolean penalties) {
    Activation out = OUTPUTS.get(loss).get(0);
    float k = penalties ? 1f : 0f;
    return NetworkBuilder.network(PACKAGE, (penalties ? "R_" : "U_") + loss)
        .loss(loss)
        .input("x", 6)
        .dense("hidden", 5, Activation.TANH, true, Init.AUTO, 0.2f, 0.01f * k, 0.05f * k)
        .dense("second", 4, Activation.SIGMOID, false, Init.AUTO, 0.2f, 0f, 0.1f * k)
        .dense("out", 3, out, true, Init.AUTO, 0.2f, 0.02f * k, 0f)
        .build();
  }

  /** Batch normalisation before and after an activation, and dropout, in training mode. */
  static Network trainingOnly(Activation bnActivation) {
    return NetworkBuilder.network(PACKAGE, "T_" + bnActivation)
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("x", 6)
        .dense("linear", 5, Activation.LINEAR, false, Init.AUTO, 0.2f)
        .batchNorm("norm", bnActivation)
        .dense("hidden", 4, Activation.TANH)
        .dropout("drop", 0.4f)
        .batchNorm("again", Activation.LINEAR)
        .dense("out", 3, Activation.SOFTMAX)
        .build();
  }

  static Stream<Activation> batchNormActivations() {
    return Stream.of(Activation.LINEAR, Activation.RELU, Activation.LEAKY_RELU, Activation.TANH,
        Activation.SIGMOID, Activation.SOFTPLUS);
  }

  static Stream<LossKind> regularizedLosses() {
    return OUTPUTS.keySet().stream().sorted();
  }

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    NetworkCompiler compiler = new NetworkCompiler("test");
    Stream.concat(
        pairings().map(a -> network((Activation) a.get()[0], (Activation) a.get()[1],
            (LossKind) a.get()[2])),
        Stream.concat(regularizedLosses().flatMap(l -> Stream.of(regularized(l, true),
            regularized(l, false))), batchNormActivations().map(GradientCheckTest::trainingOnly)))
        .forEach(n -> {
      DiagnosticCollector diagnostics = new DiagnosticCollector();
      NetworkCompiler.Output out = compiler.compile(n, diagnostics)
          .orElseThrow(() -> new AssertionError(n.name() + ": " + diagnostics.diagnostics()));
      sources.put(PACKAGE + "." + n.generatedName(), out.file().toString());
    });
    loader = InMemoryJavac.compile(sources);
  }

  static Model instantiate(String name, long seed) throws ReflectiveOperationException {
    return (Model) loader.loadClass(PACKAGE + ".Compiled" + name)
        .getConstructor(long.class).newInstance(seed);
  }

  @ParameterizedTest(name = "hidden {0}, output {1}, loss {2}")
  @MethodSource("pairings")
  void gradientMatchesCentralDifferences(Activation hidden, Activation output, LossKind loss)
      throws ReflectiveOperationException {
    Model model = instantiate(name(hidden, output, loss), 7);
    int count = 6;
    SplittableRandom rng = new SplittableRandom(11);
    float[] inputs = GradientCheck.randomInputs(model, count, rng);
    float[] targets = targets(loss, model, count, rng);
    float[] p = GradientCheck.perturb(model, rng);
    GradientCheck.Result r = GradientCheck.check(model, inputs, targets, count, H);
    System.out.println(name(hidden, output, loss) + ": " + r);
    assertEquals(model.parameterCount(), p.length);
    assertTrue(r.maxError() <= TOLERANCE,
        () -> name(hidden, output, loss) + ": " + r + " (tolerance " + TOLERANCE + ")");
    assertTrue(r.kinks() <= MAX_KINK_FRACTION * r.parameters(),
        () -> name(hidden, output, loss) + ": too many parameters on a kink: " + r);
  }

  @ParameterizedTest(name = "L1/L2 penalties with {0}")
  @MethodSource("regularizedLosses")
  void penaltiesAreInTheLossAndTheGradient(LossKind loss) throws ReflectiveOperationException {
    Model model = instantiate("R_" + loss, 3);
    int count = 5;
    SplittableRandom rng = new SplittableRandom(17);
    float[] inputs = new float[count * model.inputSize()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) (2 * rng.nextDouble() - 1);
    }
    float[] targets = targets(loss, model, count, rng);
    GradientCheck.Result r = GradientCheck.check(model, inputs, targets, count, H);
    System.out.println("R_" + loss + ": " + r);
    assertTrue(r.maxError() <= TOLERANCE, () -> "R_" + loss + ": " + r);
    assertTrue(r.kinks() <= MAX_KINK_FRACTION * r.parameters(), () -> "R_" + loss + ": " + r);
    // The reported loss is the twin's (no penalties, same weights) plus the penalty.
    float[] p = model.parameters();
    double penalty = 0;
    int[][] kernels = {{0, 6 * 5}, {6 * 5 + 5, 5 * 4}, {6 * 5 + 5 + 5 * 4, 4 * 3}};
    double[][] factors = {{0.01, 0.05}, {0, 0.1}, {0.02, 0}};
    for (int k = 0; k < 3; k++) {
      for (int i = kernels[k][0]; i < kernels[k][0] + kernels[k][1]; i++) {
        penalty += factors[k][0] * Math.abs(p[i]) + factors[k][1] * p[i] * p[i];
      }
    }
    Model twin = instantiate("U_" + loss, 3);
    System.arraycopy(p, 0, twin.parameters(), 0, p.length);
    double data = twin.newBatchPass(count).evaluate(inputs, 0, targets, 0, count) / count;
    double evaluated = model.newBatchPass(count).evaluate(inputs, 0, targets, 0, count) / count;
    double trained = model.computeGradients(inputs, targets, count);
    assertTrue(penalty > 0.01, "penalty " + penalty);
    assertEquals(data + penalty, evaluated, 1e-5, "evaluate = data loss + penalty");
    assertEquals(data + penalty, trained, 1e-5, "computeGradients = data loss + penalty");
  }

  @ParameterizedTest(name = "batch norm ({0}) and dropout, training mode")
  @MethodSource("batchNormActivations")
  void batchNormAndDropoutGradientsInTrainingMode(Activation activation)
      throws ReflectiveOperationException {
    Model model = instantiate("T_" + activation, 13);
    int count = 7;
    SplittableRandom rng = new SplittableRandom(19);
    float[] inputs = new float[count * model.inputSize()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) (3 * rng.nextDouble() - 1);
    }
    float[] targets = targets(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY, model, count, rng);
    // Move gamma and beta off 1 and 0 so that their gradients are exercised in general.
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.2 * (2 * rng.nextDouble() - 1));
    }
    GradientCheck.Result r = GradientCheck.checkTraining(model, inputs, targets, count, H);
    System.out.println("T_" + activation + ": " + r);
    assertTrue(r.maxError() <= TOLERANCE, () -> "T_" + activation + ": " + r);
    assertTrue(r.kinks() <= MAX_KINK_FRACTION * r.parameters(), () -> "T_" + activation + ": " + r);
  }

  static float[] targets(LossKind loss, Model model, int count, SplittableRandom rng) {
    int units = model.outputSize();
    float[] t = new float[count * model.targetSize()];
    for (int s = 0; s < count; s++) {
      switch (loss) {
        case SPARSE_CATEGORICAL_CROSSENTROPY -> t[s] = rng.nextInt(units);
        case CATEGORICAL_CROSSENTROPY -> {
          double sum = 0;
          for (int j = 0; j < units; j++) {
            t[s * units + j] = (float) rng.nextDouble();
            sum += t[s * units + j];
          }
          for (int j = 0; j < units; j++) {
            t[s * units + j] /= (float) sum;
          }
        }
        case BINARY_CROSSENTROPY -> {
          for (int j = 0; j < units; j++) {
            t[s * units + j] = rng.nextBoolean() ? 1f : 0f;
          }
        }
        default -> {
          for (int j = 0; j < units; j++) {
            t[s * units + j] = (float) rng.nextDouble();
          }
        }
      }
    }
    return t;
  }
}
