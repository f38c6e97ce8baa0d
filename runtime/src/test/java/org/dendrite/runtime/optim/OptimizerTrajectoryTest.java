package org.dendrite.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against multi-step trajectories computed independently with numpy in float32
 * from Keras' update rules ({@code src/test/resources/optim/make_trajectories.py}), and Keras'
 * own one-step RMSprop case.
 */
class OptimizerTrajectoryTest {
  /** Relative tolerance: numpy and Java may round a few intermediate results differently. */
  static final double TOLERANCE = 2e-5;

  record Case(String name, Map<String, String> options, float[] init, List<float[]> grads,
      List<float[]> expected) {
    @Override
    public String toString() {
      return name + " " + options;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = OptimizerTrajectoryTest.class.getResourceAsStream(
        "/optim/trajectories.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Case current = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("case ")) {
          String[] words = line.substring(5).trim().split(" ");
          Map<String, String> options = new HashMap<>();
          for (int i = 1; i < words.length; i++) {
            String[] kv = words[i].split("=");
            options.put(kv[0], kv[1]);
          }
          current = new Case(words[0], options, null, new ArrayList<>(), new ArrayList<>());
          cases.add(current);
        } else if (line.startsWith("init ")) {
          Case c = cases.remove(cases.size() - 1);
          current = new Case(c.name(), c.options(), floats(line.substring(5)), c.grads(),
              c.expected());
          cases.add(current);
        } else if (line.startsWith("step ")) {
          String[] parts = line.substring(5).split("\\|");
          current.grads().add(floats(parts[0]));
          current.expected().add(floats(parts[1]));
        }
      }
    }
    return cases.stream();
  }

  static float[] floats(String s) {
    String[] words = s.trim().split("\\s+");
    float[] out = new float[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = (float) Double.parseDouble(words[i]);
    }
    return out;
  }

  static Optimizer create(Case c) {
    Map<String, String> o = c.options();
    float lr = Float.parseFloat(o.get("lr"));
    Optimizer opt;
    switch (c.name()) {
      case "sgd" -> opt = new Sgd(lr, Float.parseFloat(o.getOrDefault("momentum", "0")),
          Boolean.parseBoolean(o.getOrDefault("nesterov", "false")));
      case "adam" -> opt = new Adam(lr, Float.parseFloat(o.getOrDefault("beta1", "0.9")),
          Float.parseFloat(o.getOrDefault("beta2", "0.999")),
          Float.parseFloat(o.getOrDefault("epsilon", "1e-7")));
      case "adamw" -> opt = new AdamW(lr, Float.parseFloat(o.get("weight_decay")));
      case "adagrad" -> opt = new AdaGrad(lr);
      case "rmsprop" -> opt = new RmsProp(lr, 0.9f,
          Float.parseFloat(o.getOrDefault("momentum", "0")), 1e-7f,
          Boolean.parseBoolean(o.getOrDefault("centered", "false")));
      default -> throw new AssertionError(c.name());
    }
    if (o.containsKey("clip_value")) {
      opt.clipValue(Float.parseFloat(o.get("clip_value")));
    }
    if (o.containsKey("clip_norm")) {
      opt.clipNorm(Float.parseFloat(o.get("clip_norm")));
    }
    return opt;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followsTheReferenceTrajectory(Case c) {
    Optimizer opt = create(c);
    float[] vars = c.init().clone();
    for (int step = 0; step < c.grads().size(); step++) {
      opt.step(vars, c.grads().get(step).clone());
      float[] want = c.expected().get(step);
      for (int i = 0; i < vars.length; i++) {
        double err = Math.abs(vars[i] - want[i]) / Math.max(1e-3, Math.abs(want[i]));
        int s = step;
        int k = i;
        assertTrue(err <= TOLERANCE, () -> c + ": step " + (s + 1) + ", variable " + k
            + ": expected " + want[k] + ", got " + vars[k] + " (relative error " + err + ")");
      }
    }
    assertEquals(c.grads().size(), opt.iterations());
  }

  @Test
  void rmspropMatchesKerasOneStepCase() {
    float[] vars = {1, 2, 3, 4};
    new RmsProp(0.5f, 0.9f, 0f, 1e-7f, false).step(vars, new float[] {1, 6, 7, 2});
    assertArrayEquals(new float[] {-0.5811f, 0.4189f, 1.4189f, 2.4189f}, vars, 1e-4f);
  }

  @Test
  void aScheduleSetsTheRateOfEachStep() {
    Sgd sgd = new Sgd(Schedules.step(1f, 2, 0.5f), 0f, false);
    float[] p = {0};
    float[] rates = new float[5];
    for (int i = 0; i < 5; i++) {
      sgd.step(p, new float[] {-1});
      rates[i] = sgd.learningRate();
    }
    assertArrayEquals(new float[] {1f, 1f, 0.5f, 0.5f, 0.25f}, rates);
    assertEquals(3.25f, p[0], 1e-6f);
  }

  @Test
  void schedulesFollowKerasDefinitions() {
    assertEquals(0.1f * (float) Math.pow(0.5, 0.5),
        Schedules.exponential(0.1f, 10, 0.5f, false).rate(5), 1e-7f);
    assertEquals(0.1f, Schedules.exponential(0.1f, 10, 0.5f, true).rate(9), 1e-7f);
    assertEquals(0.05f, Schedules.exponential(0.1f, 10, 0.5f, true).rate(10), 1e-7f);
    assertEquals(1f, Schedules.cosine(1f, 100, 0f).rate(0), 1e-7f);
    assertEquals(0.5f, Schedules.cosine(1f, 100, 0f).rate(50), 1e-6f);
    assertEquals(0.1f, Schedules.cosine(1f, 100, 0.1f).rate(500), 1e-6f);
    LearningRateSchedule pw = Schedules.piecewise(new long[] {10, 20}, new float[] {1f, .5f, .1f});
    assertEquals(1f, pw.rate(10));
    assertEquals(0.5f, pw.rate(11));
    assertEquals(0.1f, pw.rate(21));
  }

  @Test
  void stateIsNamedAndLive() {
    Adam adam = new Adam(0.1f);
    float[] p = {1, 2};
    adam.step(p, new float[] {0.5f, -0.5f});
    Map<String, float[]> state = adam.state();
    assertEquals(List.of("m", "v"), List.copyOf(state.keySet()));
    assertEquals(0.05f, state.get("m")[0], 1e-7f);
    assertTrue(new Sgd(0.1f).state().isEmpty());
    RmsProp rms = new RmsProp(0.1f, 0.9f, 0.5f, 1e-7f, true);
    rms.prepare(3);
    assertEquals(List.of("velocity", "average_gradient", "momentum"),
        List.copyOf(rms.state().keySet()));
  }
}
