package org.dendrite.compiler.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Merge;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Weighted;

/**
 * A drawing of a checked network, as Keras' {@code plot_model} gives: each layer a box with its
 * name, kind and output shape, an arrow for each edge. Written as Graphviz DOT (for {@code dot}
 * and the tools that read it) and as a self-contained SVG laid out here, so that no Graphviz
 * install is needed: layers go down in ranks (a layer one rank below the lowest layer it reads),
 * side by side within a rank; an edge that skips ranks, a residual connection, curves around the
 * boxes it passes, on the side its source stands.
 *
 * <p>A hand-written writer rather than a library: the JVM's Graphviz ports (graphviz-java) run
 * Graphviz in a JavaScript engine or call a native binary, far heavier than the 200 lines a
 * layered drawing of a DAG that is declared in order needs.
 */
public final class NetworkDiagram {
  private static final int BOX_HEIGHT = 44;
  private static final int RANK_GAP = 36;
  private static final int BOX_GAP = 28;
  private static final int MARGIN = 16;
  private static final int CHAR_WIDTH = 7;
  /** How far right of the boxes a skip edge curves, per edge already curving there. */
  private static final int BULGE = 26;

  private final Network network;
  private final List<Integer> ranks = new ArrayList<>();
  /** Per layer, per input: how far right its edge curves (0 for a straight edge). */
  private final List<List<Integer>> bulgeLevels = new ArrayList<>();
  private final double[] x;
  private final double[] y;
  private final int[] width;
  private double canvasWidth;
  private double canvasHeight;

  private NetworkDiagram(Network network) {
    this.network = network;
    int n = network.layers().size();
    x = new double[n];
    y = new double[n];
    width = new int[n];
  }

