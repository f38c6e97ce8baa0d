package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * heap would fail with an OutOfMemoryError. A quote left open in such a stream is refused at its
 * line within the same heap, not after buffering the rest of the stream.
 */
class CsvStreamingTest {
  static final int ROWS = 10_000_000;

  @TempDir Path dir;

  /** Rows {@code x,y}: {@code x = (i mod 1000) / 8} (exact in binary), {@code y = i mod 7}. */
  static class Rows extends Reader {
    final StringBuilder line = new StringBuilder("x,y\n");
    private final int rows;
    private int next;
    private int at;

    Rows() {
      this(ROWS);
    }

    Rows(int rows) {
      this.rows = rows;
    }

    /** Row {@code i}, with its line break. */
    void row(int i) {
      line.append((i % 1000) / 8f).append(',').append(i % 7).append('\n');
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      int n = 0;
      while (n < length) {
        if (at == line.length()) {
          if (next == rows) {
            break;
          }
          line.setLength(0);
          row(next);
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

  /** Rows {@code x,note,y} whose note opens a quote, never closed, in row {@code open}. */
  static final class Unclosed extends Rows {
    private final int open;

    Unclosed(int rows, int open) {
      super(rows);
      this.open = open;
      line.setLength(0);
      line.append("x,note,y\n");
    }

    @Override
    void row(int i) {
      line.append(i).append(i == open ? ",\"open," : ",n,").append(i % 7).append('\n');
    }
  }

  @Test
  void aQuoteLeftOpenEarlyInALongStreamIsRefusedAtItsLineInBoundedMemory() {
    // 10 million rows after the quote, ~100 million characters: buffered, they would not fit.
    IOException e = assertThrows(IOException.class, () -> Csv.read(new Unclosed(ROWS, 5),
        "generated").features("x").targets("y").load(dir));
    assertEquals("generated line 7, column 'note': a field longer than 4194304 characters:"
        + " most likely a quote that opens it is never closed, and the field takes in the rest of"
        + " the input; add the closing quote (a quote inside a quoted field is written twice:"
        + " \"\")", e.getMessage());
  }

  @Test
  void aQuoteLeftOpenInTheLastRowOfALongStreamIsRefusedAtItsLine() {
    int rows = 1_000_000;
    IOException e = assertThrows(IOException.class, () -> Csv.read(new Unclosed(rows, rows - 1),
        "generated").features("x").targets("y").load(dir));
    assertEquals("generated line " + (rows + 1) + ", column 'note': the quote that opens this"
        + " field is never closed, so the field would take in the rest of the input; add the"
        + " closing quote (a quote inside a quoted field is written twice: \"\")",
        e.getMessage());
  }
}
