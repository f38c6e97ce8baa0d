package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV tables: columns chosen by name, categorical columns encoded, RFC 4180 quoting, and every
 * malformed input refused with the source, line and column named.
 */
class CsvTest {
  @TempDir Path dir;

  static final String HOUSES = "rooms,area,city,note,price\n"
      + "3,70.5,Lyon,\"big, bright\",210\n"
      + "2,45,Paris,\"says \"\"cosy\"\"\",300\r\n"
      + "4,110,Lille,\"two\nlines\",180\n"
      + "1,30,Paris,,150\n";

  Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsNumericAndOneHotColumnsInTheOrderNamed() throws IOException {
    Csv.Table t = Csv.read(write("houses.csv", HOUSES)).features("area").oneHot("city")
        .features("rooms").targets("price").load();
    assertEquals(List.of("area", "city=Lille", "city=Lyon", "city=Paris", "rooms"),
        t.featureNames());
    assertEquals(List.of("price"), t.targetNames());
    assertEquals(Map.of("city", List.of("Lille", "Lyon", "Paris")), t.categories());
    Dataset d = t.dataset();
    assertEquals(4, d.size(), "the quoted line break is one row");
    assertArrayEquals(new float[] {
        70.5f, 0, 1, 0, 3,
        45, 0, 0, 1, 2,
        110, 1, 0, 0, 4,
        30, 0, 0, 1, 1}, d.features(0, 4));
    assertArrayEquals(new float[] {210, 300, 180, 150}, d.targets(0, 4));
    assertEquals(0, t.skippedRows());
  }

