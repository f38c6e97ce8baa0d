package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4180 at its edges, on every way a table is read: each malformed input is refused with the
 * source, the line and the column named, in a column that is read or not; each well-formed edge
 * case (a byte order mark, CRLF, blank lines, a header without rows…) reads as the RFC says.
 * The tables have the columns {@code id,note,price}; {@code note} is never read.
 */
class CsvFormatTest {
  @TempDir Path dir;

  /** The ways a table is read: each must see the same faults. */
  enum Way {
    /** A file, onto the heap. */
    HEAP,
    /** A file, through a mapped scratch file (the chunked path for tables larger than the heap). */
    MAPPED,
    /** A stream, read once. */
    READER,
    /** A file whose categorical column is learned first, in a pass of its own. */
    CATEGORIES
  }

  static Stream<Arguments> malformed() {
    String never = "the quote that opens this field is never closed, so the field would take in"
        + " the rest of the input; add the closing quote (a quote inside a quoted field is written"
        + " twice: \"\")";
    String stray = "; RFC 4180 quotes a field whole, with nothing before the opening quote, and"
        + " writes a quote inside it twice: \"6\"\"2\"";
    return Stream.of(
        Arguments.of("unclosed quote, column not read, rows after it",
            "id,note,price\n1,a,10\n2,\"open,20\n3,c,30\n4,d,40\n",
            " line 3, column 'note': " + never),
        Arguments.of("unclosed quote in the last row, column read",
            "id,note,price\n1,a,10\n2,b,\"20\n",
            " line 3, column 'price': " + never),
        Arguments.of("unclosed quote after a quoted line break in its record",
            "id,note,price\n1,\"two\nlines\",\"10\n2,b,20\n",
            " line 3, column 'price': " + never),
        Arguments.of("unclosed quote after CRLF rows and a quoted CRLF",
            "id,note,price\r\n1,\"a\r\nb\r\nc\",10\r\n2,\"x,20\r\n3,y,30\r\n",
            " line 5, column 'note': " + never),
        Arguments.of("unclosed quote in the header",
            "id,\"note,price\n1,a,10\n",
            " line 1, field 2 of the header: " + never),
        Arguments.of("quote inside an unquoted field",
            "id,note,price\n1,a,10\n2,6\"2,20\n",
            " line 3, column 'note': a quote inside a field that does not start with one (6\"2)"
                + stray),
        Arguments.of("space before the opening quote",
            "id,note,price\n1, \"a\",10\n",
            " line 2, column 'note': a quote inside a field that does not start with one ("
                + " \"a\")" + stray),
        Arguments.of("quote inside a field beyond the header's",
            "id,note,price\n1,a,10,x\"y\n",
            " line 2, field 4 (the header has 3): a quote inside a field that does not start with"
                + " one (x\"y)" + stray),
        Arguments.of("text after the closing quote",
            "id,note,price\n1,\"a\nb\",10\n2,\"a\"b,20\n",
            " line 4, column 'note': text after the closing quote: 'b' (0x62); a quoted field"
                + " ends at its closing quote, and a quote inside it is written twice (\"\")"),
        Arguments.of("more fields than the header (an unquoted separator)",
            "id,note,price\n1,a,10\n2,b,c,20\n",
            " line 3: 4 field(s) where the header has 3; a field that holds the separator ','"
                + " must be quoted"),
        Arguments.of("fewer fields than the header",
            "id,note,price\n1,a,10\n2,20\n",
            " line 3: 2 field(s) where the header has 3; a missing value is an empty field"
                + " between its separators (3,,5)"),
        Arguments.of("a bad number after CRLF rows and a quoted CRLF",
            "id,note,price\r\n1,\"a\r\nb\",10\r\n2,b,x\r\n",
            " line 4, column 'price': 'x' is not a number"),
        Arguments.of("an empty file", "", " is empty: a header row naming the columns is needed"),
        Arguments.of("blank lines only", "\n\r\n\n",
            " is empty: a header row naming the columns is needed"),
        Arguments.of("a byte order mark only", "\uFEFF",
            " is empty: a header row naming the columns is needed"));
  }

