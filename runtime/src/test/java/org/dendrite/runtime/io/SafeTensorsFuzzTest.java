package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.runtime.ReaderChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader against truncated, oversized and malformed files: every file either
 * reads back consistently or fails with an {@link IOException} naming the file — never an
 * {@link OutOfMemoryError}, a {@link StackOverflowError} or another raw exception. Surefire runs
 * this class with a 256 MB heap (runtime/pom.xml).
 */
class SafeTensorsFuzzTest {
  @TempDir Path dir;
  private int files;

  /** Reads {@code bytes}: tensors consistent with their shapes, or an IOException naming it. */
  private void check(byte[] bytes, String what) throws IOException {
    ReaderChecks.readsOrNamesTheFile(dir.resolve("f" + files++ + ".safetensors"), bytes, what,
        file -> {
          for (SafeTensors.Tensor t : SafeTensors.read(file).tensors().values()) {
            long n = 1;
            for (int d : t.shape()) {
              n *= d;
            }
            assertEquals(n, t.data().length, what + ": tensor " + t.name());
          }
        });
  }

  private static void assertNamesTheFile(IOException e, Path file, String what) {
    assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
        what + ": the message does not name the file: " + e.getMessage());
  }

  /** A small valid file: two tensors and metadata, as a weight file has them. */
  private static byte[] valid() throws IOException {
    Path tmp = Files.createTempFile("valid", ".safetensors");
    try {
      SafeTensors.write(tmp, List.of(
          new SafeTensors.Tensor("l0.kernel", new int[] {3, 4}, values(12)),
          new SafeTensors.Tensor("l0.bias", new int[] {4}, values(4))),
          Map.of("dendrite.model", "Fuzz", "format", "dendrite"));
      return Files.readAllBytes(tmp);
    } finally {
      Files.delete(tmp);
    }
  }

  private static float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + 0.25f * i;
    }
    return v;
  }

  /** A file of {@code header} (JSON) and {@code dataBytes} bytes of data. */
  private static byte[] file(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length).put(json).array();
  }

  @Test
  void theValidFileReadsBack() throws IOException {
    Path f = Files.write(dir.resolve("valid.safetensors"), valid());
    SafeTensors.Contents c = SafeTensors.read(f);
    assertArrayEquals(values(12), c.tensors().get("l0.kernel").data());
    assertArrayEquals(values(4), c.tensors().get("l0.bias").data());
    assertEquals("Fuzz", c.metadata().get("dendrite.model"));
  }

  @Test
  void everyTruncation() throws IOException {
    byte[] valid = valid();
    for (int length = 0; length < valid.length; length++) {
      check(Arrays.copyOf(valid, length), "first " + length + " bytes");
    }
  }

  /** Header lengths from negative to 2^63 - 1, in a file of a few hundred bytes. */
  @Test
  void headerLengthsThatLie() throws IOException {
    byte[] valid = valid();
    long[] lengths = {Long.MIN_VALUE, -1, 0, 1, 7, 8, valid.length - 9, valid.length,
        1L << 31, (100L << 20) + 1, 1L << 40, Long.MAX_VALUE};
    for (long length : lengths) {
      byte[] f = valid.clone();
      ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
      check(f, "header length " + length);
    }
  }

  /** Headers each wrong in one way, from a table. */
  @Test
  void malformedHeaders() throws IOException {
    String t = "\"t\":{\"dtype\":\"F32\",";
    String[] headers = {
      "", "{", "}", "[]", "null", "42", "\"x\"", "{\"t\":1}", "{\"t\":[]}",
      "[".repeat(100_000), "{\"a\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_001),
      "{" + t + "\"shape\":[1],\"data_offsets\":[0,4]}",
      "{" + t + "\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}",
      "{" + t + "\"shape\":[-1],\"data_offsets\":[0,4]}",
      "{" + t + "\"shape\":[1e3],\"data_offsets\":[0,4]}",
      "{" + t + "\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}",
      "{" + t + "\"shape\":[1],\"data_offsets\":[-4,0]}",
      "{" + t + "\"shape\":[1],\"data_offsets\":[4,0]}",
      "{" + t + "\"shape\":[1],\"data_offsets\":[0,9223372036854775807]}",
      "{" + t + "\"shape\":[536870912],\"data_offsets\":[0,2147483648]}",
      "{" + t + "\"shape\":[1],\"data_offsets\":[0]}",
      "{" + t + "\"shape\":[1],\"data_offsets\":\"0,4\"}",
      "{" + t + "\"shape\":[1]}",
      "{\"t\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
      "{\"t\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}",
      "{\"__metadata__\":{\"a\":1}}",
      "{\"__metadata__\":[\"a\"]}",
      "{\"__metadata__\":{\"a\":\"b\"},\"__metadata__\":{}}",
      "{\"l0.kernel\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]},"
          + "\"l0.kernel\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[48,52]}}",
      "{\"a\":\"\\ud800\",\"b\":\"\\uZZZZ\"}",
      "{\"a\":1" + " ".repeat(1 << 20) + "}",
    };
    for (int i = 0; i < headers.length; i++) {
      for (int data : new int[] {0, 4, 64}) {
        check(file(headers[i], data), "header " + i + " with " + data + " data bytes");
      }
    }
  }

  /** Random bytes flipped anywhere in a valid file, and random files. */
  @Test
  void randomCorruption() throws IOException {
    byte[] valid = valid();
    SplittableRandom rng = new SplittableRandom(3);
    for (int round = 0; round < 500; round++) {
      byte[] f = valid.clone();
      int flips = rng.nextInt(1, 4);
      for (int i = 0; i < flips; i++) {
        f[rng.nextInt(f.length)] ^= (byte) rng.nextInt(1, 256);
      }
      check(f, "round " + round + " with " + flips + " flipped bytes");
    }
    for (int round = 0; round < 100; round++) {
      byte[] noise = new byte[rng.nextInt(0, 200)];
      rng.nextBytes(noise);
      if (noise.length >= 8) {
        ByteBuffer.wrap(noise).order(ByteOrder.LITTLE_ENDIAN).putLong(0, noise.length - 8);
      }
      check(noise, "noise of " + noise.length + " bytes");
    }
  }

  /**
   * A header whose tensor is larger than the heap (1.6 GB under the 256 MB of the small-heap run)
   * and whose data the file really holds (a sparse file, so it costs no disk): an IOException
   * saying so, not an OutOfMemoryError.
   */
  @Test
  void aTensorLargerThanTheHeapIsAnIoException() throws IOException {
    long values = Math.min(SafeTensors.MAX_VALUES,
        Math.max(400_000_000L, Runtime.getRuntime().maxMemory() / 4 + 100_000_000L));
    String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + values + "],\"data_offsets\":[0,"
        + 4 * values + "]}}";
    Path f = dir.resolve("big.safetensors");
    Files.write(f, file(header, 0));
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0}), Files.size(f) + 4 * values - 1);
    }
    try {
      SafeTensors.read(f);
      fail("a tensor of " + (4 * values >> 20) + " MB read with a heap of "
          + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
    } catch (IOException e) {
      assertNamesTheFile(e, f, "a tensor larger than the heap");
      assertTrue(e.getMessage().contains("more than this JVM's heap holds"), e.getMessage());
    }
  }

}
