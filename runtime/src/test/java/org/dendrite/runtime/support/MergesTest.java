package org.dendrite.runtime.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The merges' values, their round trip, and their refusal of ranges that do not fit. */
class MergesTest {
  @Test
  void addAndAccumulateAtOffsets() {
    float[] a = {9, 1, 2, 3};
    float[] b = {10, 20, 30};
    float[] dst = new float[5];
    Merges.add(a, 1, b, 0, dst, 2, 3);
    assertArrayEquals(new float[] {0, 0, 11, 22, 33}, dst);
    Merges.accumulate(a, 1, dst, 2, 3);
    assertArrayEquals(new float[] {0, 0, 12, 24, 36}, dst);
  }

  @Test
  void concatenateThenSplitIsTheIdentity() {
    // Two samples of 2×[left 2 | right 3] blocks: rows 4, output blocks of 5.
    float[] left = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] right = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};
    float[] joined = new float[20];
    Merges.concatenate(left, 0, 4, 2, joined, 0, 5);
    Merges.concatenate(right, 0, 4, 3, joined, 2, 5);
    assertArrayEquals(new float[] {1, 2, 10, 11, 12, 3, 4, 13, 14, 15, 5, 6, 16, 17, 18, 7, 8,
        19, 20, 21}, joined);
    float[] l = new float[8];
    float[] r = new float[12];
    Merges.split(joined, 0, 5, 4, 2, l, 0);
    Merges.split(joined, 2, 5, 4, 3, r, 0);
    assertArrayEquals(left, l);
    assertArrayEquals(right, r);
  }

  @Test
  void rangesThatDoNotFitAreRefusedNamingTheSizes() {
    float[] small = new float[4];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Merges.add(small, 0, new float[8], 0, new float[8], 0, 5));
    assertTrue(e.getMessage().contains("a holds 4 values; 5 values from offset 0"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Merges.accumulate(small, -1, new float[8], 0, 2));
    assertThrows(IllegalArgumentException.class,
        () -> Merges.concatenate(small, 0, 2, 2, new float[6], 1, 4)); // last block past 6
    assertThrows(IllegalArgumentException.class,
        () -> Merges.concatenate(small, 0, 2, 3, new float[8], 2, 4)); // block over its row
    assertThrows(IllegalArgumentException.class,
        () -> Merges.split(new float[8], 0, 4, 3, 2, small, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Merges.split(new float[8], 0, 4, Integer.MAX_VALUE, 2, small, 0));
    assertThrows(NullPointerException.class, () -> Merges.add(null, 0, small, 0, small, 0, 1));
  }
}
