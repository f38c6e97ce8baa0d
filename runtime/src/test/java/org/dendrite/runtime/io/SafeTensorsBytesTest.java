package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a safetensors file held in memory (a resource in a jar) gives what reading it from disk
 * gives, and every truncation is an IOException naming it, as for files.
 */
class SafeTensorsBytesTest {
  @Test
  void bytesReadAsTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("w.safetensors");
    SafeTensors.write(file, List.of(
        new SafeTensors.Tensor("a.kernel", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
        new SafeTensors.Tensor("a.bias", new int[] {3}, new float[] {-1, 0, 1})),
        Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(file);
    SafeTensors.Contents fromFile = SafeTensors.read(file);
    SafeTensors.Contents fromBytes = SafeTensors.read("pkg/w.safetensors", bytes);
    assertEquals(fromFile.metadata(), fromBytes.metadata());
    assertEquals(fromFile.tensors().keySet(), fromBytes.tensors().keySet());
    for (String name : fromFile.tensors().keySet()) {
      assertArrayEquals(fromFile.tensors().get(name).data(), fromBytes.tensors().get(name).data());
      assertArrayEquals(fromFile.tensors().get(name).shape(),
          fromBytes.tensors().get(name).shape());
    }
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      IOException e = assertThrows(IOException.class,
          () -> SafeTensors.read("pkg/w.safetensors", cut), "length " + length);
      assertTrue(e.getMessage().startsWith("pkg/w.safetensors"), e.getMessage());
    }
  }
}