  static Stream<Arguments> malformedEveryWay() {
    return malformed().flatMap(a -> Stream.of(Way.values())
        .map(w -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], w)));
  }

  @ParameterizedTest(name = "{0}, {3}")
  @MethodSource("malformedEveryWay")
  void malformedInputIsRefusedNamingLineAndColumn(String what, String text, String message,
      Way way) throws IOException {
    Path file = write(text);
    IOException e = assertThrows(IOException.class, () -> load(file, text, way), what);
    String source = way == Way.READER ? "memory" : file.toString();
    assertEquals(source + message, e.getMessage(), what);
  }

  static Stream<Arguments> wellFormed() {
    float[] one = {1};
    float[] ten = {10};
    float[] two = {1, 2};
    float[] twenty = {10, 20};
    float[] none = {};
    return Stream.of(
        Arguments.of("a UTF-8 byte order mark", "\uFEFFid,note,price\n1,a,10\n", one, ten),
        Arguments.of("a byte order mark before a quoted name", "\uFEFF\"id\",note,price\n1,a,10\n",
            one, ten),
        Arguments.of("CRLF, and CRLF in a quoted field",
            "id,note,price\r\n1,\"a\r\nb\",10\r\n2,b,20\r\n", two, twenty),
        Arguments.of("CR alone", "id,note,price\r1,a,10\r2,b,20", two, twenty),
        Arguments.of("no line break after the last row", "id,note,price\n1,a,10\n2,b,20", two,
            twenty),
        Arguments.of("blank lines", "id,note,price\n\n1,a,10\n\r\n\n2,b,20\n\n", two, twenty),
        Arguments.of("doubled quotes and separators in a quoted field",
            "id,note,price\n1,\"say \"\"hi\"\", ok\",10\n2,\"\",20\n", two, twenty),
        Arguments.of("quoted numbers", "id,note,price\n\"1\",a,\"10\"\n\"2\",\"b\",20\n", two,
            twenty),
        Arguments.of("a header without rows", "id,note,price\n", none, none),
        Arguments.of("a header without rows or line break", "id,note,price", none, none));
  }

  static Stream<Arguments> wellFormedEveryWay() {
    return wellFormed().flatMap(a -> Stream.of(Way.values())
        .map(w -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], w)));
  }

  @ParameterizedTest(name = "{0}, {4}")
  @MethodSource("wellFormedEveryWay")
  void wellFormedEdgeCasesRead(String what, String text, float[] ids, float[] prices, Way way)
      throws IOException {
    Path file = write(text);
    if (way == Way.CATEGORIES && ids.length == 0) {
      IOException e = assertThrows(IOException.class, () -> load(file, text, way), what);
      assertEquals(file + ": column 'id' holds no value", e.getMessage(), what);
      return;
    }
    Dataset d = load(file, text, way).dataset();
    assertEquals(ids.length, d.size(), what);
    if (way == Way.CATEGORIES) {
      // id one-hot over its sorted values: row i is category i.
      float[] eye = new float[ids.length * ids.length];
      for (int i = 0; i < ids.length; i++) {
        eye[i * ids.length + i] = 1;
      }
      assertArrayEquals(eye, d.features(0, d.size()), what);
    } else {
      assertArrayEquals(ids, d.features(0, d.size()), what);
    }
    assertArrayEquals(prices, d.targets(0, d.size()), what);
  }

  private Csv.Table load(Path file, String text, Way way) throws IOException {
    return switch (way) {
      case HEAP -> Csv.read(file).features("id").targets("price").load();
      case MAPPED -> Csv.read(file).features("id").targets("price")
          .load(Files.createDirectories(dir.resolve("scratch")));
      case READER -> Csv.read(new StringReader(text), "memory").features("id").targets("price")
          .load();
      case CATEGORIES -> Csv.read(file).oneHot("id").targets("price").load();
    };
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("table.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
