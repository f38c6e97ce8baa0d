package org.dendrite.compiler.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (one thread, so results are reproducible). */
public final class OnnxRuntimeRunner {
  private OnnxRuntimeRunner() {}

  /**
   * The single output of {@code model} for {@code count} samples of {@code inputs}, flat, with
   * the input tensor shaped {@code [count, sampleShape…]}.
   */
  public static float[] run(byte[] model, float[] inputs, int count, long... sampleShape)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = count;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options);
          OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs), shape);
          OrtSession.Result result =
              session.run(Map.of(session.getInputNames().iterator().next(), input))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        FloatBuffer b = out.getFloatBuffer();
        float[] values = new float[b.remaining()];
        b.get(values);
        return values;
      }
    }
  }
}
