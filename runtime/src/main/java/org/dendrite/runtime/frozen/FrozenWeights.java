package org.dendrite.runtime.frozen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The weights of a frozen inference class, read once from the binary resource beside the class
 * (Java's 64 KB method limit rules out array initialisers for real models). The resource is
 * {@link #MAGIC}, the value count as a little-endian {@code int}, then the values as little-endian
 * floats; everything is checked before anything is allocated or used.
 */
public final class FrozenWeights {
  /** The first bytes of every frozen weights resource. */
  public static final String MAGIC = "DNDFRZ01";

  private FrozenWeights() {}

  /**
   * The {@code count} values of the resource {@code resource} of {@code owner}.
   *
   * @throws UncheckedIOException if the resource is missing, unreadable, of another format or
   *     of another size than {@code count} values (the message names it and the sizes)
   */
  public static float[] load(Class<?> owner, String resource, int count) {
    String name = owner.getPackageName().replace('.', '/') + "/" + resource;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + name + " is not on the class path beside "
            + owner.getName() + "; package it with the class");
      }
      return parse(name, in.readAllBytes(), count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks that {@code weights[from, to)}, the values named {@code what} of the resource {@code
   * resource}, are finite: a frozen class whose products skip their inputs' zeros ({@link
   * org.dendrite.runtime.kernel.Kernels#matmulSkippingZeros}) computes what ONNX Runtime and its
   * trainable twin compute only for finite weights, which its generator checked; a resource
   * changed since would otherwise give other values unnoticed.
   *
   * @throws IllegalStateException naming the value and its index if one is NaN or infinite
   * @throws IndexOutOfBoundsException if the range is not inside {@code weights}
   */
  public static void requireFinite(float[] weights, int from, int to, String what,
      String resource) {
    Objects.checkFromToIndex(from, to, weights.length);
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(weights[i])) {
        throw new IllegalStateException(resource + ": " + what + " holds " + weights[i]
            + " at value " + (i - from) + " (index " + i + " of the resource), but the class was"
            + " generated from finite weights and skips the terms of zero inputs, which is exact"
            + " only for them; regenerate the class with its resource");
      }
    }
  }

  /** The values of {@code bytes}, the contents of the resource {@code name}. */
  static float[] parse(String name, byte[] bytes, int count) throws IOException {
    int header = MAGIC.length() + Integer.BYTES;
    if (bytes.length < header
        || !new String(bytes, 0, MAGIC.length(), StandardCharsets.US_ASCII).equals(MAGIC)) {
      throw new IOException(name + " is not a frozen weights resource (it does not start with "
          + MAGIC + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int stored = b.getInt(MAGIC.length());
    if (stored != count || bytes.length - header != (long) count * Float.BYTES) {
      throw new IOException(name + " holds " + stored + " values in " + (bytes.length - header)
          + " bytes, but the class needs " + count + " (" + (long) count * Float.BYTES
          + " bytes): it belongs to another version of the class");
    }
    float[] values = new float[count];
    b.position(header);
    b.asFloatBuffer().get(values);
    return values;
  }
}
