package org.dendrite.compiler.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.dendrite.compiler.onnx.proto.OnnxProto.TensorProto;

/**
 * Reads the values of ONNX initializers and constants, checking every size against the data
 * before it allocates: the element count the dimensions claim must be what the tensor holds.
 */
final class Tensors {
  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  private Tensors() {}

  /** The per-dimension sizes; each must be non-negative and their product fit an array. */
  static long[] dims(TensorProto t, String what) throws OnnxImportException {
    List<Long> list = t.getDimsList();
    long[] dims = new long[list.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = list.get(i);
      if (dims[i] < 0) {
        throw new OnnxImportException(what + " has a negative dimension: " + list);
      }
      count *= dims[i];
      if (count > Integer.MAX_VALUE - 8) {
        throw new OnnxImportException(what + " has " + list + " elements, more than a Java"
            + " array holds");
      }
    }
    return dims;
  }

  static int count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return (int) n;
  }

  /** The values of a float tensor, row-major. */
  static float[] floats(TensorProto t, String what) throws OnnxImportException {
    external(t, what);
    if (t.getDataType() != FLOAT) {
      throw new OnnxImportException(what + " holds " + typeName(t.getDataType())
          + " values; Dendrite imports float32 weights only");
    }
    int n = count(dims(t, what));
    if (t.hasRawData()) {
      if (t.getRawData().size() != (long) n * Float.BYTES) {
        throw new OnnxImportException(what + " claims " + n + " floats but its raw data has "
            + t.getRawData().size() + " bytes");
      }
      float[] values = new float[n];
      t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
          .get(values);
      return values;
    }
    if (t.getFloatDataCount() != n) {
      throw new OnnxImportException(what + " claims " + n + " floats but holds "
          + t.getFloatDataCount());
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = t.getFloatData(i);
    }
    return values;
  }

  /** The values of an int64 tensor (a Reshape's target shape). */
  static long[] longs(TensorProto t, String what) throws OnnxImportException {
    external(t, what);
    if (t.getDataType() != INT64) {
      throw new OnnxImportException(what + " holds " + typeName(t.getDataType())
          + " values where int64 are expected");
    }
    int n = count(dims(t, what));
    if (t.hasRawData()) {
      if (t.getRawData().size() != (long) n * Long.BYTES) {
        throw new OnnxImportException(what + " claims " + n + " int64 values but its raw data"
            + " has " + t.getRawData().size() + " bytes");
      }
      long[] values = new long[n];
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().get(values);
      return values;
    }
    if (t.getInt64DataCount() != n) {
      throw new OnnxImportException(what + " claims " + n + " int64 values but holds "
          + t.getInt64DataCount());
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = t.getInt64Data(i);
    }
    return values;
  }

  private static void external(TensorProto t, String what) throws OnnxImportException {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxImportException(what + " keeps its data in an external file; save the"
          + " model with its weights inside (onnx.save(model, path,"
          + " save_as_external_data=False))");
    }
  }

  private static String typeName(int dataType) {
    TensorProto.DataType type = TensorProto.DataType.forNumber(dataType);
    return type == null ? "type " + dataType : type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
