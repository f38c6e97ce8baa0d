package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import java.util.List;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.AddNode;

/**
 * An element-wise sum: {@code out = in0 + in1 + …}. Its backward pass hands its output's
 * gradient to each input unchanged.
 */
final class AddUnit extends MergeUnit<AddNode> {
  AddUnit(AddNode node, Context context) {
    super(node, context);
  }

  @Override
  public boolean keepsInputSize() {
    return true;
  }

  /** {@code add sum 8x8x16}. */
  @Override
  public String architecture() {
    return node().kind().keyword() + " " + name() + " " + outputShape().join("x");
  }

  // Example:
  // // sum = conv2 + stem
  // Merges.add(conv2, 0, stem, 0, sum, 0, count * CONV2_SIZE);
  @Override
  public Flow forward(PassScope pass, Mode mode, List<Flow> in, CodeBlock.Builder code) {
    String out = pass.name(this, "");
    code.add("// $L = $L\n", out, names(in, " + "));
    code.addStatement("$T.add($N, $L, $N, $L, $N, 0, $N * $L)", RuntimeNames.MERGES,
        in.get(0).array(), in.get(0).offset(), in.get(1).array(), in.get(1).offset(), out,
        PassScope.COUNT, pass.size(this));
    for (Flow f : in.subList(2, in.size())) {
      code.addStatement("$T.accumulate($N, $L, $N, 0, $N * $L)", RuntimeNames.MERGES, f.array(),
          f.offset(), out, PassScope.COUNT, pass.size(this));
    }
    return output(pass);
  }

  // Example:
  // // sum backward: its gradient is each input's
  // System.arraycopy(sumGrad, 0, conv2Grad, 0, count * CONV2_SIZE);
  @Override
  public void backward(PassScope pass, List<Flow> in, CodeBlock.Builder code) {
    if (!needsInputGradient()) {
      return;
    }
    code.add("// $L backward: its gradient is each input's\n", name());
    for (int j = 0; j < in.size(); j++) {
      if (needsInputGradient(j)) {
        code.addStatement("$T.arraycopy($N, 0, $N, 0, $N * $L)", System.class,
            pass.name(this, "Grad"), in.get(j).grad(), PassScope.COUNT, pass.size(this));
      }
    }
  }
}
