package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset checks its row sizes, reads the same values however it stores them (floats, bytes,
 * a mapped file, a selection), slices and selects without copying, and refuses out-of-bounds
 * reads.
 */
class DatasetTest {
  static final float[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; // 4 rows of 3
  static final float[] Y = {0, 10, 20, 30, 40, 50, 60, 70}; // 4 rows of 2

  @TempDir Path dir;

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
    IllegalArgumentException divisor = assertThrows(IllegalArgumentException.class,
        () -> Dataset.ofUnsignedBytes(new byte[3], 3, 0f, new float[1], 1));
    assertTrue(divisor.getMessage().contains("divisor"), divisor.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Dataset.ofUnsignedBytes(new byte[3], 3, Float.NaN, new float[1], 1));
  }

  @Test
  void readsRowsAndRangesAsCopies() {
    float[] x = X.clone();
    Dataset d = Dataset.of(x, 3, Y.clone(), 2);
    assertEquals(4, d.size());
    assertEquals(3, d.featureSize());
    assertEquals(2, d.targetSize());
    assertArrayEquals(new float[] {6, 7, 8}, d.feature(2), "feature row 2 of 4×3");
    assertArrayEquals(new float[] {60, 70}, d.target(3), "target row 3 of 4×2");
    assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, d.features(1, 2));
    assertArrayEquals(new float[] {20, 30, 40, 50}, d.targets(1, 2));
    d.feature(2)[0] = -1;
    assertEquals(6f, d.feature(2)[0], "feature(i) returns a copy");
    x[6] = -2;
    assertEquals(-2f, d.feature(2)[0], "of wraps the caller's array");
    float[] dst = new float[7];
    d.copyFeatures(3, 1, 3, dst, 5);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 10, 11}, dst, "values [1, 3) of row 3");
    assertEquals(4L * (12 + 8), d.storedBytes());
  }

  @Test
  void outOfBoundsReadsAreRefused() {
    Dataset d = Dataset.of(X.clone(), 3, Y.clone(), 2);
    assertThrows(IndexOutOfBoundsException.class, () -> d.feature(4));
    assertThrows(IndexOutOfBoundsException.class, () -> d.target(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> d.features(3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> d.copyFeatures(0, 2, new float[5], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> d.copyTargets(0, 1, new float[2], 1));
    assertThrows(IndexOutOfBoundsException.class,
        () -> d.copyFeatures(0, 2, 4, new float[9], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> d.select(0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(3, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> d.slice(2, 1));
  }

  @Test
  void sliceAndSelectAreViews() {
    float[] x = X.clone();
    Dataset d = Dataset.of(x, 3, Y.clone(), 2);
    Dataset s = d.slice(1, 3);
    assertEquals(2, s.size(), "slice [1, 3) of 4 samples");
    assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, s.features(0, 2));
    assertArrayEquals(new float[] {20, 30, 40, 50}, s.targets(0, 2));
    assertEquals(0, d.slice(2, 2).size(), "an empty slice");
    Dataset picked = d.select(3, 0, 3);
    assertArrayEquals(new float[] {9, 10, 11, 0, 1, 2, 9, 10, 11}, picked.features(0, 3));
    assertArrayEquals(new float[] {60, 70, 0, 10}, picked.select(0, 1).targets(0, 2),
        "a selection of a selection");
    assertArrayEquals(new float[] {0, 1, 2}, picked.slice(1, 2).feature(0));
    x[0] = 99;
    assertEquals(99f, picked.feature(1)[0], "a selection shares the storage");
    assertEquals(4L * 3, picked.storedBytes(), "a selection costs its index, 4 bytes a sample");
  }

  @Test
  void unsignedBytesReadAsTheirQuotients() {
    byte[] pixels = {0, 1, (byte) 127, (byte) 128, (byte) 254, (byte) 255};
    Dataset d = Dataset.ofUnsignedBytes(pixels, 3, 255f, new float[] {1, 2}, 1);
    float[] expected = new float[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = (pixels[i] & 0xff) / 255f;
    }
    assertArrayEquals(expected, d.features(0, 2), "the floats of dividing by 255f");
    assertArrayEquals(new float[] {128 / 255f, 254 / 255f, 1f}, d.slice(1, 2).features(0, 1),
        "a slice of bytes");
    float[] part = new float[2];
    d.copyFeatures(1, 1, 3, part, 0);
    assertArrayEquals(new float[] {254 / 255f, 1f}, part);
    assertEquals(6 + 4 * 2, d.storedBytes(), "a byte a value");
  }

  @Test
  void everyStorageReadsTheSameValues() throws IOException {
    Random random = new Random(5);
    int n = DatasetBuilder.CHUNK * 2 + 17; // two full chunks and a part of one
    float[] x = new float[n * 5];
    float[] y = new float[n * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 100 - 50;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextInt(10);
    }
    Dataset expected = Dataset.of(x, 5, y, 2);
    Dataset heap;
    Dataset mapped;
    try (DatasetBuilder a = DatasetBuilder.inMemory(5, 2);
        DatasetBuilder b = DatasetBuilder.mapped(5, 2, dir)) {
      for (int i = 0; i < n; i++) {
        a.add(x, i * 5, y, i * 2);
        b.add(x, i * 5, y, i * 2);
      }
      assertEquals(n, b.size());
      heap = a.build();
      mapped = b.build();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "the mapped scratch file is deleted once mapped");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = n - 1 - i;
    }
    for (Dataset d : List.of(heap, mapped)) {
      assertEquals(n, d.size());
      assertArrayEquals(x, d.features(0, n), d.toString());
      assertArrayEquals(y, d.targets(0, n), d.toString());
      assertArrayEquals(expected.features(100, 9000), d.slice(100, 9100).features(0, 9000));
      assertArrayEquals(expected.select(order).features(0, n), d.select(order).features(0, n));
      float[] part = new float[3];
      d.copyFeatures(n - 1, 2, 5, part, 0);
      assertArrayEquals(Arrays.copyOfRange(x, (n - 1) * 5 + 2, n * 5), part);
    }
    assertEquals(expected.storedBytes(), mapped.storedBytes());
  }

  @Test
  void aBuilderRefusesMoreAfterBuildingAndCleansUpWhenClosedUnbuilt() throws IOException {
    DatasetBuilder b = DatasetBuilder.mapped(1, 1, dir);
    b.add(new float[] {1}, 0, new float[] {2}, 0);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "the scratch file while building");
    }
    b.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.findAny().isPresent(), "closed unbuilt, the scratch file is deleted");
    }
    assertThrows(IllegalStateException.class, () -> b.add(new float[1], 0, new float[1], 0));
    DatasetBuilder c = DatasetBuilder.inMemory(2, 1);
    c.add(new float[] {1, 2}, 0, new float[] {3}, 0);
    assertArrayEquals(new float[] {1, 2}, c.build().feature(0));
    assertThrows(IllegalStateException.class, c::build);
    assertThrows(IndexOutOfBoundsException.class,
        () -> DatasetBuilder.inMemory(2, 1).add(new float[1], 0, new float[1], 0));
    IOException e = assertThrows(IOException.class,
        () -> DatasetBuilder.mapped(1, 1, dir.resolve("missing")));
    assertTrue(e.getMessage().contains(dir.resolve("missing").toString()), e.getMessage());
    assertEquals(0, DatasetBuilder.inMemory(1, 1).build().size(), "an empty dataset");
    assertEquals(0, DatasetBuilder.mapped(1, 1, dir).build().size(), "an empty mapped one");
  }
}
