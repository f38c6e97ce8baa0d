package org.dendrite.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.layers.LayerUnit;
import org.dendrite.compiler.plan.Plan;

/**
 * Renders the Keras-style summary of a planned network: one row per layer with its output shape
 * and parameter count, then the totals. The generated class returns it from {@code summary()}, and
 * the processor prints it as a note on request. A graph gets Keras' fourth column, "Connected to":
 * the layers each layer reads.
 */
public final class SummaryRenderer {
  private SummaryRenderer() {}

  /** The summary table, lines separated by {@code \n}, ending with a newline. */
  public static String render(Plan plan) {
    boolean graph = plan.network().isGraph();
    List<String[]> rows = new ArrayList<>();
    for (LayerUnit<?> layer : plan.layers()) {
      rows.add(new String[] {
        layer.name() + " (" + layer.node().kind().displayName() + ")",
        "(None, " + layer.outputShape().join(", ") + ")",
        // Keras counts non-trainable weights (moving averages) in a layer's parameters.
        Strings.count((long) layer.parameterCount() + layer.stateCount()),
        String.join(", ", layer.inputs().stream().map(LayerUnit::name).toList())
      });
    }
    int w0 = 28;
    int w1 = 26;
    int w2 = 10;
    for (String[] r : rows) {
      w0 = Math.max(w0, r[0].length() + 2);
      w1 = Math.max(w1, r[1].length() + 2);
      w2 = Math.max(w2, r[2].length() + (graph ? 2 : 0));
    }
    int w3 = 0;
    if (graph) {
      w3 = "Connected to".length();
      for (String[] r : rows) {
        w3 = Math.max(w3, r[3].length());
      }
    }
    int width = 1 + w0 + w1 + w2 + w3;
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(plan.network().name()).append("\"\n");
    sb.append("_".repeat(width)).append('\n');
    sb.append(row(w0, w1, w2, "Layer (type)", "Output Shape", "Param #",
        graph ? "Connected to" : ""));
    sb.append("=".repeat(width)).append('\n');
    for (String[] r : rows) {
      sb.append(row(w0, w1, w2, r[0], r[1], r[2], graph ? r[3] : ""));
    }
    sb.append("=".repeat(width)).append('\n');
    String size = bytes(plan.parameterBytes());
    long total = (long) plan.parameterCount() + plan.stateCount();
    sb.append("Total params: ").append(Strings.count(total))
        .append(" (").append(bytes(4 * total)).append(")\n");
    sb.append("Trainable params: ").append(Strings.count(plan.parameterCount()))
        .append(" (").append(size).append(")\n");
    sb.append("Non-trainable params: ").append(Strings.count(plan.stateCount())).append(" (")
        .append(bytes(4L * plan.stateCount())).append(")\n");
    sb.append("Forward FLOPs per sample: ").append(Strings.count(plan.forwardFlops())).append('\n');
    sb.append("_".repeat(width)).append('\n');
    return sb.toString();
  }

  private static String row(int w0, int w1, int w2, String a, String b, String c, String d) {
    String line = " " + pad(a, w0) + pad(b, w1) + (d.isEmpty() ? c : pad(c, w2) + d);
    return line.stripTrailing() + "\n";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }

  /** Keras' unit steps: B, KB, MB, GB with 1024 per step. */
  static String bytes(long n) {
    String[] units = {"B", "KB", "MB", "GB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
  }
}
