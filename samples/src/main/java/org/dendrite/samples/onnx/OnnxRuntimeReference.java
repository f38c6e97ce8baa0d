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
import java.util.HashMap;
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
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  /**
   * By batch size, the buffers and the tensors over them, made at a size's first call and kept
   * until the session closes: made again at each pass's first batch and its short last one,
   * they cost ONNX Runtime up to a microsecond an image at batch 256 in passes of 8 batches.
   */
  private final Map<Integer, Bound> bound = new HashMap<>();

  /** A batch size's direct buffers and the tensors that wrap them. */
  private record Bound(FloatBuffer in, FloatBuffer out, OnnxTensor inTensor,
      OnnxTensor outTensor) {}

  /** "ONNX Runtime 1.29.0". */
  String version() {
    return "ONNX Runtime " + env.getVersion();
  }

  /**
   * A session of {@code model} with one intra-op and one inter-op thread, whose passes the caller
   * times beside its own ({@link Timing}).
   */
  Session open(byte[] model) throws IOException {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      try {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return new Session(env.createSession(model, options), options);
      } catch (OrtException | RuntimeException e) {
        options.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** An open model: passes over samples one at a time or in batches, into the caller's array. */
  final class Session implements AutoCloseable {
    private final OrtSession session;
    private final OrtSession.SessionOptions options;

    private Session(OrtSession session, OrtSession.SessionOptions options) {
      this.session = session;
      this.options = options;
    }

    /**
     * Microseconds per sample of a pass over the {@code inputs.length / inputSize} samples in
     * calls of {@code batch}, their outputs written to {@code outputs}.
     */
    double pass(float[] inputs, int inputSize, int outputSize, int batch, float[] outputs)
        throws IOException {
      try {
        return run(session, inputs, inputSize, inputs.length / inputSize, outputSize, batch,
            outputs);
      } catch (OrtException e) {
        throw new IOException("ONNX Runtime failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      closeTensors();
      try {
        session.close();
      } catch (OrtException e) {
        throw new IOException("ONNX Runtime failed to close its session: " + e.getMessage(), e);
      } finally {
        options.close();
      }
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
      Bound b = bound.get(n);
      if (b == null) {
        long[] shape = declared.clone();
        shape[0] = n;
        FloatBuffer in = direct(n * inputSize);
        FloatBuffer out = direct(n * outputSize);
        OnnxTensor inTensor = OnnxTensor.createTensor(env, in, shape);
        b = new Bound(in, out, inTensor, OnnxTensor.createTensor(env, out,
            new long[] {n, outputSize}));
        bound.put(n, b);
      }
      b.in().clear();
      b.in().put(inputs, first * inputSize, n * inputSize);
      try (OrtSession.Result r = session.run(Map.of(inputName, b.inTensor()),
          Map.of(outputName, b.outTensor()))) {
        b.out().clear();
        b.out().get(outputs, first * outputSize, n * outputSize);
      }
    }
    return (System.nanoTime() - start) / 1e3 / count;
  }

  private void closeTensors() {
    for (Bound b : bound.values()) {
      b.inTensor().close();
      b.outTensor().close();
    }
    bound.clear();
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
