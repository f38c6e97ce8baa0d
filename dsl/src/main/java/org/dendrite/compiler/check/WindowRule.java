package org.dendrite.compiler.check;

import java.util.List;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Conv2DNode;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.Origin;
import org.dendrite.compiler.ir.Padding;
import org.dendrite.compiler.ir.Shape;
import org.dendrite.compiler.ir.Spatial;
import org.dendrite.compiler.ir.Window;

/**
 * Convolutions and poolings read an image {@code (height, width, channels)}, their windows and
 * strides are two positive sizes, and each window fits its input: an error shows the output-size
 * formula with the numbers and the chain of sizes that led there; explicit pads are four counts
 * of zeros, each smaller than the window, and not given with SAME. A VALID convolution whose
 * stride leaves the last rows or columns unread is a warning; a pooling that does so is not, as
 * halving an odd size (Keras' example convnet pools 11×11 to 5×5) is the common, intended case.
 */
final class WindowRule implements Rule {
  @Override
  public void check(CheckContext ctx) {
    for (int i = 0; i < ctx.layers().size(); i++) {
      LayerNode layer = ctx.layers().get(i);
      boolean spatial = layer instanceof Spatial;
      if (!spatial && layer.kind() != LayerKind.GLOBAL_AVG_POOL2D) {
        continue;
      }
      String kind = ctx.kind(layer.kind());
      if (layer instanceof Conv2DNode c && c.filters() <= 0) {
        ctx.report(Message.NON_POSITIVE_FILTERS.at(c.origin().attribute("filters"), kind,
            c.name(), c.filters()));
      }
      boolean wellFormed = true;
      if (layer instanceof Spatial s) {
        wellFormed = pair(ctx, layer, s.windowAttribute(), s.window());
        if (layer instanceof Conv2DNode || !s.steps().equals(s.window())) {
          wellFormed &= pair(ctx, layer, "strides", s.steps());
        }
        wellFormed &= pads(ctx, layer, s, wellFormed);
      }
      Shape in = ctx.inputShape(i);
      if (in == null || i == 0) {
        continue;
      }
      if (in.rank() != 3) {
        LayerNode before = ctx.inputLayer(i);
        String fix = before.kind() == LayerKind.INPUT && in.rank() == 2
            ? "declare its input with one channel, e.g. " + oneChannel(ctx, before.name(), in)
            : "its input must have height, width and channels";
        ctx.report(Message.NEEDS_CHANNELS.at(layer.origin(), kind, layer.name(),
            ctx.kind(before.kind()), before.name(), in, fix));
        continue;
      }
      if (layer instanceof Spatial s && wellFormed) {
        fit(ctx, i, layer, s, in);
      }
    }
  }

  /** Reports a window or strides attribute that is not two positive sizes. */
  private static boolean pair(CheckContext ctx, LayerNode layer, String attribute,
      List<Integer> values) {
    if (values.size() == 2 && values.get(0) > 0 && values.get(1) > 0) {
      return true;
    }
    ctx.report(Message.WINDOW_SIZE.at(layer.origin().attribute(attribute),
        ctx.kind(layer.kind()), layer.name(), attribute, ctx.spell(values),
        attribute + " = " + ctx.spell(List.of(2, 2))));
    return false;
  }