  /** The network as a Graphviz digraph, top to bottom. */
  public static String dot(Network network) {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph ").append(quote(network.name())).append(" {\n");
    sb.append("  rankdir=TB;\n");
    sb.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\","
        + " fontsize=11];\n");
    sb.append("  edge [arrowsize=0.7];\n");
    List<LayerNode> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerNode l = layers.get(i);
      sb.append("  ").append(quote(l.name())).append(" [label=")
          .append(quote(title(l) + "\n" + shape(network, i))).append(", fillcolor=\"")
          .append(fill(l)).append("\"];\n");
    }
    for (int i = 0; i < layers.size(); i++) {
      for (int j : network.inputs(i)) {
        sb.append("  ").append(quote(layers.get(j).name())).append(" -> ")
            .append(quote(layers.get(i).name())).append(";\n");
      }
    }
    return sb.append("}\n").toString();
  }

  /** The network as a standalone SVG image. */
  public static String svg(Network network) {
    NetworkDiagram d = new NetworkDiagram(network);
    d.layout();
    return d.draw();
  }

  private void layout() {
    List<LayerNode> layers = network.layers();
    int maxRank = 0;
    for (int i = 0; i < layers.size(); i++) {
      int rank = 0;
      for (int j : network.inputs(i)) {
        rank = Math.max(rank, ranks.get(j) + 1);
      }
      ranks.add(rank);
      maxRank = Math.max(maxRank, rank);
      String longest = title(layers.get(i)).length() > shape(network, i).length()
          ? title(layers.get(i)) : shape(network, i);
      width[i] = Math.max(120, longest.length() * CHAR_WIDTH + 24);
    }
    // Rows, each ordered by the mean position of what its layers read, then declaration.
    List<List<Integer>> rows = new ArrayList<>();
    for (int r = 0; r <= maxRank; r++) {
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < layers.size(); i++) {
      rows.get(ranks.get(i)).add(i);
    }
    double widest = 0;
    double[] rowWidths = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      List<Integer> row = rows.get(r);
      row.sort(Comparator.comparingDouble(this::meanInputX).thenComparingInt(i -> i));
      double w = -BOX_GAP;
      for (int i : row) {
        w += width[i] + BOX_GAP;
      }
      rowWidths[r] = w;
      widest = Math.max(widest, w);
      double left = -w / 2;
      for (int i : row) {
        x[i] = left + width[i] / 2.0;
        left += width[i] + BOX_GAP;
        y[i] = MARGIN + r * (BOX_HEIGHT + RANK_GAP);
      }
    }
    // Each skip edge curves on the side of its source (the right when it is straight above its
    // target), at the first distance from the boxes that no skip edge over overlapping ranks on
    // that side takes: a stack of residual blocks needs one, nested blocks more. A level is
    // negative on the left.
    List<int[]> taken = new ArrayList<>();
    int right = 0;
    int left = 0;
    for (int i = 0; i < layers.size(); i++) {
      List<Integer> levels = new ArrayList<>();
      for (int j : network.inputs(i)) {
        int from = ranks.get(j);
        int to = ranks.get(i);
        int level = 0;
        if (to - from > 1) {
          int side = x[j] < x[i] - 1 ? -1 : 1;
          level = side;
          for (boolean clash = true; clash; ) {
            clash = false;
            for (int[] t : taken) {
              if (t[2] == level && t[0] < to && from < t[1]) {
                clash = true;
                level += side;
                break;
              }
            }
          }
          taken.add(new int[] {from, to, level});
          right = Math.max(right, level);
          left = Math.max(left, -level);
        }
        levels.add(level);
      }
      bulgeLevels.add(levels);
    }
    double shift = MARGIN + left * BULGE + widest / 2;
    for (int i = 0; i < layers.size(); i++) {
      x[i] += shift;
    }
    canvasWidth = widest + 2 * MARGIN + (left + right) * BULGE;
    canvasHeight = 2 * MARGIN + rows.size() * (BOX_HEIGHT + RANK_GAP) - RANK_GAP;
  }

  /**
   * The outermost box edge over ranks {@code from} to {@code to}: the rightmost for {@code side}
   * 1, the leftmost for -1.
   */
  private double edge(int from, int to, int side) {
    double outer = side > 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int i = 0; i < ranks.size(); i++) {
      if (ranks.get(i) >= from && ranks.get(i) <= to) {
        double e = x[i] + side * width[i] / 2.0;
        outer = side > 0 ? Math.max(outer, e) : Math.min(outer, e);
      }
    }
    return outer;
  }

  /** The mean x of the layers {@code i} reads, for ordering a row: 0 for none. */
  private double meanInputX(int i) {
    List<Integer> in = network.inputs(i);
    return in.isEmpty() ? 0 : in.stream().mapToDouble(j -> x[j]).average().orElse(0);
  }

  private String draw() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
        + " width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
        + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
        canvasWidth, canvasHeight, canvasWidth, canvasHeight));
    sb.append("<title>").append(escape(network.name())).append("</title>\n");
    sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
        + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
        + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
    List<LayerNode> layers = network.layers();
    for (int i = 0; i < layers.size(); i++) {
      for (int k = 0; k < network.inputs(i).size(); k++) {
        int j = network.inputs(i).get(k);
        int level = bulgeLevels.get(i).get(k);
        double x1 = x[j];
        double y1 = y[j] + BOX_HEIGHT;
        double x2 = x[i];
        double y2 = y[i];
        if (level != 0) {
          // Around the boxes in between: out of the source's side, into the target's.
          int side = level > 0 ? 1 : -1;
          double bend = side > 0 ? edge(ranks.get(j), ranks.get(i), 1) + level * BULGE
              : edge(ranks.get(j), ranks.get(i), -1) + level * BULGE;
          double sy = y[j] + BOX_HEIGHT / 2.0;
          double ty = y[i] + BOX_HEIGHT / 2.0;
          sb.append(String.format(Locale.ROOT, "<path d=\"M %.1f %.1f C %.1f %.1f, %.1f %.1f,"
              + " %.1f %.1f\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n",
              x[j] + side * width[j] / 2.0, sy, bend, sy, bend, ty, x[i] + side * width[i] / 2.0,
              ty));
        } else {
          sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
              + " y2=\"%.1f\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n", x1, y1, x2, y2));
        }
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      LayerNode l = layers.get(i);
      double left = x[i] - width[i] / 2.0;
      sb.append(String.format(Locale.ROOT, "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\""
          + " height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#666\"/>\n", left, y[i], width[i],
          BOX_HEIGHT, fill(l)));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
          + " font-weight=\"bold\">%s</text>\n", x[i], y[i] + 18, escape(title(l))));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
          + " fill=\"#333\">%s</text></g>\n", x[i], y[i] + 35, escape(shape(network, i))));
    }
    return sb.append("</svg>\n").toString();
  }

  /** {@code conv1: Conv2D}. */
  private static String title(LayerNode layer) {
    return layer.name() + ": " + layer.kind().displayName();
  }

  /** {@code 28×28×1}, or {@code ?} where the checker found it unknown. */
  private static String shape(Network network, int i) {
    Shape s = network.outputShape(i);
    return s == null ? "?" : s.toString();
  }

  /** Inputs grey, layers with weights blue, merges orange, the rest green. */
  private static String fill(LayerNode layer) {
    if (layer.inputs().isEmpty() && layer.kind() == org.dendrite.compiler.ir.LayerKind.INPUT) {
      return "#e8e8e8";
    }
    if (layer instanceof Weighted) {
      return "#dbe8f8";
    }
    if (layer instanceof Merge) {
      return "#fbe3c8";
    }
    return "#e1f2dc";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
