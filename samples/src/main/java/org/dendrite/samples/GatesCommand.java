package org.dendrite.samples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Logic gates as single threshold neurons with the textbook's hand-set weights, written through
 * the layer handles instead of learned: AND, NAND and OR are each one {@link StepNeuron}, and XOR,
 * which no single neuron can compute, is NAND and OR feeding AND.
 */
@Command(
    name = "gates",
    mixinStandardHelpOptions = true,
    description = "AND, NAND and OR as single step neurons with hand-set weights, and XOR as NAND"
        + " and OR feeding AND; print the truth tables.")
final class GatesCommand implements Callable<Integer> {
  /** The four inputs, in truth-table order. */
  static final int[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

  /** Each gate's output for the four {@link #INPUTS}, filled by {@link #call()} for tests. */
  final Map<String, int[]> tables = new LinkedHashMap<>();

  @Override
  public Integer call() {
    CompiledStepNeuron and = gate(0.5f, 0.5f, -0.9f);
    CompiledStepNeuron nand = gate(-0.5f, -0.5f, 0.9f);
    CompiledStepNeuron or = gate(1f, 1f, -0.9f);
    System.out.println("Single step neurons, y = step(w1*x1 + w2*x2 + b):");
    describe("AND", and);
    describe("NAND", nand);
    describe("OR", or);
    System.out.println("  XOR = AND(NAND(x1, x2), OR(x1, x2)): two layers of neurons");
    System.out.println();

    int[][] columns = new int[4][INPUTS.length];
    for (int i = 0; i < INPUTS.length; i++) {
      float[] x = {INPUTS[i][0], INPUTS[i][1]};
      columns[0][i] = fire(and, x);
      columns[1][i] = fire(nand, x);
      columns[2][i] = fire(or, x);
      columns[3][i] = fire(and, new float[] {fire(nand, x), fire(or, x)});
    }
    String[] names = {"AND", "NAND", "OR", "XOR"};
    for (int g = 0; g < names.length; g++) {
      tables.put(names[g], columns[g]);
    }

    System.out.println("x1 x2 |  AND NAND   OR  XOR");
    System.out.println("------+--------------------");
    for (int i = 0; i < INPUTS.length; i++) {
      StringBuilder row = new StringBuilder(
          String.format(Locale.ROOT, " %d  %d |", INPUTS[i][0], INPUTS[i][1]));
      for (int[] column : columns) {
        row.append(String.format(Locale.ROOT, " %4d", column[i]));
      }
      System.out.println(row);
    }
    return 0;
  }

  /** A neuron with kernel {@code [w1, w2]} and bias {@code b}, set through its layer handle. */
  static CompiledStepNeuron gate(float w1, float w2, float b) {
    CompiledStepNeuron neuron = new CompiledStepNeuron(0);
    neuron.y.kernel().copyFrom(new float[] {w1, w2});
    neuron.y.bias().set(0, b);
    return neuron;
  }

  private static int fire(CompiledStepNeuron neuron, float[] x) {
    return (int) neuron.predict(x)[0];
  }

  private static void describe(String name, CompiledStepNeuron neuron) {
    System.out.printf(Locale.ROOT, "  %-4s w = [%4.1f, %4.1f], b = %4.1f%n", name,
        neuron.y.kernel().get(0, 0), neuron.y.kernel().get(1, 0), neuron.y.bias().get(0));
  }
}
