package org.dendrite.samples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The user's path of issue 17 end to end: an ONNX file from PyTorch in {@code src/main/onnx}, the
 * build's {@code onnx} goal, and the generated classes predicting what ONNX Runtime predicts.
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
}
