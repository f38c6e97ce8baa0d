package org.dendrite.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dendrite.compiler.onnx.proto.OnnxProto.AttributeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.NodeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * The int64 arithmetic of constants the importer evaluates, each operator against values worked
 * out by hand from ONNX's definitions (NumPy's semantics): PyTorch 1.x's chain for a Pad's pads,
 * the reversal by a negative step, clamping, Reshape's 0 and -1, Concat along an inner axis,
 * Transpose's default perm; what is not int64 shape arithmetic is left alone.
 */
class ConstantFoldingTest {
  @Test
  void pyTorchsPadChainGivesOnnxPads() throws Exception {
    // F.pad(x, (1, 2, 0, 1)) of NCHW: [1, 2, 0, 1] and four zeros, reshaped to [-1, 2],
    // reversed, transposed and flattened: [0, 0, 0, 1, 0, 0, 1, 2].
    TensorProto shape = ints(new long[] {1}, 4);
    TensorProto zeros = fold(node("ConstantOfShape").addAttribute(AttributeProto.newBuilder()
        .setName("value").setType(AttributeProto.AttributeType.TENSOR)
        .setT(ints(new long[] {1}, 0))), shape);
    TensorProto joined = fold(node("Concat").addAttribute(i("axis", 0)),
        ints(new long[] {4}, 1, 2, 0, 1), zeros);
    TensorProto pairs = fold(node("Reshape"), joined, ints(new long[] {2}, -1, 2));
    TensorProto reversed = fold(node("Slice"), pairs, ints(new long[] {1}, -1),
        ints(new long[] {1}, Long.MIN_VALUE), ints(new long[] {1}, 0), ints(new long[] {1}, -1));
    assertValues(reversed, new long[] {4, 2}, 0, 0, 0, 0, 0, 1, 1, 2);
    TensorProto transposed = fold(node("Transpose").addAttribute(AttributeProto.newBuilder()
        .setName("perm").setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(0)),
        reversed);
    TensorProto flat = fold(node("Reshape"), transposed, ints(new long[] {1}, -1));
    TensorProto cast = fold(node("Cast").addAttribute(i("to",
        TensorProto.DataType.INT64_VALUE)), flat);
    assertValues(cast, new long[] {8}, 0, 0, 0, 1, 0, 0, 1, 2);
  }

  @Test
  void sliceClampsAndSteps() throws Exception {
    TensorProto x = ints(new long[] {2, 5}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // Columns 1, 3 (step 2 from 1 up to past the end, clamped).
    assertValues(fold(node("Slice"), x, ints(new long[] {1}, 1), ints(new long[] {1}, 100),
        ints(new long[] {1}, 1), ints(new long[] {1}, 2)), new long[] {2, 2}, 1, 3, 6, 8);
    // Rows from the last backwards, columns 4 down to 2 (exclusive end 1).
    assertValues(fold(node("Slice"), x, ints(new long[] {2}, -1, 4), ints(new long[] {2}, -3, 1),
        ints(new long[] {2}, 0, 1), ints(new long[] {2}, -1, -1)), new long[] {2, 3},
        9, 8, 7, 4, 3, 2);
    // No axes or steps: the first axes, step 1.
    assertValues(fold(node("Slice"), x, ints(new long[] {1}, 1), ints(new long[] {1}, 2)),
        new long[] {1, 5}, 5, 6, 7, 8, 9);
  }

  @Test
  void reshapeConcatAndTransposeFollowOnnx() throws Exception {
    TensorProto x = ints(new long[] {2, 3}, 0, 1, 2, 3, 4, 5);
    // 0 copies a dimension, -1 takes the rest.
    assertValues(fold(node("Reshape"), x, ints(new long[] {3}, 0, -1, 1)), new long[] {2, 3, 1},
        0, 1, 2, 3, 4, 5);
    // Along the inner axis: each row of the first, then the same row of the second.
    assertValues(fold(node("Concat").addAttribute(i("axis", -1)), x,
        ints(new long[] {2, 1}, 10, 11)), new long[] {2, 4}, 0, 1, 2, 10, 3, 4, 5, 11);
    // No perm: the axes reversed.
    assertValues(fold(node("Transpose"), ints(new long[] {2, 1, 3}, 0, 1, 2, 3, 4, 5)),
        new long[] {3, 1, 2}, 0, 3, 1, 4, 2, 5);
  }

  @Test
  void whatIsNotSmallInt64ArithmeticIsLeftOrRefused() throws Exception {
    TensorProto weight = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(2).addFloatData(1f).addFloatData(2f).build();
    assertFalse(ConstantFolding.folds(node("Transpose").build(), List.of(weight)));
    // ConstantOfShape without a value fills with a float 0.
    assertFalse(ConstantFolding.folds(node("ConstantOfShape").build(),
        List.of(ints(new long[] {1}, 4))));
    assertFalse(ConstantFolding.folds(node("Cast").addAttribute(i("to", 1)).build(),
        List.of(ints(new long[] {1}, 4))));
    assertFalse(ConstantFolding.folds(node("Slice").build(),
        Arrays.asList(ints(new long[] {1}, 4), null, null)));
    assertFalse(ConstantFolding.folds(node("Relu").build(), List.of(ints(new long[] {1}, 4))));
    // A perm that is not one, and slices of mismatched lists, are errors, not exceptions.
    OnnxImportException perm = assertThrows(OnnxImportException.class, () -> fold(
        node("Transpose").addAttribute(AttributeProto.newBuilder().setName("perm")
            .setType(AttributeProto.AttributeType.INTS).addInts(0).addInts(0)),
        ints(new long[] {2, 2}, 1, 2, 3, 4)));
    assertTrue(perm.getMessage().endsWith("permutes a rank-2 tensor by [0, 0]"),
        perm.getMessage());
    assertThrows(OnnxImportException.class, () -> fold(node("Slice"),
        ints(new long[] {2}, 1, 2), ints(new long[] {1}, 0), ints(new long[] {1}, 1),
        ints(new long[] {2}, 0, 1)));
    // A billion values are not shape arithmetic: refused before anything is allocated.
    NodeProto.Builder fill = node("ConstantOfShape").addAttribute(AttributeProto.newBuilder()
        .setName("value").setType(AttributeProto.AttributeType.TENSOR)
        .setT(ints(new long[] {1}, 0)));
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> fold(fill, ints(new long[] {2}, 1_000_000, 1_000)));
    assertTrue(e.getMessage().contains("computes a constant of shape [1000000, 1000]"),
        e.getMessage());
  }

  private static NodeProto.Builder node(String op) {
    return NodeProto.newBuilder().setOpType(op).setName("n").addOutput("out");
  }

  private static AttributeProto i(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  private static TensorProto ints(long[] dims, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder()
        .setDataType(TensorProto.DataType.INT64_VALUE);
    Arrays.stream(dims).forEach(t::addDims);
    Arrays.stream(values).forEach(t::addInt64Data);
    return t.build();
  }

  private static TensorProto fold(NodeProto.Builder node, TensorProto... inputs)
      throws OnnxImportException {
    List<TensorProto> list = new ArrayList<>(Arrays.asList(inputs));
    NodeProto n = node.build();
    assertTrue(ConstantFolding.folds(n, list), n.getOpType());
    return ConstantFolding.fold(n, list, "node 'n'");
  }

  private static void assertValues(TensorProto t, long[] dims, long... values) throws Exception {
    assertArrayEquals(dims, Tensors.dims(t, "folded"));
    assertArrayEquals(values, Tensors.longs(t, "folded"));
  }
}
