package org.dendrite.compiler.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded generator of random valid network graphs, written as {@code .nn} text so that they go
 * through the whole compiler: dense graphs and convolutional ones, with fan-out (a layer read by
 * several), chains of merges and merges of merges (additions and concatenations, along any
 * axis), residual blocks with batch normalisation and a standalone ReLU, dropouts, and layers
 * that nothing reads. Every graph ends in a softmax over 3 classes. Batch normalisations have
 * epsilon = 0.01: over a batch of a few samples, Keras' 0.001 divides a unit of little variance
 * by so little that float rounding swamps a central difference (their gradients are checked
 * with the default elsewhere).
 */
public final class RandomGraphs {
  /** The smooth activations: no kink near a central difference's step. */
  private static final String[] SMOOTH = {"tanh", "sigmoid", "softplus", "linear"};

  private final SplittableRandom rng;
  private final StringBuilder text = new StringBuilder();
  /** The layers declared so far, with their shapes. */
  private final List<String> names = new ArrayList<>();
  private final List<int[]> shapes = new ArrayList<>();
  private final boolean images;
  private int counter;

  private RandomGraphs(long seed, boolean images) {
    this.rng = new SplittableRandom(seed);
    this.images = images;
  }

  /**
   * Network {@code index} of a run: even indices convolutional, odd ones dense; every fourth a
   * stack of residual blocks with batch normalisation, the rest random.
   *
   * @return the network's declaration, {@code network <name>(…) { … }}
   */
  public static String network(String name, long seed, int index) {
    RandomGraphs g = new RandomGraphs(seed * 1_000_003L + index, index % 2 == 0);
    return g.write(name, index % 4 < 2);
  }

  private String write(String name, boolean residual) {
    text.append("network ").append(name)
        .append("(loss = sparse_categorical_crossentropy) {\n");
    if (images) {
      int h = 3 + rng.nextInt(3);
      int w = 3 + rng.nextInt(3);
      declare("input", "x", new int[] {h, w, 2}, " [" + h + ", " + w + ", 2]");
    } else {
      int d = 3 + rng.nextInt(4);
      declare("input", "x", new int[] {d}, " [" + d + "]");
    }
    if (residual) {
      residualBlocks();
    } else {
      int steps = 4 + rng.nextInt(5);
      for (int s = 0; s < steps; s++) {
        step();
      }
    }
    String last = names.get(names.size() - 1);
    if (images) {
      String flat = fresh("f");
      if (rng.nextBoolean()) {
        declare("globalavgpool2d", flat, new int[] {shape(last)[2]}, "");
      } else {
        declare("flatten", flat, new int[] {size(shape(last))}, "");
      }
    }
    declare("dense", "out", new int[] {3}, " (units = 3, activation = softmax)");
    return text.append("}\n").toString();
  }

  /** One or two residual blocks: a stem, then block(s) of layer, batchnorm relu, layer, add. */
  private void residualBlocks() {
    int width = images ? 2 + rng.nextInt(2) : 3 + rng.nextInt(3);
    String stem = weighted(names.get(0), width, smooth());
    int blocks = 1 + rng.nextInt(2);
    for (int b = 0; b < blocks; b++) {
      String first = weighted(stem, width, "linear");
      String norm = fresh("bn");
      declare("batchnorm", norm, shape(first), " (epsilon = 0.01, activation = " + smooth() + ")");
      String second = weighted(norm, width, "linear");
      String sum = fresh("add");
      declare("add", sum, shape(second), " [" + second + ", " + stem + "]");
      String act = fresh("act");
      // Smooth: after a normalisation over three samples, a ReLU's kinks sit too close to the
      // step of a central difference; the random steps below check the ReLU.
      declare("activate", act, shape(sum), " " + smooth());
      stem = act;
    }
  }

  /** A random step: a layer on a random earlier layer, or a merge of earlier layers. */
  private void step() {
    int choice = rng.nextInt(10);
    String from = pick();
    if (choice < 3) {
      weighted(from, images ? shape(from)[2] + rng.nextInt(2) : 2 + rng.nextInt(4), smooth());
    } else if (choice < 5) {
      add();
    } else if (choice < 7) {
      concatenate();
    } else if (choice == 7) {
      String norm = fresh("bn");
      declare("batchnorm", norm, shape(from), " (epsilon = 0.01, activation = " + smooth() + from(from) + ")");
    } else if (choice == 8) {
      String drop = fresh("drop");
      declare("dropout", drop, shape(from), " (rate = 0.25" + from(from) + ")");
    } else {
      String act = fresh("act");
      declare("activate", act, shape(from), " " + (rng.nextInt(3) == 0 ? "relu" : smooth())
          + (from(from).isEmpty() ? "" : " (" + from(from).substring(2) + ")"));
    }
  }

