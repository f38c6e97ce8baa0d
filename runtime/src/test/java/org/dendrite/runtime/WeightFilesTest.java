package org.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.Scaler;
import org.dendrite.runtime.data.StandardScaler;
import org.dendrite.runtime.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight files: the safetensors layout, round trips, and loads that must fail cleanly. */
class WeightFilesTest {
  @TempDir Path dir;

  @Test
  void anIndependentReaderSeesTheSafetensorsLayout() throws IOException {
    TensorModel model = new TensorModel(1, 3, 2, 1).fill(0.5f, 0.25f);
    Path file = dir.resolve("w.safetensors");
    model.save(file);
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + headerLength) % 8, "data must start 8-byte aligned");
    IndependentReader.Read read = IndependentReader.read(file);
    assertEquals(List.of("l0.kernel", "l0.bias", "l1.kernel", "l1.bias"),
        List.copyOf(read.tensors().keySet()));
    assertArrayEquals(new int[] {3, 2}, read.shapes().get("l0.kernel"));
    assertArrayEquals(new float[] {0.5f, 0.75f, 1f, 1.25f, 1.5f, 1.75f},
        read.tensors().get("l0.kernel"));
    assertArrayEquals(new float[] {2f, 2.25f}, read.tensors().get("l0.bias"));
    assertTrue(read.header().contains("\"dendrite.architecture.sha256\":\""
        + WeightFiles.hash(model.architecture()) + "\""), read.header());
    assertEquals(8 + headerLength + 4L * model.parameterCount(), bytes.length);
  }

  @Test
  void roundTripRestoresEveryValue() throws IOException {
    TensorModel a = new TensorModel(1, 5, 4, 3).fill(-1f, 0.01f);
    Path file = dir.resolve("w.safetensors");
    a.save(file);
    TensorModel b = new TensorModel(2, 5, 4, 3);
    b.loadWeights(file);
    assertArrayEquals(a.parameters(), b.parameters());
  }

  @Test
  void anotherArchitectureIsRejectedWithTheTensorsAndBothShapes() throws IOException {
    Path file = dir.resolve("w.safetensors");
    new TensorModel(1, 5, 4, 3).fill(1f, 0f).save(file);
    TensorModel other = new TensorModel(1, 5, 6, 3).fill(7f, 0f);
    IOException e = assertThrows(IOException.class, () -> other.loadWeights(file));
    assertEquals(file + " holds weights of another architecture than TensorModel:"
        + " tensor 'l0.kernel' is [5, 4] in the file but [5, 6] in TensorModel;"
        + " tensor 'l0.bias' is [4] in the file but [6] in TensorModel;"
        + " tensor 'l1.kernel' is [4, 3] in the file but [6, 3] in TensorModel", e.getMessage());
    for (float v : other.parameters()) {
      assertEquals(7f, v, "a failed load must change nothing");
    }
  }

  /** Layers decide, not the class name: a twin class with the same layers loads the weights. */
  @Test
  void aTwinClassWithTheSameLayersLoadsTheWeights() throws IOException {
    Path file = dir.resolve("w.safetensors");
    TensorModel saved = new TensorModel("TwinMlp", 1, 5, 4, 3).fill(1f, 0.5f);
    saved.save(file);
    TensorModel twin = new TensorModel("BadMlp", 2, 5, 4, 3);
    twin.loadWeights(file);
    assertArrayEquals(saved.parameters(), twin.parameters());
  }

  /** Same tensors but another layer (here an activation): the first differing layer is named. */
  @Test
  void aLayerThatDiffersWithTheSameShapesIsNamed() throws IOException {
    Path file = dir.resolve("w.safetensors");
    TensorModel model = new TensorModel(1, 5, 4, 3);
    Map<String, String> meta = WeightFiles.metadata(model);
    meta.put(WeightFiles.ARCHITECTURE, model.architecture().replace("dense l1 4->3",
        "dense l1 4->3 tanh"));
    SafeTensors.write(file, WeightFiles.tensors(model), meta);
    IOException e = assertThrows(IOException.class, () -> model.loadWeights(file));
    assertEquals(file + " holds weights of another architecture than TensorModel: layer 2 is"
        + " 'dense l1 4->3 tanh' in the file but 'dense l1 4->3' in TensorModel", e.getMessage());
    assertEquals("layer 3 is nothing in the file but 'dropout d 3' in X",
        WeightFiles.layerDifference("network A\ndense l0 5->4\ndense l1 4->3",
            "network B\ndense l0 5->4\ndense l1 4->3\ndropout d 3", "X"));
    assertEquals(null, WeightFiles.layerDifference("network A\ndense l0 5->4",
        "network B\ndense l0 5->4", "X"));
  }

  /** Many differing tensors: the message lists six and counts the rest. */
  @Test
  void manyDifferingTensorsAreCounted() throws IOException {
    Path file = dir.resolve("w.safetensors");
    new TensorModel(1, 2, 2, 2, 2, 2, 2).save(file);
    IOException e = assertThrows(IOException.class,
        () -> new TensorModel(1, 3, 3, 3, 3, 3, 3).loadWeights(file));
    assertTrue(e.getMessage().endsWith("; and 4 more"), e.getMessage());
  }

  @Test
  void aForeignFileLoadsByNameAndShapeAndReportsMisfits() throws IOException {
    Path good = dir.resolve("foreign.safetensors");
    SafeTensors.write(good, List.of(
        new SafeTensors.Tensor("l0.kernel", new int[] {2, 2}, new float[] {1, 2, 3, 4}),
        new SafeTensors.Tensor("l0.bias", new int[] {2}, new float[] {5, 6}),
        new SafeTensors.Tensor("extra", new int[] {1}, new float[] {9})), Map.of());
    TensorModel m = new TensorModel(1, 2, 2);
    m.loadWeights(good);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.parameters());

    Path bad = dir.resolve("bad.safetensors");
    SafeTensors.write(bad, List.of(
        new SafeTensors.Tensor("l0.kernel", new int[] {4}, new float[] {1, 2, 3, 4})), Map.of());
    IOException e = assertThrows(IOException.class, () -> m.loadWeights(bad));
    assertEquals(bad + " does not fit TensorModel: tensor 'l0.kernel' is [4] in the file but"
        + " [2, 2] in TensorModel; tensor 'l0.bias' [2] is missing from the file",
        e.getMessage());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.parameters());
  }

  @Test
  void truncatedAndCorruptFilesNameTheProblem() throws IOException {
    Path file = dir.resolve("w.safetensors");
    new TensorModel(1, 8, 8).fill(1f, 0f).save(file);
    byte[] bytes = Files.readAllBytes(file);

    Path truncated = Files.write(dir.resolve("t"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
    IOException t = assertThrows(IOException.class, () -> SafeTensors.read(truncated));
    assertTrue(t.getMessage().contains("truncated") && t.getMessage().contains("l0.bias"),
        t.getMessage());

    byte[] corrupt = bytes.clone();
    corrupt[8] = '#'; // the header's opening brace
    Path c = Files.write(dir.resolve("c"), corrupt);
    IOException ce = assertThrows(IOException.class, () -> SafeTensors.read(c));
    assertTrue(ce.getMessage().contains("corrupt header"), ce.getMessage());

    byte[] hugeLength = bytes.clone();
    ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    Path h = Files.write(dir.resolve("h"), hugeLength);
    IOException he = assertThrows(IOException.class, () -> SafeTensors.read(h));
    assertTrue(he.getMessage().contains("header length"), he.getMessage());

    Path empty = Files.write(dir.resolve("e"), new byte[3]);
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(empty)).getMessage()
        .contains("truncated"));
  }

  @Test
  void headerDefectsAreCaught() throws IOException {
    String[] headers = {
      "{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}",
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}",
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
      "[1, 2]",
      "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}",
    };
    String[] words = {"dtype F16", "needs 8 bytes", "starts at byte 4", "not a JSON object",
        "'a' has no dtype"};
    for (int i = 0; i < headers.length; i++) {
      byte[] json = headers[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(json.length).put(json).putFloat(1f).putFloat(2f);
      Path f = Files.write(dir.resolve("h" + i), b.array());
      IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
      assertTrue(e.getMessage().contains(words[i]), e.getMessage());
    }
  }

  /** A shape whose product passes a Java array's limit is refused before anything is read. */
  @Test
  void aShapeTooLargeForAnArrayIsCorrupt() throws IOException {
    String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],"
        + "\"data_offsets\":[0,4]}}";
    byte[] text = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(text.length).put(text).putFloat(1f);
    Path f = Files.write(dir.resolve("huge.safetensors"), b.array());
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().startsWith(f + ": tensor 'a' of shape [65536, 65536, 65536] holds"
        + " more values than a Java array can"), e.getMessage());
  }

  @Test
  void aScalerIsSavedWithTheWeightsAndReadBack() throws IOException {
    TensorModel model = new TensorModel(1, 3, 2, 1).fill(0.5f, 0.25f);
    Scaler scaler = StandardScaler.fit(Dataset.of(new float[] {1, 2, 3, 5, 6, 9}, 3,
        new float[2], 1));
    Path file = dir.resolve("w.safetensors");
    WeightFiles.save(model, scaler, file);
    TensorModel back = new TensorModel(2, 3, 2, 1);
    back.loadWeights(file);
    assertArrayEquals(model.parameters(), back.parameters(), "the scaler's tensors are extra");
    Scaler read = Scaler.load(file);
    assertEquals(StandardScaler.class, read.getClass());
    assertArrayEquals(scaler.offsets(), read.offsets());
    assertArrayEquals(scaler.factors(), read.factors());
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> WeightFiles.save(new TensorModel(1, 4, 1), scaler, file));
    assertEquals("the scaler scales 3 features but TensorModel takes 4 inputs",
        width.getMessage());
    Path plain = dir.resolve("plain.safetensors");
    model.save(plain);
    IOException none = assertThrows(IOException.class, () -> Scaler.load(plain));
    assertTrue(none.getMessage().startsWith(plain + " holds no input scaler"), none.getMessage());
    // A file whose scaler is not one: a zero factor, an unknown kind, vectors of two lengths.
    List<SafeTensors.Tensor> tensors = WeightFiles.tensors(model);
    tensors.add(new SafeTensors.Tensor(Scaler.OFFSET, new int[] {3}, new float[3]));
    tensors.add(new SafeTensors.Tensor(Scaler.FACTOR, new int[] {3}, new float[] {1, 0, 1}));
    Map<String, String> metadata = WeightFiles.metadata(model);
    metadata.put(Scaler.KIND, "standard");
    Path zero = dir.resolve("zero.safetensors");
    SafeTensors.write(zero, tensors, metadata);
    IOException invalid = assertThrows(IOException.class, () -> Scaler.load(zero));
    assertTrue(invalid.getMessage().startsWith(zero + ": invalid scaler: feature 1"),
        invalid.getMessage());
    metadata.put(Scaler.KIND, "robust");
    SafeTensors.write(zero, tensors, metadata);
    IOException kind = assertThrows(IOException.class, () -> Scaler.load(zero));
    assertEquals(zero + ": unknown scaler 'robust' (known: standard, min-max)", kind.getMessage());
    metadata.put(Scaler.KIND, "min-max");
    tensors.set(tensors.size() - 1, new SafeTensors.Tensor(Scaler.FACTOR, new int[] {2},
        new float[] {1, 1}));
    SafeTensors.write(zero, tensors, metadata);
    IOException shapes = assertThrows(IOException.class, () -> Scaler.load(zero));
    assertEquals(zero + ": the scaler's tensors are [3] and [2], not two vectors of one length",
        shapes.getMessage());
  }
}
