package org.dendrite.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.ToolProvider;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.WeightFiles;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.io.SafeTensors;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc --weights W.safetensors NET.nn}: a {@code .nn} network and the weights
 * {@code Model.save} wrote become the frozen class, which predicts what the trainable class does;
 * weights that do not fit are an error naming the tensor and the sizes, and nothing is written.
 */
class NncFrozenTest {
  /**
   * BatchNorm with nothing to fold into, one folded into a linear Dense, dropout, softmax: over
   * {@code FrozenWriter.UNROLL_LIMIT} weights, so that the class reads them from its resource.
   */
  static final String MLP = """
      package org.example
      network Folded(loss = sparse_categorical_crossentropy) {
          input     x [6]
          batchnorm first (epsilon = 0.01)
          dense     hidden (units = 100, useBias = false)
          batchnorm norm (epsilon = 0.001, activation = relu)
          dropout   drop (rate = 0.5)
          dense     output (units = 3, activation = softmax)
      }
      """;

  @TempDir
  Path dir;

  @Test
  void brieflyTrainedMlpFreezesToTheSamePredictions() throws Exception {
    Path nn = dir.resolve("Folded.nn");
    Files.writeString(nn, MLP);
    Model model = trainable("org.example.CompiledFolded", MLP);
    SplittableRandom random = new SplittableRandom(21);
    int samples = 64;
    float[] x = values(random, samples * 6, -2, 2);
    float[] labels = new float[samples];
    for (int i = 0; i < samples; i++) {
      labels[i] = x[6 * i] + x[6 * i + 1] > 0 ? 1 : x[6 * i + 2] > 0.5f ? 2 : 0;
    }
    // Trained, so that the BatchNorm statistics are the ones training leaves, not the initial.
    Trainer.builder(model).epochs(3).batchSize(16).shuffle(false).threads(1).build()
        .fit(Dataset.of(x, 6, labels, 1));
    Path weights = dir.resolve("folded.safetensors");
    model.save(weights);
    Path out = dir.resolve("out");
    assertEquals(0, nnc("--weights", weights.toString(), "-d", out.toString(), nn.toString()));
    Path source = out.resolve("org/example/FrozenFolded.java");
    String text = Files.readString(source);
    assertTrue(text.contains("hidden+norm"), "BatchNorm folded into the Dense before it");
    assertTrue(Files.exists(out.resolve("org/example/FrozenFolded.bin")));
    assertFalse(Files.exists(out.resolve("org/example/CompiledFolded.java")));
    assertSamePredictions(model, load(out, "org.example.FrozenFolded"), random, 6, 3);
  }

  @Test
  void cnnWithSeededWeightsFreezesToTheSamePredictions() throws Exception {
    String text = Files.readString(Path.of("src/test/resources/golden/ImageBlocks.nn"))
        .replace("package golden", "package org.example");
    Path nn = dir.resolve("ImageBlocks.nn");
    Files.writeString(nn, text);
    Model model = trainable("org.example.CompiledImageBlocks", text);
    SplittableRandom random = new SplittableRandom(5);
    randomize(model, random);
    Path weights = dir.resolve("blocks.safetensors");
    model.save(weights);
    Path out = dir.resolve("out");
    assertEquals(0, nnc("--weights", weights.toString(), "-d", out.toString(), nn.toString()));
    assertSamePredictions(model, load(out, "org.example.FrozenImageBlocks"), random,
        12 * 12 * 3, 5);
  }

