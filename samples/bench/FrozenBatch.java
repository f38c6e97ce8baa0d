import java.util.Locale;
import java.util.SplittableRandom;
import org.dendrite.runtime.Model;
import org.dendrite.samples.onnx.CompiledTorchFashionCnn;
import org.dendrite.samples.onnx.CompiledTorchFashionMlp;
import org.dendrite.samples.onnx.FrozenTorchFashionCnn;
import org.dendrite.samples.onnx.FrozenTorchFashionMlp;

/**
 * Frozen against trainable classes of the {@code onnx} sample's two networks (the
 * 784-300-100-10 MLP and Keras' convnet), one thread: microseconds per sample of {@code
 * predictBatch} with one sample and with 256, each figure the average over half a second of
 * calls, per round (the first round includes class loading and the JIT's warm-up; read the
 * later ones). Random inputs in [0, 1): the time does not depend on the values. Not part of the
 * build; after {@code mvn -DskipTests package}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp samples/target/dendrite-samples.jar \
 *     samples/bench/FrozenBatch.java [ROUNDS]
 * </pre>
 */
public final class FrozenBatch {
  /** A {@code predictBatch}. */
  interface Batch {
    void predictBatch(float[] inputs, float[] outputs, int count);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    SplittableRandom random = new SplittableRandom(1);
    float[] inputs = new float[256 * 784];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) random.nextDouble();
    }
    Model mlp = CompiledTorchFashionMlp.pretrained();
    Model cnn = CompiledTorchFashionCnn.pretrained();
    System.out.println("µs per sample, one thread: frozen b1, b256 | trainable b1, b256");
    for (int round = 0; round < rounds; round++) {
      System.out.printf(Locale.ROOT, "round %d  MLP %6.2f %6.2f | %6.2f %6.2f   CNN %6.2f %6.2f"
          + " | %6.2f %6.2f%n", round,
          time(FrozenTorchFashionMlp::predictBatch, inputs, 1),
          time(FrozenTorchFashionMlp::predictBatch, inputs, 256),
          time(mlp::predictBatch, inputs, 1), time(mlp::predictBatch, inputs, 256),
          time(FrozenTorchFashionCnn::predictBatch, inputs, 1),
          time(FrozenTorchFashionCnn::predictBatch, inputs, 256),
          time(cnn::predictBatch, inputs, 1), time(cnn::predictBatch, inputs, 256));
    }
  }

  /** Microseconds per sample of calls of {@code count} samples, over half a second. */
  static double time(Batch batch, float[] inputs, int count) {
    float[] outputs = new float[256 * 10];
    long calls = 0;
    long start = System.nanoTime();
    long now;
    do {
      for (int i = 0; i < 20; i++) {
        batch.predictBatch(inputs, outputs, count);
      }
      calls += 20;
    } while ((now = System.nanoTime()) < start + 500_000_000L);
    return (now - start) / 1e3 / (calls * count);
  }
}
