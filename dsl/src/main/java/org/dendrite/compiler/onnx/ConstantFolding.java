package org.dendrite.compiler.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.dendrite.compiler.onnx.proto.OnnxProto.AttributeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.NodeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.TensorProto;

/**
 * Evaluates, at import time, the small int64 computations exporters leave in a graph: PyTorch
 * 1.x writes a {@code Pad} node's pads as {@code ConstantOfShape}, {@code Concat}, {@code
 * Reshape}, {@code Slice} (a reversal, step -1, which its constant folding skips), {@code
 * Transpose}, {@code Reshape} and {@code Cast} of constants. A node of these operators whose
 * inputs are all int64 constants becomes one more constant; any other is left to the importer.
 */
final class ConstantFolding {
  /** The operators folded when every input is an int64 constant. */
  static final Set<String> OPERATORS =
      Set.of("ConstantOfShape", "Concat", "Reshape", "Slice", "Transpose", "Cast");

  /** A folded tensor's most values: shape arithmetic, never a layer's worth of data. */
  private static final int MAX_VALUES = 1 << 16;

  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  /** An int64 tensor: its dimensions and row-major values. */
  private record Ints(long[] dims, long[] values) {}

  private ConstantFolding() {}

  /**
   * Whether {@code node} is an int64 computation this class folds: {@code inputs} are its
   * constant inputs, null where an optional input is absent.
   */
  static boolean folds(NodeProto node, List<TensorProto> inputs) {
    if (!OPERATORS.contains(node.getOpType())) {
      return false;
    }
    int required = switch (node.getOpType()) {
      case "Reshape" -> 2;
      case "Slice" -> 3;
      default -> 1;
    };
    if (inputs.size() < required || node.getOutputCount() < 1) {
      return false;
    }
    for (int i = 0; i < inputs.size(); i++) {
      TensorProto t = inputs.get(i);
      if (t == null && (i < required || node.getOpType().equals("Concat"))
          || t != null && t.getDataType() != INT64) {
        return false; // a float weight, say: not shape arithmetic
      }
    }
    return switch (node.getOpType()) {
      case "ConstantOfShape" -> {
        TensorProto value = tensorAttribute(node, "value");
        yield value != null && value.getDataType() == INT64; // the default is a float 0
      }
      case "Cast" -> intAttribute(node, "to", 0) == INT64;
      default -> true;
    };
  }