  @Test
  void aCategoricalTargetIsAClassIndexOrOneHot() throws IOException {
    Path file = write("houses.csv", HOUSES);
    Csv.Table index = Csv.read(file).features("rooms", "area").classTarget("city").load();
    assertEquals(List.of("Lille", "Lyon", "Paris"), index.classes());
    assertArrayEquals(new float[] {1, 2, 0, 2}, index.dataset().targets(0, 4));
    Csv.Table oneHot = Csv.read(file).features("rooms").oneHotTarget("city").load();
    assertEquals(List.of("city=Lille", "city=Lyon", "city=Paris"), oneHot.targetNames());
    assertEquals(List.of("Lille", "Lyon", "Paris"), oneHot.classes());
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1},
        oneHot.dataset().targets(0, 4));
    Csv.Table given = Csv.read(file).features("rooms").classTarget("city")
        .categories("city", "Paris", "Lyon", "Lille").load();
    assertArrayEquals(new float[] {1, 0, 2, 0}, given.dataset().targets(0, 4),
        "given categories keep their order");
    IllegalStateException numeric = assertThrows(IllegalStateException.class,
        () -> Csv.read(file).features("rooms").targets("price").load().classes());
    assertTrue(numeric.getMessage().contains("not categorical"), numeric.getMessage());
  }

  @Test
  void aReaderStreamsWithGivenCategoriesAndASeparator() throws IOException {
    String text = "a;b;label\n1;2;yes\n3;4;no\n";
    StringReader in = new StringReader(text);
    Csv.Table t = Csv.read(in, "memory").separator(';')
        .features("b", "a").classTarget("label").categories("label", "no", "yes").load();
    assertEquals(-1, in.read(), "read to its end and left open (a closed one would throw)");
    assertArrayEquals(new float[] {2, 1, 4, 3}, t.dataset().features(0, 2));
    assertArrayEquals(new float[] {1, 0}, t.dataset().targets(0, 2));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Csv.read(new StringReader(text), "memory").separator(';').features("a")
            .classTarget("label").load());
    assertTrue(e.getMessage().contains("categories of column 'label' must be given"),
        e.getMessage());
  }

  @Test
  void missingValuesFailOrFollowThePolicy() throws IOException {
    Path file = write("gaps.csv", "x,y,z\n1,2,3\n,5,6\n7,NA,9\n10,11,12\n");
    IOException fail = assertThrows(IOException.class,
        () -> Csv.read(file).features("x", "y").targets("z").load());
    assertEquals(file + " line 3, column 'x': missing value; choose a policy with missing(...)"
        + " or fillMissing(...)", fail.getMessage());
    IOException marker = assertThrows(IOException.class,
        () -> Csv.read(file).features("y").targets("z").missingMarkers("NA").load());
    assertTrue(marker.getMessage().startsWith(file + " line 4, column 'y': missing value 'NA'"),
        marker.getMessage());
    Csv.Table skipped = Csv.read(file).features("x", "y").targets("z").missingMarkers("NA")
        .missing(Csv.Missing.SKIP_ROW).load();
    assertEquals(2, skipped.skippedRows());
    assertArrayEquals(new float[] {1, 2, 10, 11}, skipped.dataset().features(0, 2));
    Csv.Table filled = Csv.read(file).features("x", "y").targets("z").missingMarkers("NA")
        .fillMissing(-1).load();
    assertArrayEquals(new float[] {1, 2, -1, 5, 7, -1, 10, 11},
        filled.dataset().features(0, 4));
    IOException category = assertThrows(IOException.class, () -> Csv.read(
        write("c.csv", "k,v\nred,1\n,2\n")).oneHot("k").targets("v").fillMissing(0).load());
    assertTrue(category.getMessage().contains("line 3, column 'k': missing value; a category"
        + " cannot be filled in"), category.getMessage());
  }

  @Test
  void malformedTablesAreRefusedWithLineAndColumn() throws IOException {
    Map<String, String> cases = Map.of(
        "rooms,price\n3,1\n4\n", " line 3: 1 field(s) where the header has 2; a missing value"
            + " is an empty field between its separators (3,,5)",
        "rooms,price\n3,1\n4,5,6\n", " line 3: 3 field(s) where the header has 2; a field that"
            + " holds the separator ',' must be quoted",
        "rooms,price\n3,abc\n", " line 2, column 'price': 'abc' is not a number",
        "rooms,price\n3,1f\n", " line 2, column 'price': '1f' is not a number",
        "rooms,price\n3,NaN\n", " line 2, column 'price': 'NaN' is not a number",
        "rooms,price\n3,0x10\n", " line 2, column 'price': '0x10' is not a number",
        "rooms,price\n3,1e39\n", " line 2, column 'price': 1e39 is beyond the range of a float",
        "rooms,price\n", "", // no rows: an empty dataset, read below
        "", " is empty: a header row naming the columns is needed");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = write("bad.csv", c.getKey());
      if (c.getValue().isEmpty()) {
        assertEquals(0, Csv.read(file).features("rooms").targets("price").load().dataset()
            .size());
        continue;
      }
      IOException e = assertThrows(IOException.class,
          () -> Csv.read(file).features("rooms").targets("price").load(), c.getKey());
      assertEquals(file + c.getValue(), e.getMessage());
    }
    Path other = write("other.csv", "a,b\n1,2\n");
    IOException column = assertThrows(IOException.class,
        () -> Csv.read(other).features("a").targets("price").load());
    assertEquals(other + " has no column 'price'; its columns are a, b", column.getMessage());
    Path twice = write("twice.csv", "a,a,b\n1,2,3\n");
    IOException repeated = assertThrows(IOException.class,
        () -> Csv.read(twice).features("a").targets("b").load());
    assertEquals(twice + ": the header names column 'a' more than once", repeated.getMessage());
    IOException category = assertThrows(IOException.class, () -> Csv.read(
        write("c.csv", "k,v\nred,1\nblue,2\n")).oneHot("k").categories("k", "red").targets("v")
        .load());
    assertTrue(category.getMessage().endsWith(
        "line 3, column 'k': 'blue' is not one of its categories [red]"), category.getMessage());
    IOException missingFile = assertThrows(IOException.class,
        () -> Csv.read(dir.resolve("none.csv")).features("a").targets("b").load());
    assertTrue(missingFile.getMessage().contains(dir.resolve("none.csv") + " does not exist"),
        missingFile.getMessage());
  }

  @Test
  void aColumnOfTooManyCategoriesIsRefused() throws IOException {
    StringBuilder text = new StringBuilder("id,v\n");
    for (int i = 0; i <= Csv.MAX_CATEGORIES; i++) {
      text.append("id").append(i).append(",1\n");
    }
    Path file = write("ids.csv", text.toString());
    IOException e = assertThrows(IOException.class,
        () -> Csv.read(file).oneHot("id").targets("v").load());
    assertTrue(e.getMessage().contains("column 'id' holds more than 1024 distinct values"),
        e.getMessage());
  }

  @Test
  void wrongConfigurationsAreRefusedBeforeReading() {
    Path file = dir.resolve("never-read.csv");
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file).features("a", "a"));
    assertThrows(IllegalArgumentException.class,
        () -> Csv.read(file).targets("a").classTarget("b"));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file).categories("a"));
    assertThrows(IllegalArgumentException.class,
        () -> Csv.read(file).categories("a", "x", "x"));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file).fillMissing(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> Csv.read(file).separator('"'));
    assertThrows(IllegalStateException.class, () -> Csv.read(file).features("a").load());
    assertThrows(IllegalStateException.class,
        () -> Csv.read(file).features("a").targets("b").categories("a", "x").load());
  }

  @Test
  void aMappedLoadReadsTheSameAsTheHeapAndLeavesNoFile() throws IOException {
    Random random = new Random(11);
    StringBuilder text = new StringBuilder("u,v,w,label\n");
    for (int i = 0; i < 20_000; i++) {
      text.append(random.nextInt(1000) / 8f).append(',').append(-random.nextInt(50)).append(',')
          .append(random.nextBoolean() ? "\"a\"" : "b").append(',').append(i % 3).append('\n');
    }
    Path file = write("big.csv", text.toString());
    Path scratch = Files.createDirectory(dir.resolve("scratch"));
    Csv heap = Csv.read(file).features("u", "v").oneHot("w").targets("label");
    Csv mapped = Csv.read(file).features("u", "v").oneHot("w").targets("label");
    Dataset a = heap.load().dataset();
    Dataset b = mapped.load(scratch).dataset();
    assertEquals(20_000, b.size());
    assertArrayEquals(a.features(0, a.size()), b.features(0, b.size()));
    assertArrayEquals(a.targets(0, a.size()), b.targets(0, b.size()));
    try (Stream<Path> files = Files.list(scratch)) {
      assertEquals(0, files.count(), "the scratch file is gone once mapped");
    }
  }
}
