package org.dendrite.compiler.frozen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler's safetensors reader against lying headers: every size is checked before anything
 * is allocated, and each problem is named with its sizes.
 */
class TrainedWeightsTest {
  /** Two tensors: out.kernel [3, 2] and out.bias [2]. */
  private static final Plan SMALL = new NetworkCompiler("test").plan(NnCompiler.parse(
          new SourceFile("Small.nn", "network Small(loss = mse) {\n  input x [3]\n"
              + "  dense out (units = 2)\n}\n"), new DiagnosticCollector()).get(0),
      new DiagnosticCollector()).orElseThrow();

  @TempDir
  Path dir;

  @Test
  void readsAFileThatFits() throws IOException {
    float[] data = {1, 2, 3, 4, 5, 6, 7, 8};
    Map<String, float[]> w = TrainedWeights.read(SMALL, file("{\"__metadata__\":{\"x\":\"y\"},"
        + "\"out.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
        + "\"out.kernel\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}}", data));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.get("out.kernel"));
    assertArrayEquals(new float[] {7, 8}, w.get("out.bias"));
  }

  @Test
  void lyingHeadersAreRefusedNamingTheProblem() throws IOException {
    String kernel = "\"out.kernel\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}";
    float[] data = new float[8];
    Map<String, String> lies = Map.of(
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[24,28]}}",
        "tensor 'out.bias' is of dtype F16, not F32",
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,99]}}",
        "tensor 'out.bias' [2] holds 2 floats, 8 bytes, but its data_offsets are [24, 99]",
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
            + "\"data_offsets\":[24,32]}}",
        "tensor 'out.bias' has the shape [4294967296, 4294967296]",
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F32\",\"shape\":[2],"
            + "\"data_offsets\":[2147483648,2147483656]}}",
        "tensor 'out.bias' [2] needs bytes 2147483648 to 2147483656 of the data, which has only 32",
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
        "tensor 'out.bias' has the shape [-2]",
        "{" + kernel + "," + kernel + "}", "the key 'out.kernel' twice",
        "[" + "[".repeat(100) + "]".repeat(101), "nested deeper than 64",
        "{" + kernel + "}", "tensor 'out.bias' [2] is missing from the file",
        "{" + kernel + ",\"out.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
            + "\"__metadata__\":{\"dendrite.architecture\":\"network Small\\ndense out 3->5\"}}",
        "holds weights of another architecture than Small: layer 1 is 'dense out 3->5' in the"
            + " file but");
    for (Map.Entry<String, String> lie : lies.entrySet()) {
      IOException e = assertThrows(IOException.class,
          () -> TrainedWeights.read(SMALL, file(lie.getKey(), data)), lie.getKey());
      assertTrue(e.getMessage().contains(lie.getValue()), e.getMessage());
    }
  }

  @Test
  void headerLengthBeyondTheFileOrTheLimitIsRefusedBeforeAllocating() throws IOException {
    for (long length : new long[] {-1, 1, TrainedWeights.MAX_HEADER + 1, 1L << 40}) {
      Path p = dir.resolve("h.safetensors");
      Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(length)
          .array());
      IOException e = assertThrows(IOException.class, () -> TrainedWeights.read(SMALL, p));
      assertTrue(e.getMessage().contains("header length is " + length), e.getMessage());
    }
    Path p = dir.resolve("h.safetensors");
    Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    IOException e = assertThrows(IOException.class, () -> TrainedWeights.read(SMALL, p));
    assertEquals(p + " is truncated: its header has 1000 bytes, the file only 8 after the length",
        e.getMessage());
  }

  private Path file(String header, float[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + 4 * data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    for (float v : data) {
      b.putFloat(v);
    }
    Path p = Files.createTempFile(dir, "w", ".safetensors");
    Files.write(p, b.array());
    return p;
  }
}
