package org.dendrite.runtime.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The writing half of the protocol-buffers wire format, for the few message types an ONNX file
 * needs: varints, strings, nested messages and packed little-endian floats. Hand-written rather
 * than protobuf-java with the ONNX schema compiled in, which would add about 3 MB to the runtime
 * jar that every application ships, for writing what takes a hundred lines; the compiler module
 * reads ONNX files with protobuf-java, and the tests read every exported file back with it and
 * run it in ONNX Runtime.
 *
 * <p>Fields are written in the order of the calls; a message is complete when it is nested
 * ({@link #message}) or its {@link #toByteArray() bytes} are taken.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An {@code int32}, {@code int64} or enum field. */
  ProtoWriter varint(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
    return this;
  }

  /** A {@code float} field. */
  ProtoWriter fixedFloat(int field, float value) {
    tag(field, FIXED32);
    int bits = Float.floatToRawIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  /** A {@code string} field, UTF-8. */
  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code bytes} field. */
  ProtoWriter bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** A nested message field. */
  ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  /** {@code values} as little-endian IEEE floats: TensorProto's {@code raw_data}. */
  static byte[] littleEndian(float[] values, int offset, int length) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(length, Float.BYTES))
        .order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values, offset, length);
    return b.array();
  }

  /** The message's bytes. */
  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  /** Base-128, least significant group first; negative values take ten bytes, as protobuf's. */
  private void rawVarint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