  /**
   * Reports pads that are not four counts of zeros, not 0 or more, given with SAME padding, or
   * (for a well-formed window) not smaller than the window along their axis.
   */
  private static boolean pads(CheckContext ctx, LayerNode layer, Spatial s, boolean window) {
    List<Integer> pads = s.pads();
    if (pads.isEmpty()) {
      return true;
    }
    Origin at = layer.origin().attribute("pads");
    String kind = ctx.kind(layer.kind());
    String example = "pads = " + ctx.spell(List.of(1, 1, 1, 1));
    if (pads.size() != 4) {
      ctx.report(Message.PADS_COUNT.at(at, kind, layer.name(), ctx.spell(pads), example));
      return false;
    }
    String[] sides = {"top", "bottom", "left", "right"};
    for (int i = 0; i < 4; i++) {
      if (pads.get(i) < 0) {
        ctx.report(Message.PADS_NEGATIVE.at(at, kind, layer.name(), ctx.spell(pads), sides[i],
            pads.get(i), example));
        return false;
      }
    }
    if (s.padding() == Padding.SAME) {
      ctx.report(Message.PADS_WITH_SAME.at(at, kind, layer.name(), ctx.spell(pads),
          ctx.spell(Padding.SAME), ctx.spell(Padding.SAME)));
      return false;
    }
    if (!window) {
      return true; // the window's sizes are reported; the pads are compared with valid ones only
    }
    for (int i = 0; i < 4; i++) {
      int size = s.window().get(i / 2);
      if (pads.get(i) >= size) {
        ctx.report(Message.PADS_TOO_LARGE.at(at, kind, layer.name(), ctx.spell(pads), sides[i],
            pads.get(i), size, i < 2 ? "high" : "wide", s.windowAttribute(), size - 1));
        return false;
      }
    }
    return true;
  }

  private static String oneChannel(CheckContext ctx, String name, Shape in) {
    List<Integer> dims = List.of(in.dim(0), in.dim(1), 1);
    return ctx.network().syntax() == org.dendrite.compiler.ir.Syntax.NN
        ? "input " + name + " " + ctx.spell(dims)
        : "@Input(" + ctx.spell(dims) + ") Layer " + name + ";";
  }

  /** The window against its input, axis by axis: an error where it does not fit. */
  private static void fit(CheckContext ctx, int i, LayerNode layer, Spatial s, Shape in) {
    Window[] w = s.windows();
    String kind = ctx.kind(layer.kind());
    // The formula of each axis that does not fit, once if both are the same sum.
    List<String> failing = new java.util.ArrayList<>();
    String[] names = {"height ", "width "};
    for (int axis = 0; axis < 2; axis++) {
      int out = w[axis].output(in.dim(axis));
      if (out <= 0) {
        failing.add(names[axis] + formula(w[axis], in.dim(axis), out));
      }
    }
    String formulas = failing.size() == 2 && failing.get(0).substring(names[0].length())
        .equals(failing.get(1).substring(names[1].length()))
        ? failing.get(0).substring(names[0].length()) : String.join(" and ", failing);
    if (!failing.isEmpty()) {
      ctx.report(Message.WINDOW_FIT.at(layer.origin().attribute(s.windowAttribute()), kind,
          layer.name(), formulas, w[0].size() + "×" + w[1].size(), s.windowAttribute(),
          in.dim(0) + "×" + in.dim(1), ctx.spell(Padding.SAME), s.windowAttribute(),
          ctx.chain(i)));
      return;
    }
    String[] axes = {"row", "column"};
    for (int axis = 0; axis < 2 && layer instanceof Conv2DNode; axis++) {
      int unread = w[axis].unread(in.dim(axis));
      if (unread > 0) {
        int h = in.dim(axis);
        ctx.report(Message.UNREAD_PIXELS.at(layer.origin().attribute("strides"), kind,
            layer.name(), formula(w[axis], h, w[axis].output(h)), unread,
            axes[axis] + (unread > 1 ? "s" : ""), in, unread > 1 ? "are" : "is",
            ctx.spell(Padding.SAME) + (s.pads().isEmpty() ? "" : " in place of the pads"),
            (long) h + w[axis].before() + w[axis].after() - w[axis].size()));
      }
    }
  }

  /**
   * {@code (5 + 2·0 − 7)/1 + 1 = −1}; with explicit pads, both: {@code (5 + 1 + 0 − 7)/1 + 1 =
   * 0}.
   */
  private static String formula(Window w, int in, int out) {
    String pads = w.padding() == Padding.VALID && w.before() + w.after() > 0
        ? w.before() + " + " + w.after() : "2·0";
    return "(" + in + " + " + pads + " − " + w.size() + ")/" + w.stride() + " + 1 = "
        + (out < 0 ? "−" + (-out) : String.valueOf(out));
  }
}