  @Test
  void missingTensorWrongShapeAndTruncatedFileAreErrorsThatWriteNothing() throws Exception {
    Path nn = dir.resolve("Folded.nn");
    Files.writeString(nn, MLP);
    Model model = trainable("org.example.CompiledFolded", MLP);
    Path out = dir.resolve("out");

    // A tensor missing: the runtime's writer with one tensor left out.
    List<SafeTensors.Tensor> tensors = new ArrayList<>(WeightFiles.tensors(model));
    tensors.removeIf(t -> t.name().equals("norm.moving_variance"));
    Path missing = dir.resolve("missing.safetensors");
    SafeTensors.write(missing, tensors, WeightFiles.metadata(model));
    String err = failing(Nnc.ERRORS, "--weights", missing.toString(), "-d", out.toString(),
        nn.toString());
    assertTrue(err.startsWith("nnc: error: " + missing + " does not fit Folded: tensor"
        + " 'norm.moving_variance' [100] is missing from the file"), err);

    // Another network's weights: the kernel's shape differs, named with both sizes.
    String wider = MLP.replace("units = 100", "units = 101");
    Model other = trainable("org.example.CompiledFolded", wider);
    Path shape = dir.resolve("wider.safetensors");
    other.save(shape);
    err = failing(Nnc.ERRORS, "--weights", shape.toString(), "-d", out.toString(),
        nn.toString());
    assertTrue(err.contains("tensor 'hidden.kernel' is [6, 101] in the file but [6, 100] in"
        + " Folded"), err);
    assertTrue(err.contains("tensor 'norm.gamma' is [101] in the file but [100] in Folded"), err);

    // Truncated: the last tensor's bytes are not all there.
    Path whole = dir.resolve("whole.safetensors");
    model.save(whole);
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 6));
    err = failing(Nnc.ERRORS, "--weights", truncated.toString(), "-d", out.toString(),
        nn.toString());
    assertTrue(err.contains("(the file is truncated)"), err);
    // Cut inside the header, and before the header length ends.
    for (int length : new int[] {40, 5, 0}) {
      Files.write(truncated, Arrays.copyOf(bytes, length));
      err = failing(Nnc.ERRORS, "--weights", truncated.toString(), "-d", out.toString(),
          nn.toString());
      assertTrue(err.startsWith("nnc: error: " + truncated + " is truncated"), err);
    }
    // Not a safetensors file at all.
    Files.writeString(truncated, "{\"not\": \"safetensors\"}");
    err = failing(Nnc.ERRORS, "--weights", truncated.toString(), "-d", out.toString(),
        nn.toString());
    assertTrue(err.startsWith("nnc: error: " + truncated + " is not a safetensors file"), err);
    assertFalse(Files.exists(out));
  }

  @Test
  void usageErrors() throws Exception {
    Path nn = dir.resolve("Folded.nn");
    Files.writeString(nn, MLP + MLP.replace("Folded", "Other").replace("package org.example",
        ""));
    String err = failing(2, "--weights", dir.resolve("nothing.safetensors").toString(),
        nn.toString());
    assertTrue(err.startsWith("nnc: error: file not found: "), err);
    Path weights = Files.write(dir.resolve("w.safetensors"), new byte[8]);
    err = failing(Nnc.ERRORS, "--weights", weights.toString(), nn.toString());
    assertTrue(err.startsWith("nnc: error: --weights freezes one network, and --name says"
        + " which; declared: [Folded, Other]"), err);
    err = failing(Nnc.ERRORS, "--weights", weights.toString(), "--name", "Nope", nn.toString());
    assertTrue(err.startsWith("nnc: error: no network Nope in [Folded, Other]"), err);
    Path onnx = Files.write(dir.resolve("m.onnx"), new byte[0]);
    err = failing(2, "--weights", weights.toString(), onnx.toString());
    assertTrue(err.startsWith("nnc: error: --weights freezes a network of .nn files"), err);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static int nnc(String... args) {
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    assertEquals(0, exit, err::toString);
    return exit;
  }

  /** Runs nnc expecting {@code exit}; returns what it printed to standard error. */
  private static String failing(int exit, String... args) {
    StringWriter err = new StringWriter();
    assertEquals(exit, Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args),
        err::toString);
    return err.toString();
  }

  private static Model trainable(String className, String text) throws Exception {
    String source = new NnCompiler().compile(List.of(new SourceFile("net.nn", text))).files()
        .get(0).toString();
    return (Model) InMemoryJavac.compile(Map.of(className, source)).loadClass(className)
        .getConstructor(long.class).newInstance(3L);
  }

  /** Every weight and statistic random (variances in [0.2, 2]). */
  private static void randomize(Model model, SplittableRandom random) {
    for (Layer layer : model.layers()) {
      for (List<TensorView> views : List.of(layer.weights(), layer.state())) {
        for (TensorView v : views) {
          boolean variance = v.name().endsWith("variance");
          v.copyFrom(values(random, v.size(), variance ? 0.2 : -1, variance ? 2 : 1));
        }
      }
    }
  }

  /** Compiles the class nnc wrote under {@code out} and loads it with its resource beside it. */
  private Class<?> load(Path out, String name) throws Exception {
    Path classes = dir.resolve("classes-" + name);
    String path = name.replace('.', '/');
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        out.resolve(path + ".java").toString()));
    Path bin = out.resolve(path + ".bin");
    Files.copy(bin, classes.resolve(path + ".bin"));
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader());
    return loader.loadClass(name);
  }

  private static void assertSamePredictions(Model model, Class<?> frozen,
      SplittableRandom random, int inputs, int outputs) throws Exception {
    int count = 16;
    float[] x = values(random, count * inputs, -1, 1);
    float[] expected = new float[count * outputs];
    model.predictBatch(x, expected, count);
    float[] actual = new float[count * outputs];
    frozen.getMethod("predictBatch", float[].class, float[].class, int.class)
        .invoke(null, x, actual, count);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])),
          "output " + i);
    }
  }

  private static float[] values(SplittableRandom random, int n, double from, double to) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(from, to);
    }
    return v;
  }
}