  /**
   * The value of {@code node} over its constant {@code inputs} (empty names are null), named as
   * its first output.
   */
  static TensorProto fold(NodeProto node, List<TensorProto> inputs, String at)
      throws OnnxImportException {
    Ints[] in = new Ints[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      TensorProto t = inputs.get(i);
      in[i] = t == null ? null : new Ints(Tensors.dims(t, at + "'s input " + i),
          Tensors.longs(t, at + "'s input " + i));
    }
    Ints out = switch (node.getOpType()) {
      case "ConstantOfShape" -> constantOfShape(node, in[0], at);
      case "Concat" -> concat(intAttribute(node, "axis", 0), in, at);
      case "Reshape" -> reshape(in[0], in[1].values(), intAttribute(node, "allowzero", 0), at);
      case "Slice" -> slice(in, at);
      case "Transpose" -> transpose(in[0], ints(node, "perm"), at);
      case "Cast" -> in[0];
      default -> throw new IllegalArgumentException(node.getOpType());
    };
    TensorProto.Builder t = TensorProto.newBuilder().setName(node.getOutput(0))
        .setDataType(INT64);
    for (long d : out.dims()) {
      t.addDims(d);
    }
    for (long v : out.values()) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  private static Ints constantOfShape(NodeProto node, Ints shape, String at)
      throws OnnxImportException {
    long[] value = Tensors.longs(tensorAttribute(node, "value"), at + "'s value");
    if (value.length != 1 || shape.dims().length != 1) {
      throw new OnnxImportException(at + " fills a shape " + Arrays.toString(shape.values())
          + " with " + Arrays.toString(value) + "; expected a 1-D shape and one value");
    }
    long[] dims = shape.values().clone();
    long[] values = new long[count(dims, at)];
    Arrays.fill(values, value[0]);
    return new Ints(dims, values);
  }

  private static Ints concat(long axis, Ints[] in, String at) throws OnnxImportException {
    int rank = in[0].dims().length;
    int a = (int) (axis < 0 ? axis + rank : axis);
    if (a < 0 || a >= rank) {
      throw new OnnxImportException(at + " joins along axis " + axis + " of rank-" + rank
          + " tensors");
    }
    long[] dims = in[0].dims().clone();
    dims[a] = 0;
    for (Ints t : in) {
      for (int d = 0; d < rank; d++) {
        if (t.dims().length != rank || d != a && t.dims()[d] != dims[d]) {
          throw new OnnxImportException(at + " joins tensors of shapes that differ off axis "
              + a);
        }
      }
      dims[a] += t.dims()[a];
    }
    long[] values = new long[count(dims, at)];
    long outer = 1;
    for (int d = 0; d < a; d++) {
      outer *= dims[d];
    }
    int p = 0;
    for (int o = 0; o < outer; o++) {
      for (Ints t : in) {
        int chunk = t.values().length / (int) Math.max(outer, 1);
        System.arraycopy(t.values(), o * chunk, values, p, chunk);
        p += chunk;
      }
    }
    return new Ints(dims, values);
  }

  private static Ints reshape(Ints in, long[] shape, long allowZero, String at)
      throws OnnxImportException {
    long[] dims = shape.clone();
    int unknown = -1;
    long known = 1;
    for (int d = 0; d < dims.length; d++) {
      if (dims[d] == 0 && allowZero == 0) {
        if (d >= in.dims().length) {
          throw new OnnxImportException(at + " copies dimension " + d + " of a rank-"
              + in.dims().length + " tensor");
        }
        dims[d] = in.dims()[d];
      }
      if (dims[d] == -1 && unknown < 0) {
        unknown = d;
      } else if (dims[d] < 0) {
        throw new OnnxImportException(at + " reshapes to " + Arrays.toString(shape));
      } else {
        known *= dims[d];
      }
    }
    if (unknown >= 0 && known > 0) {
      dims[unknown] = in.values().length / known;
    }
    if (count(dims, at) != in.values().length) {
      throw new OnnxImportException(at + " reshapes " + in.values().length + " values to "
          + Arrays.toString(shape));
    }
    return new Ints(dims, in.values());
  }

  /** ONNX's Slice (opset 10+): starts, ends, optional axes and steps, clamped as it specifies. */
  private static Ints slice(Ints[] in, String at) throws OnnxImportException {
    Ints data = in[0];
    int rank = data.dims().length;
    long[] starts = in[1].values();
    long[] ends = in[2].values();
    long[] axes = in.length > 3 && in[3] != null ? in[3].values() : null;
    long[] steps = in.length > 4 && in[4] != null ? in[4].values() : null;
    long[] from = new long[rank];
    long[] step = new long[rank];
    long[] dims = data.dims().clone();
    Arrays.fill(step, 1);
    if (ends.length != starts.length || axes != null && axes.length != starts.length
        || steps != null && steps.length != starts.length || starts.length > rank) {
      throw new OnnxImportException(at + " slices with starts " + Arrays.toString(starts)
          + ", ends " + Arrays.toString(ends) + ", axes " + Arrays.toString(axes) + " and steps "
          + Arrays.toString(steps) + " of different lengths");
    }
    for (int i = 0; i < starts.length; i++) {
      int a = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i]);
      long s = steps == null ? 1 : steps[i];
      if (a < 0 || a >= rank || s == 0) {
        throw new OnnxImportException(at + " slices with starts " + Arrays.toString(starts)
            + ", ends " + Arrays.toString(ends) + " a tensor of shape "
            + Arrays.toString(data.dims()));
      }
      long n = data.dims()[a];
      long b = starts[i] < 0 ? starts[i] + n : starts[i];
      long e = ends[i] < 0 ? ends[i] + n : ends[i];
      if (s > 0) {
        b = Math.max(0, Math.min(b, n));
        e = Math.max(0, Math.min(e, n));
        dims[a] = e > b ? (e - b - 1) / s + 1 : 0; // no overflow for any step
      } else {
        b = Math.max(-1, Math.min(b, n - 1));
        e = Math.max(-1, Math.min(e, n - 1));
        dims[a] = b > e ? (b - e - 1) / -s + 1 : 0;
      }
      from[a] = b;
      step[a] = s;
    }
    long[] values = new long[count(dims, at)];
    long[] index = new long[rank];
    for (int p = 0; p < values.length; p++) {
      long q = 0;
      for (int d = 0; d < rank; d++) {
        q = q * data.dims()[d] + from[d] + index[d] * step[d];
      }
      values[p] = data.values()[(int) q];
      for (int d = rank - 1; d >= 0 && ++index[d] == dims[d]; d--) {
        index[d] = 0;
      }
    }
    return new Ints(dims, values);
  }

  private static Ints transpose(Ints in, long[] perm, String at) throws OnnxImportException {
    int rank = in.dims().length;
    long[] p = perm;
    if (p == null) {
      p = new long[rank];
      for (int d = 0; d < rank; d++) {
        p[d] = rank - 1 - d;
      }
    }
    boolean[] seen = new boolean[rank];
    boolean permutation = p.length == rank;
    for (int d = 0; permutation && d < rank; d++) {
      permutation = p[d] >= 0 && p[d] < rank && !seen[(int) p[d]];
      if (permutation) {
        seen[(int) p[d]] = true;
      }
    }
    if (!permutation) {
      throw new OnnxImportException(at + " permutes a rank-" + rank + " tensor by "
          + Arrays.toString(p));
    }
    long[] dims = new long[rank];
    long[] strides = new long[rank];
    long stride = 1;
    for (int d = rank - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= in.dims()[d];
    }
    for (int d = 0; d < rank; d++) {
      dims[d] = in.dims()[(int) p[d]];
    }
    long[] values = new long[count(dims, at)];
    long[] index = new long[rank];
    for (int q = 0; q < values.length; q++) {
      long from = 0;
      for (int d = 0; d < rank; d++) {
        from += index[d] * strides[(int) p[d]];
      }
      values[q] = in.values()[(int) from];
      for (int d = rank - 1; d >= 0 && ++index[d] == dims[d]; d--) {
        index[d] = 0;
      }
    }
    return new Ints(dims, values);
  }

  /** The element count of {@code dims}, which must be small: shape arithmetic. */
  private static int count(long[] dims, String at) throws OnnxImportException {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new OnnxImportException(at + " makes a tensor of shape " + Arrays.toString(dims));
      }
      n *= d;
      if (n > MAX_VALUES) {
        throw new OnnxImportException(at + " computes a constant of shape "
            + Arrays.toString(dims) + "; Dendrite evaluates only small int64 shape arithmetic"
            + " (at most " + MAX_VALUES + " values)");
      }
    }
    return (int) n;
  }

  private static long intAttribute(NodeProto node, String name, long fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  private static long[] ints(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return null;
  }

  private static TensorProto tensorAttribute(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name) && a.hasT()) {
        return a.getT();
      }
    }
    return null;
  }
}
