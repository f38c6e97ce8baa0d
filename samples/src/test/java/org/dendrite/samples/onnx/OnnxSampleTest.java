package org.dendrite.samples.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.samples.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The user's path of issue 17 end to end: ONNX files from PyTorch in {@code src/main/onnx}, the
 * build's {@code onnx} goal, and the generated classes predicting what ONNX Runtime predicts; the
 * {@code onnx} sample that uses the imported MLP and CNN and times them against ONNX Runtime.
 */
class OnnxSampleTest {
  static final Path MODEL = Path.of("src/main/onnx/org/dendrite/samples/onnx/torch_mlp.onnx");

  @Test
  void generatedClassesPredictAsOnnxRuntime() throws Exception {
    int count = 50;
    float[] inputs = new float[count * CompiledTorchMlp.INPUT_SIZE];
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble(-2, 2);
    }
    float[] expected = onnxRuntime(inputs, count);

    float[] pretrained = new float[count * CompiledTorchMlp.OUTPUT_SIZE];
    CompiledTorchMlp.pretrained().predictBatch(inputs, pretrained, count);
    float[] frozen = new float[count * FrozenTorchMlp.OUTPUT_SIZE];
    FrozenTorchMlp.predictBatch(inputs, frozen, count);
    for (int i = 0; i < expected.length; i++) {
      float tolerance = 1e-5f * Math.max(1f, Math.abs(expected[i]));
      assertEquals(expected[i], pretrained[i], tolerance, "pretrained output " + i);
      assertEquals(expected[i], frozen[i], tolerance, "frozen output " + i);
    }
  }

  @Test
  void theSampleMatchesOnnxRuntimeOnBothNetworksAndPrintsBothTimings() {
    OnnxCommand sample = new OnnxCommand();
    String out = capture(false, () -> assertEquals(0,
        new CommandLine(sample).execute("--images", "1000",
        "--warm-up-seconds", "0")));
    assertEquals(List.of("TorchFashionMlp", "TorchFashionCnn", "TorchLenet5"),
        sample.results.stream().map(OnnxCommand.Result::name).toList(), out);
    for (OnnxCommand.Result r : sample.results) {
      assertEquals(1000, r.images());
      // Checked here rather than trusting the sample's own verdict.
      assertEquals(r.ortOutputs().length, r.frozenOutputs().length);
      int classes = r.ortOutputs().length / r.images();
      for (int i = 0; i < r.ortOutputs().length; i++) {
        float expected = r.ortOutputs()[i];
        assertEquals(expected, r.frozenOutputs()[i], 1e-5f * Math.max(1f, Math.abs(expected)),
            r.name() + " output " + i);
      }
      for (int s = 0; s < r.images(); s++) {
        assertEquals(OnnxCommand.argmax(r.ortOutputs(), s, classes),
            OnnxCommand.argmax(r.frozenOutputs(), s, classes), r.name() + " image " + s);
      }
      assertEquals(1000, r.sameClass(), r.name());
      assertTrue(r.withinTolerance() && r.largestDifference() <= 1e-5, r.toString());
      for (double t : new double[] {r.frozenOne(), r.frozenBatch(), r.pretrainedOne(),
          r.pretrainedBatch(), r.ortOne(), r.ortBatch()}) {
        assertTrue(t > 0 && Double.isFinite(t), r.name() + " timing " + t);
      }
      assertTrue(out.contains("Dendrite Frozen" + r.name()), out);
      assertTrue(out.contains("Dendrite Compiled" + r.name() + ".pretrained()"), out);
    }
    assertTrue(out.contains("  ONNX Runtime 1."), out);
    assertTrue(out.contains("the same top-1 class on 1,000 of 1,000 images"), out);
  }

  @Test
  void withoutOnnxRuntimeTheSamplePrintsDendritesTimingsAndSaysHowToCompare() {
    OnnxCommand sample = new OnnxCommand();
    String out = capture(false, () -> assertEquals(0, new CommandLine(sample).execute(
        "--images", "50", "--without-onnx-runtime", "--warm-up-seconds", "0")));
    assertEquals(3, sample.results.size());
    for (OnnxCommand.Result r : sample.results) {
      assertTrue(Double.isNaN(r.ortOne()) && r.ortOutputs() == null, r.toString());
      assertTrue(r.frozenOne() > 0, r.toString());
    }
    assertTrue(out.contains("Dendrite FrozenTorchFashionCnn"), out);
    assertTrue(!out.contains("  ONNX Runtime 1."), out);
    assertTrue(out.contains("ONNX Runtime not run (--without-onnx-runtime)."), out);
  }

  @Test
  void theSampleRefusesAnImageCountOutOfRange() {
    String err = capture(true, () -> assertEquals(1, Main.run("onnx", "--images", "0")));
    assertTrue(err.contains("error: --images must be in [1, 10000], got 0"), err);
  }

  @Test
  void theSampleRefusesAWarmUpOutOfRange() {
    for (String seconds : new String[] {"-1", "NaN", "601", "Infinity"}) {
      String err = capture(true, () -> assertEquals(1,
          Main.run("onnx", "--images", "10", "--warm-up-seconds", seconds)));
      assertTrue(err.contains("error: --warm-up-seconds must be in [0, 600], got "), err);
    }
  }

  /**
   * The warm-up passes make every call the timed ones make: all images up to WARM_UP, else whole
   * batches and then one as short as the timed passes' last.
   */
  @Test
  void theWarmUpEndsWithTheTimedPassesLastBatch() {
    int batch = OnnxCommand.BATCH;
    for (int count : new int[] {1, 255, 256, 1000, 1001, 1024, 1300, 9999, 10000}) {
      int warm = OnnxCommand.warmUpImages(count);
      String what = count + " images: " + warm + " warm";
      assertTrue(warm >= 1 && warm <= count && warm <= OnnxCommand.WARM_UP + batch, what);
      assertEquals(count % batch, warm % batch, what);
      if (count <= OnnxCommand.WARM_UP) {
        assertEquals(count, warm, what);
      }
    }
    assertEquals(784, OnnxCommand.warmUpImages(10_000));
  }

  /** The trainable classes with the imported weights predict what the frozen ones do. */
  @Test
  void pretrainedAndFrozenClassesAgree() {
    SplittableRandom random = new SplittableRandom(3);
    int count = 20;
    float[] images = new float[count * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    float[] frozen = new float[count * 10];
    float[] pretrained = new float[count * 10];
    FrozenTorchFashionCnn.predictBatch(images, frozen, count);
    CompiledTorchFashionCnn.pretrained().predictBatch(images, pretrained, count);
    assertArrayEquals(frozen, pretrained, 1e-5f);
    FrozenTorchFashionMlp.predictBatch(images, frozen, count);
    CompiledTorchFashionMlp.pretrained().predictBatch(images, pretrained, count);
    assertArrayEquals(frozen, pretrained, 1e-5f);
    FrozenTorchLenet5.predictBatch(images, frozen, count);
    CompiledTorchLenet5.pretrained().predictBatch(images, pretrained, count);
    assertArrayEquals(frozen, pretrained, 1e-5f);
  }

  private static float[] onnxRuntime(float[] inputs, int count) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(Files.readAllBytes(MODEL), options);
          OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs),
              new long[] {count, 1, 4, 5});
          OrtSession.Result result = session.run(Map.of("input", input))) {
        FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
      }
    }
  }

  /** What {@code r} prints on standard output (or error). */
  private static String capture(boolean err, Runnable r) {
    PrintStream saved = err ? System.err : System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    if (err) {
      System.setErr(stream);
    } else {
      System.setOut(stream);
    }
    try {
      r.run();
    } finally {
      if (err) {
        System.setErr(saved);
      } else {
        System.setOut(saved);
      }
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
