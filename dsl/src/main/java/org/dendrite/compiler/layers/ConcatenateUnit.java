package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;
import org.dendrite.compiler.emit.Literals;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.ConcatenateNode;
import org.dendrite.compiler.ir.Shape;

/**
 * A concatenation along one axis. Samples are row-major, so each input is a run of {@code rows}
 * blocks (the product of the dimensions before the axis, per sample) that lands at its column
 * offset in the output's wider blocks: along the last axis of an image, each pixel's channels
 * side by side. Its backward pass copies each input's columns of the gradient back.
 */
final class ConcatenateUnit extends MergeUnit<ConcatenateNode> {
  /** Blocks per sample: the product of the output's dimensions before the axis. */
  private final int rows;
  /** Values of one output block: the axis and the dimensions after it. */
  private final int width;
  /** Values of one block of each input. */
  private final int[] widths;
  /** Where each input's values start in an output block. */
  private final int[] offsets;
  private final int axis;

  ConcatenateUnit(ConcatenateNode node, Context context) {
    super(node, context);
    Shape out = outputShape();
    axis = node.resolvedAxis(out.rank());
    int before = 1;
    for (int d = 0; d < axis; d++) {
      before *= out.dim(d);
    }
    rows = before;
    width = out.intSize() / rows;
    widths = new int[inputs().size()];
    offsets = new int[inputs().size()];
    int at = 0;
    for (int j = 0; j < widths.length; j++) {
      widths[j] = inputs().get(j).outputSize() / rows;
      offsets[j] = at;
      at += widths[j];
    }
  }

  /**
   * Blocks per sample: the product of the dimensions before the axis (1 for vectors, height ×
   * width along the channels of images).
   */
  int rowsPerSample() {
    return rows;
  }

  /** Values of one output block: the axis and the dimensions after it. */
  int blockWidth() {
    return width;
  }

  /** Where input {@code j}'s values start in an output block. */
  int column(int j) {
    return offsets[j];
  }

  /** {@code concatenate joined 8x8x24 axis 2}. */
  @Override
  public String architecture() {
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x") + " axis "
        + axis;
  }

  private CodeBlock rows() {
    return rows == 1 ? CodeBlock.of("$N", PassScope.COUNT)
        : CodeBlock.of("$N * $L", PassScope.COUNT, Literals.of(rows));
  }

  /** The names of its inputs that wrote into its buffers ({@code true}) or did not. */
  private String inputNames(PassScope pass, boolean inPlace) {
    return String.join(", ", inputs().stream().filter(u -> (pass.slice(u) != null) == inPlace)
        .map(LayerUnit::name).toList());
  }

  // Example:
  // // joined = [left | right] along axis 0: 48 value(s) per block, 1 block(s) per sample
  // // (left wrote its columns in place)
  // Merges.concatenate(right, 0, count, 16, joined, 32, 48);
  @Override
  public Flow forward(PassScope pass, Mode mode, List<Flow> in, CodeBlock.Builder code) {
    String out = pass.name(this, "");
    code.add("// $L = [$L] along axis $L: $L value(s) per block, $L block(s) per sample\n", out,
        String.join(" | ", inputs().stream().map(LayerUnit::name).toList()), axis, width, rows);
    String inPlace = inputNames(pass, true);
    if (!inPlace.isEmpty()) {
      code.add("// ($L wrote $L columns in place)\n", inPlace,
          inPlace.contains(",") ? "their" : "its");
    }
    for (int j = 0; j < in.size(); j++) {
      if (pass.slice(inputs().get(j)) == null) {
        code.addStatement("$T.concatenate($N, $L, $L, $L, $N, $L, $L)", RuntimeNames.MERGES,
            in.get(j).array(), in.get(j).offset(), rows(), Literals.of(widths[j]), out,
            Literals.of(offsets[j]), Literals.of(width));
      }
    }
    return output(pass);
  }

  // Example:
  // // joined backward: each input's columns of its gradient
  // Merges.split(joinedGrad, 0, 48, count, 32, leftGrad, 0);
  @Override
  public void backward(PassScope pass, List<Flow> in, CodeBlock.Builder code) {
    if (!needsInputGradient()) {
      return;
    }
    boolean copies = false;
    for (int j = 0; j < in.size(); j++) {
      copies |= needsInputGradient(j) && pass.slice(inputs().get(j)) == null;
    }
    if (!copies) {
      return; // every input reads its gradient in place
    }
    code.add("// $L backward: each input's columns of its gradient\n", name());
    for (int j = 0; j < in.size(); j++) {
      if (needsInputGradient(j) && pass.slice(inputs().get(j)) == null) {
        code.addStatement("$T.split($N, $L, $L, $L, $L, $N, 0)", RuntimeNames.MERGES,
            pass.name(this, "Grad"), Literals.of(offsets[j]), Literals.of(width), rows(),
            Literals.of(widths[j]), in.get(j).grad());
      }
    }
  }
}
