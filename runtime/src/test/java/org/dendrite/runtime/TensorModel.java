package org.dendrite.runtime;

import java.util.ArrayList;
import java.util.List;
import org.dendrite.annotation.Loss;

/**
 * A model made of dense-like layers of given sizes, for weight-file tests: only its tensors, name
 * and architecture are real; passes are not supported.
 */
public final class TensorModel implements Model {
  private final String architecture;
  private final float[] parameters;
  private final List<Layer> layers = new ArrayList<>();
  private final long seed;
  private final String name;

  /** Layers {@code l0, l1, …} of {@code sizes[i] → sizes[i + 1]} with kernel and bias. */
  public TensorModel(long seed, int... sizes) {
    this("TensorModel", seed, sizes);
  }

  /** The same layers in a network called {@code name}. */
  public TensorModel(String name, long seed, int... sizes) {
    this.name = name;
    this.seed = seed;
    int count = 0;
    for (int i = 0; i + 1 < sizes.length; i++) {
      count += sizes[i] * sizes[i + 1] + sizes[i + 1];
    }
    parameters = new float[count];
    StringBuilder arch = new StringBuilder("network " + name);
    int offset = 0;
    for (int i = 0; i + 1 < sizes.length; i++) {
      int in = sizes[i];
      int out = sizes[i + 1];
      TensorView kernel = new TensorView("l" + i + ".kernel", parameters, offset, in, out);
      TensorView bias = new TensorView("l" + i + ".bias", parameters, offset + in * out, out);
      offset += in * out + out;
      layers.add(new Layer("l" + i, "Dense", new int[] {in}, new int[] {out},
          List.of(kernel, bias)));
      arch.append("\ndense l").append(i).append(' ').append(in).append("->").append(out);
    }
    architecture = arch.toString();
  }

  /** Sets every parameter to {@code value + index · step}. */
  public TensorModel fill(float value, float step) {
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = value + i * step;
    }
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Loss loss() {
    return Loss.MSE;
  }

  @Override
  public int inputSize() {
    return layers.get(0).inputShape()[0];
  }

  @Override
  public int outputSize() {
    return layers.get(layers.size() - 1).outputShape()[0];
  }

  @Override
  public int targetSize() {
    return outputSize();
  }

  @Override
  public int parameterCount() {
    return parameters.length;
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
    throw new UnsupportedOperationException();
  }

  @Override
  public void predict(float[] input, float[] output) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void predictBatch(float[] inputs, float[] outputs, int count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float computeGradients(float[] inputs, float[] targets, int count) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BatchPass newBatchPass(int capacity) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String summary() {
    return architecture;
  }

  @Override
  public String architecture() {
    return architecture;
  }

  @Override
  public long seed() {
    return seed;
  }
}
