package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tensor view reads and writes its slice of the flat array, checking indices and sizes. */
class TensorViewTest {
  static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void constructionChecksShapeAndBounds() {
    float[] data = new float[10];
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> new TensorView("d.kernel", data, 0, 2, 0)), "d.kernel", "2×0");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> new TensorView("d.kernel", data, 5, 2, 3)), "d.kernel", "6 values", "offset 5",
        "array of 10");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> new TensorView("d.bias", data, -1, 1)), "offset -1");
    TensorView v = new TensorView("d.kernel", data, 4, 2, 3);
    assertEquals(6, v.size());
    assertEquals(4, v.offset());
    assertArrayEquals(new int[] {2, 3}, v.shape());
    assertEquals("d.kernel 2×3", v.toString());
  }

  @Test
  void getAndSetAreLiveAndRowMajor() {
    float[] data = new float[10];
    TensorView v = new TensorView("d.kernel", data, 3, 2, 3);
    v.set(1, 2, 5f);
    assertEquals(5f, data[3 + 1 * 3 + 2], "[1][2] of 2×3 at offset 3");
    assertEquals(5f, v.get(5), "flat index 5 is [1][2]");
    data[3] = 7f;
    assertEquals(7f, v.get(0, 0), "the view reads the live array");
    v.set(4, -1f);
    assertEquals(-1f, v.get(1, 1));
    assertArrayEquals(new float[] {7, 0, 0, 0, -1, 5}, v.toArray());
  }

  @Test
  void indicesOutsideTheShapeThrowNamingTheTensor() {
    TensorView v = new TensorView("d.kernel", new float[10], 3, 2, 3);
    assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> v.get(6)),
        "d.kernel", "index 6", "[0, 6)");
    assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> v.set(-1, 0f)),
        "index -1");
    assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> v.get(2, 0)),
        "d.kernel", "[2][0]", "2×3");
    assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> v.set(0, 3, 1f)),
        "[0][3]");
    TensorView bias = new TensorView("d.bias", new float[4], 0, 4);
    assertMessage(assertThrows(IllegalArgumentException.class, () -> bias.get(0, 1)),
        "d.bias", "not two dimensions");
  }

  @Test
  void copyFromChecksTheSize() {
    float[] data = new float[8];
    TensorView v = new TensorView("d.kernel", data, 1, 2, 3);
    v.copyFrom(new float[] {1, 2, 3, 4, 5, 6});
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 0}, data);
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> v.copyFrom(new float[5])), "d.kernel", "6 values", "2×3", "got 5");
  }
}