  /** A dense layer or a SAME convolution of {@code width} units or filters reading {@code from}. */
  private String weighted(String from, int width, String activation) {
    String name = fresh(images ? "conv" : "dense");
    if (images) {
      int[] in = shape(from);
      int k = 1 + rng.nextInt(2);
      declare("conv2d", name, new int[] {in[0], in[1], width}, " (filters = " + width
          + ", kernel = [" + k + ", " + (3 - k) + "], padding = same, activation = " + activation
          + from(from) + ")");
    } else {
      declare("dense", name, new int[] {width}, " (units = " + width + ", activation = "
          + activation + from(from) + ")");
    }
    return name;
  }

  /** An addition of two or three layers of one shape, made to match if none do. */
  private void add() {
    String a = pick();
    List<String> same = new ArrayList<>();
    for (String n : names) {
      if (java.util.Arrays.equals(shape(n), shape(a))) {
        same.add(n);
      }
    }
    String b = same.size() > 1 && rng.nextBoolean() ? other(same, a)
        : weighted(pick(), images ? shape(a)[2] : shape(a)[0], smooth());
    if (images && !java.util.Arrays.equals(shape(b), shape(a))) {
      return; // a convolution keeps height and width, so this only happens for pooled layers
    }
    List<String> in = new ArrayList<>(List.of(a, b));
    if (same.size() > 2 && rng.nextInt(3) == 0) {
      in.add(same.get(rng.nextInt(same.size())));
    }
    declare("add", fresh("add"), shape(a), " [" + String.join(", ", in) + "]");
  }

  /** A concatenation of two layers, along an axis on which their shapes may differ. */
  private void concatenate() {
    String a = pick();
    int[] sa = shape(a);
    int axis = images ? rng.nextInt(3) : 0;
    List<String> fits = new ArrayList<>();
    for (String n : names) {
      int[] s = shape(n);
      boolean ok = s.length == sa.length;
      for (int d = 0; ok && d < s.length; d++) {
        ok = d == axis || s[d] == sa[d];
      }
      if (ok && !n.equals(a)) {
        fits.add(n);
      }
    }
    String b;
    if (fits.isEmpty()) {
      if (images && axis != 2) {
        return;
      }
      b = weighted(a, 2 + rng.nextInt(2), smooth());
    } else {
      b = fits.get(rng.nextInt(fits.size()));
    }
    int[] out = sa.clone();
    out[axis] += shape(b)[axis];
    int written = rng.nextBoolean() ? axis - sa.length : axis; // -1 and 2 alike
    declare("concatenate", fresh("cat"), out, " [" + a + ", " + b + "] (axis = " + written
        + ")");
  }

  /** {@code , from = name}, or nothing when {@code name} is the layer declared last. */
  private String from(String name) {
    return name.equals(names.get(names.size() - 1)) ? "" : ", from = " + name;
  }

  private String smooth() {
    return SMOOTH[rng.nextInt(SMOOTH.length)];
  }

  /** A random earlier layer, the latest ones likelier. */
  private String pick() {
    int n = names.size();
    int i = Math.max(rng.nextInt(n), rng.nextInt(n));
    return names.get(i);
  }

  private String other(List<String> candidates, String not) {
    for (int tries = 0; tries < 8; tries++) {
      String c = candidates.get(rng.nextInt(candidates.size()));
      if (!c.equals(not)) {
        return c;
      }
    }
    return not; // adding a layer to itself is allowed too
  }

  private String fresh(String prefix) {
    return prefix + (++counter);
  }

  private int[] shape(String name) {
    return shapes.get(names.indexOf(name));
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private void declare(String kind, String name, int[] shape, String rest) {
    text.append(String.format(Locale.ROOT, "  %s %s%s%n", kind, name, rest));
    names.add(name);
    shapes.add(shape);
  }
}
