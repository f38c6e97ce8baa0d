package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors header's JSON reader: strict, and bounded in its nesting. */
class JsonTest {
  @TempDir Path dir;

  @Test
  void jsonReaderIsStrict() {
    assertEquals(Map.of("a", List.of(1L, 2.5, "x\n\u00e9", true)),
        Json.parse("{\"a\":[1,2.5,\"x\\n\\u00e9\",true]}"));
    for (String bad : new String[] {"{", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "[1]x", "{\"a\":1,\"a\":2}",
        "\"\\q\""}) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
  }

  /** A hundred thousand nested arrays are a corrupt header, not a StackOverflowError. */
  @Test
  void deeplyNestedHeaderIsCorruptNotAStackOverflow() throws IOException {
    String json = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    byte[] text = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(text.length).put(text);
    Path f = Files.write(dir.resolve("deep.safetensors"), b.array());
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
    assertEquals(f + ": corrupt header: invalid JSON at offset 68: expected at most 64 nested"
        + " arrays and objects", e.getMessage());
    assertEquals(List.of(List.of(List.of())), Json.parse("[[[]]]"));
  }

}
