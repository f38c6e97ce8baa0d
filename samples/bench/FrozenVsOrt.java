import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.dendrite.samples.onnx.FrozenTorchFashionMlp;

/**
 * The frozen 784-300-100-10 MLP of the {@code onnx} sample against ONNX Runtime Java on the same
 * ONNX file, batches of 256, one thread each: alternating loops of {@code FrozenTorchFashionMlp
 * .predictBatch} and of ONNX Runtime's {@code run} on tensors made once (its best case), each
 * loop half a second on the same random inputs, microseconds per image per round (the first
 * rounds include the JIT's warm-up; read the later ones). Not part of the build; after {@code mvn
 * -DskipTests package}, with ONNX Runtime's jar from the local Maven repository:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector \
 *     -cp samples/target/dendrite-samples.jar:$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar \
 *     samples/bench/FrozenVsOrt.java [ROUNDS]
 * </pre>
 */
public final class FrozenVsOrt {
  private static final int BATCH = 256;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    byte[] model;
    try (InputStream in = FrozenTorchFashionMlp.class.getResourceAsStream(
        "torch_fashion_mlp.onnx")) {
      if (in == null) {
        throw new IllegalStateException("torch_fashion_mlp.onnx is missing beside "
            + FrozenTorchFashionMlp.class.getName() + ": run mvn -DskipTests package first");
      }
      model = in.readAllBytes();
    }
    float[] inputs = new float[BATCH * 784];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    float[] outputs = new float[BATCH * 10];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        String inputName = session.getInputNames().iterator().next();
        String outputName = session.getOutputNames().iterator().next();
        FloatBuffer in = direct(inputs.length).put(inputs);
        in.clear();
        FloatBuffer out = direct(outputs.length);
        try (OnnxTensor inTensor = OnnxTensor.createTensor(env, in, new long[] {BATCH, 784});
            OnnxTensor outTensor = OnnxTensor.createTensor(env, out, new long[] {BATCH, 10})) {
          System.out.println("µs per image, batches of 256, one thread: ONNX Runtime | frozen");
          for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            long images = 0;
            while (System.nanoTime() - start < 500_000_000L) {
              try (OrtSession.Result r = session.run(Map.of(inputName, inTensor),
                  Map.of(outputName, outTensor))) {
                images += BATCH;
              }
            }
            double theirs = (System.nanoTime() - start) / 1e3 / images;
            start = System.nanoTime();
            images = 0;
            while (System.nanoTime() - start < 500_000_000L) {
              FrozenTorchFashionMlp.predictBatch(inputs, outputs, BATCH);
              images += BATCH;
            }
            double ours = (System.nanoTime() - start) / 1e3 / images;
            System.out.printf(Locale.ROOT, "round %d  %6.2f | %6.2f  (%.2f times)%n", round,
                theirs, ours, ours / theirs);
          }
        }
      }
    }
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
