import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One prediction in a fresh JVM, for first-prediction.sh: {@code dendrite NAME} calls {@code
 * org.dendrite.samples.onnx.Frozen<NAME>.predict} (the class and its weights resource are all it
 * needs besides the runtime jar); {@code ort FILE.onnx} creates an ONNX Runtime session on the
 * file and runs it once. Prints the predicted class, so that the work cannot be skipped. Not part
 * of the build: the script compiles it.
 */
public final class FirstPrediction {
  public static void main(String[] args) throws Exception {
    float[] image = new float[784];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 29) / 28f;
    }
    float[] out = new float[10];
    if (args[0].equals("dendrite")) {
      Class.forName("org.dendrite.samples.onnx.Frozen" + args[1])
          .getMethod("predict", float[].class, float[].class).invoke(null, image, out);
    } else {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(Files.readAllBytes(Path.of(args[1])));
          OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(image),
              args[2].equals("cnn") ? new long[] {1, 1, 28, 28} : new long[] {1, 784});
          OrtSession.Result r = session.run(Map.of(session.getInputNames().iterator().next(),
              in))) {
        ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
      }
    }
    int best = 0;
    for (int i = 1; i < out.length; i++) {
      best = out[i] > out[best] ? i : best;
    }
    System.out.println("class " + best);
  }
}
