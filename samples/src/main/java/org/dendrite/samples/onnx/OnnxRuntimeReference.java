package org.dendrite.samples.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime running an ONNX file, as {@link OnnxCommand} compares the imported classes with
 * it: one intra-op thread, as Dendrite's classes run here, and buffers reused between calls (a
 * direct input buffer the input tensor wraps, and a pinned output tensor), so that its timings
 * are of inference, not of allocation. Touched only when {@link
 * OnnxCommand#onnxRuntimeOnClassPath()}: ONNX Runtime is a {@code provided} dependency of the
 * samples, not in their jar.
 */
final class OnnxRuntimeReference {
  /** Outputs of every sample, and microseconds per sample one at a time and in batches. */
  record Timed(float[] outputs, double oneAtATime, double batched) {}

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  /** The current batch size's buffers and the tensors over them. */
  private FloatBuffer in;
  private FloatBuffer out;
  private OnnxTensor inTensor;
  private OnnxTensor outTensor;

  /** "ONNX Runtime 1.29.0". */
  String version() {
    return "ONNX Runtime " + env.getVersion();
  }

  /**
   * Runs {@code model} on the {@code count} samples of {@code inputs} one at a time and then in
   * batches of {@code batch}, each warmed up on the samples of {@code warm} for at least {@code
   * warmUpSeconds} and then timed on all ({@link Timing}); returns the outputs of the timed
   * one-at-a-time passes and both timings.
   */
  Timed run(byte[] model, float[] inputs, int count, int outputSize, int batch, float[] warm,
      double warmUpSeconds) throws IOException {
    int inputSize = inputs.length / count;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        float[] outputs = new float[count * outputSize];
        float[] batchedOutputs = new float[outputs.length];
        double one = Timing.measure(
            x -> run(session, x, inputSize, x.length / inputSize, outputSize, 1, outputs), warm,
            inputs, warmUpSeconds);
        double batched = Timing.measure(
            x -> run(session, x, inputSize, x.length / inputSize, outputSize, batch,
                batchedOutputs), warm, inputs, warmUpSeconds);
        // The batched timing counts only if the batches computed the same (its kernels may
        // sum in another order: the tests' tolerance).
        for (int i = 0; i < outputs.length; i++) {
          if (Math.abs(outputs[i] - batchedOutputs[i]) > 1e-5f * Math.max(1f,
              Math.abs(outputs[i]))) {
            throw new IllegalStateException("ONNX Runtime's output " + i + " is "
                + batchedOutputs[i] + " in batches of " + batch + " but " + outputs[i]
                + " one sample at a time");
          }
        }
        return new Timed(outputs, one, batched);
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** Microseconds per sample over the first {@code count} samples in calls of {@code batch}. */
  @SuppressWarnings("try") // the run's result is only closed: the outputs land in our buffer
  private double run(OrtSession session, float[] inputs, int inputSize, int count,
      int outputSize, int batch, float[] outputs) throws OrtException {
    String inputName = session.getInputNames().iterator().next();
    String outputName = session.getOutputNames().iterator().next();
    long[] declared = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
    long start = System.nanoTime();
    for (int first = 0; first < count; first += batch) {
      int n = Math.min(batch, count - first);
      // The last batch may be short: its tensors are made for it (once per pass).
      if (first == 0 || n < batch) {
        closeTensors();
        long[] shape = declared.clone();
        shape[0] = n;
        in = direct(n * inputSize);
        out = direct(n * outputSize);
        inTensor = OnnxTensor.createTensor(env, in, shape);
        outTensor = OnnxTensor.createTensor(env, out, new long[] {n, outputSize});
      }
      in.clear();
      in.put(inputs, first * inputSize, n * inputSize);
      try (OrtSession.Result r = session.run(Map.of(inputName, inTensor),
          Map.of(outputName, outTensor))) {
        out.clear();
        out.get(outputs, first * outputSize, n * outputSize);
      }
    }
    double micros = (System.nanoTime() - start) / 1e3 / count;
    closeTensors();
    return micros;
  }

  private void closeTensors() {
    if (inTensor != null) {
      inTensor.close();
      outTensor.close();
      inTensor = null;
      outTensor = null;
    }
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
