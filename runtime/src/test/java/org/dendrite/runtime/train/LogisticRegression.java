package org.dendrite.runtime.train;

import java.util.List;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.BatchPass;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.dendrite.runtime.kernel.Kernels;
import org.dendrite.runtime.loss.Losses;
import org.dendrite.runtime.support.Checks;

/**
 * A hand-written {@link Model} for trainer tests: two inputs, one sigmoid unit, binary
 * cross-entropy. Parameters: kernel [2][1], then bias [1].
 */
final class LogisticRegression implements Model {
  private static final Kernels K = Kernels.get();

  private final float[] parameters;
  private final float[] gradients = new float[3];
  private final List<Layer> layers;

  LogisticRegression(float w0, float w1, float b) {
    parameters = new float[] {w0, w1, b};
    layers = List.of(
        new Layer("x", "Input", new int[] {2}, new int[] {2}, List.of()),
        new Layer("y", "Dense", new int[] {2}, new int[] {1}, List.of(
            new TensorView("y.kernel", parameters, 0, 2, 1),
            new TensorView("y.bias", parameters, 2, 1))));
  }

  @Override
  public String name() {
    return "LogisticRegression";
  }

  @Override
  public Loss loss() {
    return Loss.BINARY_CROSSENTROPY;
  }

  @Override
  public int inputSize() {
    return 2;
  }

  @Override
  public int outputSize() {
    return 1;
  }

  @Override
  public int targetSize() {
    return 1;
  }

  @Override
  public int parameterCount() {
    return 3;
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public float[] gradients() {
    return gradients;
  }

  @Override
  public void predict(float[] input, float[] output) {
    newBatchPass(1).predict(input, 0, output, 0, 1);
  }

  @Override
  public void predictBatch(float[] inputs, float[] outputs, int count) {
    newBatchPass(count).predict(inputs, 0, outputs, 0, count);
  }

  @Override
  public float computeGradients(float[] inputs, float[] targets, int count) {
    double loss = newBatchPass(count).train(new BatchPass.Step()
        .samples(inputs, 0, targets, 0, count).gradients(gradients, 1f / count));
    return (float) (loss / count);
  }

  @Override
  public BatchPass newBatchPass(int capacity) {
    return new Pass(capacity);
  }

  @Override
  public String summary() {
    return "LogisticRegression: 3 parameters";
  }

  @Override
  public String architecture() {
    return "network LogisticRegression\ninput x 2\ndense out 2->1 sigmoid bias";
  }

  @Override
  public long seed() {
    return 0;
  }

  private final class Pass implements BatchPass {
    private final int capacity;
    private final float[] z;
    private final float[] dz;

    Pass(int capacity) {
      this.capacity = capacity;
      this.z = new float[Checks.bufferSize(capacity, 1)];
      this.dz = new float[capacity];
    }

    @Override
    public int capacity() {
      return capacity;
    }

    private void forward(float[] inputs, int inputOffset, int count) {
      Checks.batch(count, capacity);
      Checks.samples("inputs", inputs, inputOffset, count, 2);
      K.matmul(inputs, inputOffset, parameters, 0, parameters, 2, z, 0, count, 2, 1);
    }

    @Override
    public void predict(float[] inputs, int inputOffset, float[] outputs, int outputOffset,
        int count) {
      forward(inputs, inputOffset, count);
      Checks.samples("outputs", outputs, outputOffset, count, 1);
      K.sigmoid(z, 0, count);
      System.arraycopy(z, 0, outputs, outputOffset, count);
    }

    @Override
    public double train(Step step) {
      int count = step.count();
      float[] grads = step.gradients();
      forward(step.inputs(), step.inputOffset(), count);
      Checks.samples("targets", step.targets(), step.targetOffset(), count, 1);
      Checks.gradients(grads, 3);
      double loss = Losses.sigmoidBinaryCrossEntropy(z, count, 1, step.targets(),
          step.targetOffset(), step.weights(), step.weightOffset(), dz, step.scale());
      K.matmulTransA(step.inputs(), step.inputOffset(), dz, 0, grads, 0, count, 2, 1);
      K.columnSums(dz, 0, count, 1, grads, 2);
      return loss;
    }

    @Override
    public double evaluate(float[] inputs, int inputOffset, float[] targets, int targetOffset,
        int count) {
      forward(inputs, inputOffset, count);
      Checks.samples("targets", targets, targetOffset, count, 1);
      return Losses.sigmoidBinaryCrossEntropy(z, count, 1, targets, targetOffset, null, 0, null, 1f);
    }

    @Override
    public float[] outputs() {
      return z;
    }
  }
}
