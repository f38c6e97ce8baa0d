package org.dendrite.compiler.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (one thread, so results are reproducible). */
public final class OnnxRuntimeRunner {
  /**
   * Samples per run: ONNX Runtime allocates every intermediate tensor for the whole batch (the
   * convnet's first feature maps of 10,000 images are 865 MB), so larger inputs go in slices.
   */
  static final int SLICE = 1000;

  private OnnxRuntimeRunner() {}

  /**
   * The single output of {@code model} for {@code count} samples of {@code inputs}, flat, with
   * the input tensor shaped {@code [count, sampleShape…]} (at most {@link #SLICE} samples per
   * run).
   */
  public static float[] run(byte[] model, float[] inputs, int count, long... sampleShape)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int sampleSize = inputs.length / count;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        String input = session.getInputNames().iterator().next();
        float[] outputs = null;
        int outputSize = 0;
        for (int first = 0; first < count; first += SLICE) {
          int n = Math.min(SLICE, count - first);
          long[] shape = new long[sampleShape.length + 1];
          shape[0] = n;
          System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
          FloatBuffer slice = FloatBuffer.wrap(
              Arrays.copyOfRange(inputs, first * sampleSize, (first + n) * sampleSize));
          try (OnnxTensor tensor = OnnxTensor.createTensor(env, slice, shape);
              OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
            if (outputs == null) {
              outputSize = b.remaining() / n;
              outputs = new float[count * outputSize];
            }
            b.get(outputs, first * outputSize, n * outputSize);
          }
        }
        return outputs == null ? new float[0] : outputs;
      }
    }
  }
}
