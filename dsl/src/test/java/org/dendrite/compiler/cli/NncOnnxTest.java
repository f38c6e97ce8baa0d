package org.dendrite.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.ToolProvider;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.onnx.OnnxRuntimeRunner;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc model.onnx --package p --name X -d OUT}: what it writes and how it fails. */
class NncOnnxTest {
  @TempDir
  Path dir;

  @Test
  void onnxFileBecomesAClassAndItsWeights() throws IOException {
    Path model = fixture("mlp.onnx");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        model.toString(), "--package", "org.example.onnx", "--name", "Tiny", "-d",
        out.toString());
    assertEquals(0, exit, err::toString);
    Path folder = out.resolve("org/example/onnx");
    String source = Files.readString(folder.resolve("CompiledTiny.java"));
    assertTrue(source.contains("public final class CompiledTiny"), source);
    assertTrue(source.contains("@Generated(\"org.dendrite.compiler.onnx.OnnxCompiler\")"));
    assertTrue(Files.size(folder.resolve("Tiny.safetensors")) > 0);
  }

  /**
   * The user's path end to end: nnc, javac, the weights packaged beside the class, and
   * {@code pretrained()} predicting what ONNX Runtime predicts from the same file.
   */
  @Test
  void pretrainedReadsTheWeightsBesideTheClassAndMatchesOnnxRuntime() throws Exception {
    Path model = fixture("mlp_784_300_100_10.onnx");
    Path sources = dir.resolve("src");
    assertEquals(0, Nnc.run(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), model.toString(), "--package", "org.example",
        "--name", "Peer", "-d", sources.toString()));
    Path classes = dir.resolve("classes");
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        sources.resolve("org/example/CompiledPeer.java").toString());
    assertEquals(0, javac);
    Files.copy(sources.resolve("org/example/Peer.safetensors"),
        classes.resolve("org/example/Peer.safetensors"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Model peer = (Model) loader.loadClass("org.example.CompiledPeer")
          .getMethod("pretrained").invoke(null);
      int count = 64;
      float[] inputs = new float[count * 784];
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = (float) random.nextDouble();
      }
      float[] ours = new float[count * 10];
      peer.predictBatch(inputs, ours, count);
      float[] theirs = OnnxRuntimeRunner.run(Files.readAllBytes(model), inputs, count, 784);
      for (int i = 0; i < ours.length; i++) {
        assertEquals(theirs[i], ours[i], 1e-5f * Math.max(1f, Math.abs(theirs[i])));
      }
      // Without the resource, pretrained() says which one is missing.
      Files.delete(classes.resolve("org/example/Peer.safetensors"));
      try (URLClassLoader bare = new URLClassLoader(new URL[] {classes.toUri().toURL()},
          getClass().getClassLoader())) {
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> bare.loadClass("org.example.CompiledPeer").getMethod("pretrained")
                .invoke(null)).getCause();
        assertTrue(thrown.getMessage().contains("org/example/Peer.safetensors"),
            thrown.getMessage());
      }
    }
  }

  /**
   * A PyTorch CNN end to end: nnc writes the trainable class, the frozen class and both weight
   * files; with the weights beside them, {@code pretrained()} and the frozen class predict what
   * ONNX Runtime predicts.
   */
  @Test
  void cnnBecomesPretrainedAndFrozenClassesMatchingOnnxRuntime() throws Exception {
    Path model = fixture("lenet5.onnx");
    Path sources = dir.resolve("src");
    StringWriter err = new StringWriter();
    assertEquals(0, Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        model.toString(), "--package", "org.example", "-d", sources.toString()), err::toString);
    Path classes = dir.resolve("classes");
    Path folder = sources.resolve("org/example");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        folder.resolve("CompiledLenet5.java").toString(),
        folder.resolve("FrozenLenet5.java").toString()));
    for (String resource : new String[] {"Lenet5.safetensors", "FrozenLenet5.bin"}) {
      Files.copy(folder.resolve(resource), classes.resolve("org/example/" + resource));
    }
    int count = 40;
    float[] inputs = new float[count * 784];
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    float[] theirs = OnnxRuntimeRunner.run(Files.readAllBytes(model), inputs, count, 784);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Model lenet = (Model) loader.loadClass("org.example.CompiledLenet5")
          .getMethod("pretrained").invoke(null);
      float[] pretrained = new float[count * 10];
      lenet.predictBatch(inputs, pretrained, count);
      float[] frozen = new float[count * 10];
      loader.loadClass("org.example.FrozenLenet5")
          .getMethod("predictBatch", float[].class, float[].class, int.class)
          .invoke(null, inputs, frozen, count);
      for (int i = 0; i < theirs.length; i++) {
        float tolerance = 1e-5f * Math.max(1f, Math.abs(theirs[i]));
        assertEquals(theirs[i], pretrained[i], tolerance, "pretrained output " + i);
        assertEquals(theirs[i], frozen[i], tolerance, "frozen output " + i);
      }
    }
  }

  /**
   * {@code nnc --onnx OUT --weights W NET.nn}: a residual CNN declared in .nn, with weights the
   * trainable class saved, becomes an ONNX file that ONNX Runtime runs to Dendrite's predictions.
   */
  @Test
  void nnNetworkWithItsWeightsBecomesAnOnnxFile() throws Exception {
    String text = Files.readString(Path.of("src/test/resources/golden/Residual.nn"))
        .replace("package golden", "package org.example");
    Path nn = dir.resolve("Residual.nn");
    Files.writeString(nn, text);
    NnCompiler.Result compiled = new NnCompiler().compile(List.of(new SourceFile("Residual.nn",
        text)));
    Model model = (Model) InMemoryJavac.compile(Map.of("org.example.CompiledResidual",
            compiled.files().get(0).toString()))
        .loadClass("org.example.CompiledResidual").getConstructor(long.class).newInstance(3L);
    SplittableRandom random = new SplittableRandom(8);
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) random.nextDouble(-1, 1);
    }
    for (Layer layer : model.layers()) {
      for (TensorView s : layer.state()) {
        for (int i = 0; i < s.size(); i++) {
          s.set(i, (float) random.nextDouble(0.2, 2));
        }
      }
    }
    Path weights = dir.resolve("residual.safetensors");
    model.save(weights);
    Path onnx = dir.resolve("out/residual.onnx");
    Files.createDirectories(onnx.getParent());
    StringWriter err = new StringWriter();
    assertEquals(0, Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--onnx",
        onnx.toString(), "--weights", weights.toString(), nn.toString()), err::toString);
    int count = 8;
    float[] inputs = new float[count * 64];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    float[] ours = new float[count * 10];
    model.predictBatch(inputs, ours, count);
    float[] theirs = OnnxRuntimeRunner.run(Files.readAllBytes(onnx), inputs, count, 8, 8, 1);
    for (int i = 0; i < ours.length; i++) {
      assertEquals(ours[i], theirs[i], 1e-5f * Math.max(1f, Math.abs(ours[i])), "output " + i);
    }
  }

  @Test
  void onnxExportWithoutWeightsOrWithAnotherNetworksIsAnError() throws Exception {
    Path nn = dir.resolve("Small.nn");
    Files.writeString(nn, "network Small(loss = mse) {\n  input x [3]\n"
        + "  dense out (units = 2)\n}\n");
    Path onnx = dir.resolve("small.onnx");
    StringWriter err = new StringWriter();
    assertEquals(2, Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--onnx",
        onnx.toString(), nn.toString()));
    assertTrue(err.toString().startsWith("nnc: error: --onnx needs the network's trained"
        + " weights: --weights W.safetensors"), err.toString());
    // Weights of another architecture: the runtime's check names the difference.
    Path other = dir.resolve("other.nn");
    Files.writeString(other, "network Other(loss = mse) {\n  input x [3]\n"
        + "  dense out (units = 5)\n}\n");
    Model model = (Model) InMemoryJavac.compile(Map.of("CompiledOther", new NnCompiler()
            .compile(List.of(new SourceFile("other.nn", Files.readString(other)))).files().get(0)
            .toString()))
        .loadClass("CompiledOther").getConstructor(long.class).newInstance(1L);
    Path weights = dir.resolve("other.safetensors");
    model.save(weights);
    StringWriter mismatch = new StringWriter();
    assertEquals(Nnc.ERRORS, Nnc.run(new PrintWriter(new StringWriter()),
        new PrintWriter(mismatch), "--onnx", onnx.toString(), "--weights", weights.toString(),
        nn.toString()));
    assertTrue(mismatch.toString().startsWith("nnc: error: "), mismatch.toString());
    assertTrue(mismatch.toString().contains("other.safetensors"), mismatch.toString());
    assertFalse(Files.exists(onnx));
  }

  @Test
  void nameDefaultsToTheFileNameInCamelCase() throws IOException {
    Path model = Files.copy(fixture("mlp.onnx"), dir.resolve("fashion_mlp-v2.onnx"));
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        model.toString(), "-d", dir.resolve("out").toString());
    assertEquals(0, exit);
    assertTrue(Files.exists(dir.resolve("out/CompiledFashionMlpV2.java")));
    assertEquals("Model1x", org.dendrite.compiler.onnx.OnnxCompiler.networkName("1x.onnx"));
  }

  @Test
  void unsupportedOperatorFailsNamingItAndWritesNothing() throws IOException {
    Path model = fixture("elu.onnx");
    Path out = dir.resolve("out");
    StringWriter err = new StringWriter();
    int exit = Nnc.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        model.toString(), "--name", "Elu", "-d", out.toString());
    assertEquals(Nnc.ERRORS, exit);
    assertTrue(err.toString().startsWith("nnc: error: " + model + ": node '/1/Elu' (Elu) uses"
        + " an operator Dendrite does not import; supported operators: Gemm,"), err.toString());
    assertFalse(Files.exists(out));
  }

  private Path fixture(String name) throws IOException {
    try (InputStream in = NncOnnxTest.class.getResourceAsStream("/onnx/" + name)) {
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }
}
