package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of 10 million rows, generated as it is read (no file of it is written), streamed into
 * a mapped dataset under a heap smaller than the data: this test runs in its own surefire
 * execution with {@code -Xmx64m} (runtime/pom.xml), where a reader that kept the rows on the
 * heap would fail with an OutOfMemoryError.
 */
class CsvStreamingTest {
  static final int ROWS = 10_000_000;

  @TempDir Path dir;

  /** Rows {@code x,y}: {@code x = (i mod 1000) / 8} (exact in binary), {@code y = i mod 7}. */
  static final class Rows extends Reader {
    private final StringBuilder line = new StringBuilder("x,y\n");
    private int next;
    private int at;

    @Override
    public int read(char[] buffer, int offset, int length) {
      int n = 0;
      while (n < length) {
        if (at == line.length()) {
          if (next == ROWS) {
            break;
          }
          line.setLength(0);
          line.append((next % 1000) / 8f).append(',').append(next % 7).append('\n');
          next++;
          at = 0;
        }
        int k = Math.min(length - n, line.length() - at);
        line.getChars(at, at + k, buffer, offset + n);
        at += k;
        n += k;
      }
      return n == 0 ? -1 : n;
    }

    @Override
    public void close() {}
  }

  @Test
  void tenMillionRowsStreamIntoAMappedDatasetUnderASmallHeap() throws IOException {
    Csv.Table table = Csv.read(new Rows(), "generated").features("x").targets("y").load(dir);
    Dataset d = table.dataset();
    assertEquals(ROWS, d.size());
    long heap = Runtime.getRuntime().maxMemory();
    assertTrue(d.storedBytes() > heap, "the dataset (" + d.storedBytes()
        + " bytes) must exceed the heap (" + heap + ") for this test to mean something: run it"
        + " with -Xmx64m, as its surefire execution does");
    for (int i : new int[] {0, 1, 999, 1000, 4_567_891, ROWS - 1}) {
      assertArrayEquals(new float[] {(i % 1000) / 8f}, d.feature(i), "row " + i);
      assertArrayEquals(new float[] {i % 7}, d.target(i), "row " + i);
    }
    // Every value, read back a chunk at a time by the scaler's fit: the exact mean and spread.
    StandardScaler s = StandardScaler.fit(d);
    assertEquals(499.5f / 8, s.offsets()[0], 1e-6f, "mean of x");
    double variance = (1000.0 * 1000 - 1) / 12 / 64; // of a uniform 0..999, divided by 8
    assertEquals(1 / Math.sqrt(variance), s.factors()[0], 1e-6, "1 / std of x");
  }
}
