package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A dataset checks its row sizes, wraps without copying and slices and reads rows by copy. */
class DatasetTest {
  static final float[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; // 4 rows of 3
  static final float[] Y = {0, 10, 20, 30, 40, 50, 60, 70}; // 4 rows of 2

  @Test
  void constructionChecksRowSizes() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(X, 0, Y, 2));
    assertTrue(zero.getMessage().contains("features 0") && zero.getMessage().contains(
        "targets 2"), zero.getMessage());
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(X, 5, Y, 2));
    assertTrue(ragged.getMessage().contains("12") && ragged.getMessage().contains("5"),
        ragged.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(X, 3, Y, 4));
    assertTrue(rows.getMessage().contains("4 feature rows of 3")
        && rows.getMessage().contains("2 target rows of 4"), rows.getMessage());
    NullPointerException npe = assertThrows(NullPointerException.class,
        () -> Dataset.of(X, 3, null, 2));
    assertEquals("targets", npe.getMessage());
  }

  @Test
  void wrapsWithoutCopyingAndReadsRowsAsCopies() {
    Dataset d = Dataset.of(X.clone(), 3, Y.clone(), 2);
    assertEquals(4, d.size());
    assertEquals(3, d.featureSize());
    assertEquals(2, d.targetSize());
    assertSame(d.features(), d.features(), "features() is the live array");
    assertArrayEquals(new float[] {6, 7, 8}, d.feature(2), "feature row 2 of 4×3");
    assertArrayEquals(new float[] {60, 70}, d.target(3), "target row 3 of 4×2");
    d.feature(2)[0] = -1;
    assertEquals(6f, d.features()[6], "feature(i) returns a copy");
    assertThrows(IndexOutOfBoundsException.class, () -> d.feature(4));
    assertThrows(IndexOutOfBoundsException.class, () -> d.target(-1));
  }

  @Test
  void sliceCopiesTheRange() {
    Dataset d = Dataset.of(X.clone(), 3, Y.clone(), 2);
    Dataset s = d.slice(1, 3);
    assertEquals(2, s.size(), "slice [1, 3) of 4 samples");
    assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, s.features());
    assertArrayEquals(new float[] {20, 30, 40, 50}, s.targets());
    s.features()[0] = -1;
    assertEquals(3f, d.features()[3], "the slice is a copy");
    assertEquals(0, d.slice(2, 2).size(), "an empty slice");
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(3, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(2, 1));
  }
}
