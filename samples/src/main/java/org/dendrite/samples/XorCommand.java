package org.dendrite.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.samples.plot.Canvas;
import org.dendrite.samples.plot.FunctionMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * XOR with the smallest network that can learn it, 2-2-1, trained as the textbook trains it (Adam
 * with learning rate 0.01, MSE, 1000 epochs) from many seeds: with ReLU hidden units most seeds
 * fail, because a unit whose input is negative on every sample has a zero gradient and never
 * recovers (it "dies"); leaky ReLU units with slope 0.5 below zero always pass a gradient, and
 * most seeds converge.
 */
@Command(
    name = "xor",
    mixinStandardHelpOptions = true,
    description = "Train the 2-2-1 XOR network with ReLU and with leaky ReLU (alpha 0.5) hidden"
        + " units from many seeds, count the runs that converge, and draw the learned functions"
        + " as xor.png.")
final class XorCommand implements Callable<Integer> {
  static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
  static final float[] Y = {0, 1, 1, 0};

  @Option(names = "--seeds", defaultValue = "20",
      description = "Seeds to train from, 0 to N - 1 (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--epochs", defaultValue = "1000",
      description = "Epochs, each one step over the four samples (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--learning-rate", defaultValue = "0.01",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--tolerance", defaultValue = "0.25",
      description = "A run has converged when each of the four outputs is within this distance"
          + " of its target (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--plot-seed", defaultValue = "0",
      description = "The seed whose two networks xor.png draws (default: ${DEFAULT-VALUE}).")
  long plotSeed;

  @Mixin OutputOption out;

  /** How many seeds converged, and the picture written, for tests. */
  int reluConverged;
  int leakyConverged;
  Path plot;

  /**
   * One activation's networks: labels for the console (ASCII, as a console may not print more) and
   * for the picture, and how to create a network from a seed.
   */
  private record Variant(String label, String title, LongFunction<Model> create) {}

  @Override
  public Integer call() throws IOException {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be positive");
    }
    Variant relu = new Variant("ReLU", "ReLU", CompiledXorRelu::new);
    Variant leaky = new Variant("leaky ReLU (alpha 0.5)", "Leaky ReLU (α = 0.5)",
        CompiledXorLeakyRelu::new);
    System.out.print(relu.create().apply(0).summary());
    System.out.printf(Locale.ROOT, "Outputs for (0,0) (0,1) (1,0) (1,1) after %d epochs;"
        + " converged: every output within %s of its target%n", epochs, tolerance);
    System.out.printf(Locale.ROOT, "seed | %-29s | %s%n", relu.label(), leaky.label());
    for (int seed = 0; seed < seeds; seed++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d |", seed));
      for (Variant v : List.of(relu, leaky)) {
        float[] outputs = outputs(train(v, seed));
        boolean converged = converged(outputs);
        if (converged) {
          if (v == relu) {
            reluConverged++;
          } else {
            leakyConverged++;
          }
        }
        for (float o : outputs) {
          line.append(String.format(Locale.ROOT, " %5.2f", o));
        }
        line.append(converged ? "  yes  |" : "  no   |");
      }
      System.out.println(line.substring(0, line.length() - 1).stripTrailing());
    }
    System.out.printf(Locale.ROOT, "Converged: ReLU %d of %d seeds, leaky ReLU %d of %d%n",
        reluConverged, seeds, leakyConverged, seeds);

    List<FunctionMap.Panel> panels = new ArrayList<>();
    for (Variant v : List.of(relu, leaky)) {
      Model model = train(v, plotSeed);
      String verdict = converged(outputs(model)) ? "converged" : "did not converge";
      panels.add(new FunctionMap.Panel(v.title() + ", seed " + plotSeed + ": " + verdict,
          (x1, x2) -> model.predict(new float[] {(float) x1, (float) x2})[0]));
    }
    List<FunctionMap.Point> points = new ArrayList<>();
    for (int i = 0; i < Y.length; i++) {
      points.add(new FunctionMap.Point(X[2 * i], X[2 * i + 1], String.valueOf((int) Y[i])));
    }
    plot = out.write("xor.png", file -> Canvas.writePng(new FunctionMap(
        "What the 2-2-1 network learned of XOR", "x₁", "x₂", "Output", 0, 1)
        .render(panels, points), file));
    return 0;
  }

  private Model train(Variant variant, long seed) {
    Model model = variant.create().apply(seed);
    // The four samples make one full batch per epoch; one thread, as there is nothing to split.
    Trainer.builder(model).optimizer(new Adam(learningRate)).epochs(epochs).batchSize(4)
        .seed(seed).threads(1).build().fit(Dataset.of(X.clone(), 2, Y.clone(), 1));
    return model;
  }

  private static float[] outputs(Model model) {
    float[] outputs = new float[Y.length];
    for (int i = 0; i < Y.length; i++) {
      outputs[i] = model.predict(new float[] {X[2 * i], X[2 * i + 1]})[0];
    }
    return outputs;
  }

  private boolean converged(float[] outputs) {
    for (int i = 0; i < Y.length; i++) {
      if (!(Math.abs(outputs[i] - Y[i]) < tolerance)) {
        return false;
      }
    }
    return true;
  }
}
