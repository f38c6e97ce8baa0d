package org.dendrite.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.Attribute;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.InputNode;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Merge;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Syntax;

/**
 * The edges of a graph: every name a layer reads ({@code from}, a merge's list) is a layer
 * declared before it, so that every network is acyclic by construction; a merge has at least two
 * inputs whose shapes fit (equal for an add, equal but on the axis for a concatenation); and a
 * layer that no layer reads, other than the output, is a warning (it costs time and changes
 * nothing).
 */
final class GraphRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    List<LayerNode> layers = ctx.layers();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      index.putIfAbsent(layers.get(i).name(), i);
    }
    boolean resolved = true;
    for (int i = 0; i < layers.size(); i++) {
      LayerNode layer = layers.get(i);
      resolved &= references(ctx, i, layer, index);
      if (layer instanceof Merge merge) {
        merge(ctx, i, merge);
      }
    }
    if (resolved) {
      unread(ctx);
    }
  }

  /** Reports each name the layer reads that is not a layer declared before it. */
  private static boolean references(CheckContext ctx, int i, LayerNode layer,
      Map<String, Integer> index) {
    boolean ok = true;
    Origin at = layer.origin().attribute(attribute(layer));
    String kind = ctx.kind(layer.kind());
    for (String name : layer.inputs()) {
      Integer j = index.get(name);
      if (j == null) {
        List<String> before = new ArrayList<>();
        for (int k = 0; k < i; k++) {
          before.add(ctx.layers().get(k).name());
        }
        Optional<String> closest = Strings.closest(name, before);
        String hint = closest.map(c -> "did you mean '" + c + "'?")
            .orElse(before.isEmpty() ? "declare the layers it reads before it"
                : "the layers declared before it are " + String.join(", ", before));
        ctx.report(Message.UNKNOWN_LAYER.at(at, kind, layer.name(), name,
            ctx.network().name(), hint));
        ok = false;
      } else if (j == i) {
        ctx.report(Message.SELF_REFERENCE.at(at, kind, layer.name()));
        ok = false;
      } else if (j > i) {
        LayerNode later = ctx.layers().get(j);
        ctx.report(Message.FORWARD_REFERENCE.at(at, kind, layer.name(), name,
            later.origin().describe(), name, layer.name()));
        ok = false;
      }
    }
    return ok;
  }

  private static String attribute(LayerNode layer) {
    return layer instanceof Merge ? Attribute.VALUE : Attribute.FROM.name();
  }

  /** A merge's count of inputs and their shapes. */
  private static void merge(CheckContext ctx, int i, Merge merge) {
    String kind = ctx.kind(merge.kind());
    Origin at = merge.origin().attribute(Attribute.VALUE);
    if (merge.inputs().size() < 2) {
      String example = ctx.network().syntax() == Syntax.NN
          ? merge.kind().keyword() + " " + merge.name() + " [a, b]"
          : "@" + merge.kind().displayName() + "({\"a\", \"b\"})";
      String count = merge.inputs().isEmpty() ? "no layer"
          : "only '" + merge.inputs().get(0) + "'";
      ctx.report(Message.MERGE_INPUTS.at(at, kind, merge.name(), count, example));
      return;
    }
    List<Shape> shapes = ctx.network().inputShapes(i);
    if (shapes.size() != merge.inputs().size() || shapes.contains(null)) {
      return; // an unresolved name (reported above) or a broken input (reported at it)
    }
    if (merge.mergedShape(shapes) != null) {
      return;
    }
    String listed = listing(ctx, i);
    if (merge instanceof ConcatenateNode c) {
      int rank = shapes.get(0).rank();
      boolean ranksAgree = shapes.stream().allMatch(s -> s.rank() == rank);
      if (ranksAgree && c.resolvedAxis(rank) < 0) {
        ctx.report(Message.CONCATENATE_AXIS.at(merge.origin().attribute("axis"), kind,
            merge.name(), c.axis(), rank, -rank, rank - 1));
        return;
      }
      String fix = ranksAgree
          ? "every axis but " + c.axis() + " must agree: change the layers, or join along the"
              + " axis where they differ"
          : "their numbers of dimensions differ; flatten the images first to join them with"
              + " flat layers";
      ctx.report(Message.CONCATENATE_SHAPES.at(at, kind, merge.name(), c.axis(), listed, fix));
    } else {
      ctx.report(Message.ADD_SHAPES.at(at, kind, merge.name(), listed));
    }
  }

  /** {@code conv2 8×8×16, stem 8×8×8}. */
  private static String listing(CheckContext ctx, int i) {
    List<String> parts = new ArrayList<>();
    List<Integer> in = ctx.network().inputs(i);
    List<Shape> shapes = ctx.network().inputShapes(i);
    for (int k = 0; k < in.size(); k++) {
      parts.add(ctx.layers().get(in.get(k)).name() + " " + shapes.get(k));
    }
    return String.join(", ", parts);
  }

  /** Warns about every layer but the output that no layer reads. */
  private static void unread(CheckContext ctx) {
    List<LayerNode> layers = ctx.layers();
    int last = layers.size() - 1;
    for (int i = 0; i < last; i++) {
      LayerNode layer = layers.get(i);
      if (!ctx.network().readers(i).isEmpty() || layer instanceof InputNode) {
        continue;
      }
      String how = ctx.network().syntax() == Syntax.NN
          ? "from = " + layer.name() + " on a layer after it, or in a merge's list"
          : "from = \"" + layer.name() + "\" on a layer after it, or in a merge's list";
      ctx.report(Message.UNREAD_LAYER.at(layer.origin(), ctx.kind(layer.kind()), layer.name(),
          layers.get(last).name(), how));
    }
  }
}
