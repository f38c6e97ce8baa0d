package org.dendrite.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Test helper: writes IDX files of unsigned bytes, raw or gzip-compressed. */
final class IdxFiles {
  private IdxFiles() {}

  /** The bytes of an IDX file: magic 0x0000_08_rank, the dimensions, then {@code data}. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A well-formed IDX file's bytes. */
  static byte[] idx(int[] dims, byte[] data) {
    return idx(0x0800 | dims.length, dims, data);
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code raw}, gzip-compressed if {@code compress}, to {@code file}. */
  static Path write(Path file, byte[] raw, boolean compress) throws IOException {
    Files.write(file, compress ? gzip(raw) : raw);
    return file;
  }

  /** Values {@code f(i)} for i in [0, n) as unsigned bytes. */
  static byte[] bytes(int n, java.util.function.IntUnaryOperator f) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) f.applyAsInt(i);
    }
    return b;
  }
}
