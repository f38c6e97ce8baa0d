package org.dendrite.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dendrite.annotation.Loss;

/**
 * The contract of every network class Dendrite generates ({@code CompiledX} for a
 * {@code @Network class X}). Every size is a compile-time constant of the generated class; this
 * interface exposes them to code that handles any model, such as {@link org.dendrite.runtime.train.Trainer}.
 *
 * <p>Parameters live in one flat array ({@link #parameters()}) in the order of {@link #layers()}
 * and their {@link Layer#weights()}; gradients use the same layout. Samples are flat, row-major
 * {@code float} arrays of {@link #inputSize()} values.
 *
 * <p>The prediction methods are safe to call from several threads at once (each thread gets its
 * own buffers, allocated on its first call). {@link #computeGradients} writes the model's single
 * gradient array and is not.
 */
public interface Model {
  /** The network's name: the declaring class's simple name. */
  String name();

  /** The loss the network was declared with. */
  Loss loss();

  /** Values per input sample (28×28 gives 784). */
  int inputSize();

  /** Values per output sample. */
  int outputSize();

  /**
   * Values per training target: 1 (a class index) for {@link Loss#SPARSE_CATEGORICAL_CROSSENTROPY}
   * and {@link Loss#PERCEPTRON}'s label, else {@link #outputSize()}.
   */
  int targetSize();

  /** The number of trainable parameters: the length of {@link #parameters()}. */
  int parameterCount();

  /** The layers, in declaration order, starting with the input. */
  List<Layer> layers();

  /** Every trainable parameter in one live flat array. */
  float[] parameters();

  /** The gradient written by {@link #computeGradients}, in the layout of {@link #parameters()}. */
  float[] gradients();

  /**
   * Every non-trainable value (batch normalisation's moving averages) in one live flat array;
   * empty for networks without such state.
   */
  default float[] state() {
    return new float[0];
  }

  /**
   * Predicts one sample without allocating: reads {@link #inputSize()} values of {@code input},
   * writes {@link #outputSize()} values to {@code output}.
   *
   * @throws IllegalArgumentException if an array is shorter than the model needs
   */
  void predict(float[] input, float[] output);

  /** Predicts one sample into a new array of {@link #outputSize()} values. */
  default float[] predict(float[] input) {
    float[] output = new float[outputSize()];
    predict(input, output);
    return output;
  }

  /**
   * Predicts {@code count} samples stored one after the other in {@code inputs}, writing
   * {@code count × outputSize()} values to {@code outputs}.
   *
   * @throws IllegalArgumentException if an array is shorter than {@code count} samples need
   */
  void predictBatch(float[] inputs, float[] outputs, int count);

  /**
   * Runs a training-mode forward and backward pass over {@code count} samples (dropout active),
   * overwrites {@link #gradients()} with the gradient of the mean loss and returns the mean loss.
   * Targets are {@link #targetSize()} values per sample.
   *
   * @throws IllegalArgumentException if an array is shorter than {@code count} samples need, or
   *     {@code count < 1}
   */
  float computeGradients(float[] inputs, float[] targets, int count);

  /**
   * Creates buffers for forward and backward passes over up to {@code capacity} samples at a
   * time. A pass is used by one thread at a time; the trainer gives each worker thread its own.
   */
  BatchPass newBatchPass(int capacity);

  /** A Keras-style table of the layers, their output shapes and parameter counts, with totals. */
  String summary();

  /**
   * The canonical description of the architecture (layer kinds, names, shapes, activations):
   * weight files carry its hash, and loading checks it.
   */
  String architecture();

  /** The seed the model was created with: it drew the initial weights and keys dropout masks. */
  long seed();

  /**
   * A drawing of the network as an SVG image, as Keras' {@code plot_model} gives: the layers as
   * boxes with their output shapes, arrows for the edges. The compiler draws it: the annotation
   * processor writes it beside the generated class, as the resource {@code CompiledX.svg} (and
   * {@code nnc --diagram} writes it beside the generated source, to be packaged with it), and
   * this method reads it from there.
   *
   * @throws IOException if the drawing is not on the class path beside the class (naming the
   *     resource)
   */
  default String diagram() throws IOException {
    String resource = getClass().getSimpleName() + ".svg";
    try (java.io.InputStream in = getClass().getResourceAsStream(resource)) {
      if (in == null) {
        throw new java.io.FileNotFoundException("resource "
            + getClass().getPackageName().replace('.', '/') + "/" + resource
            + " is not on the class path beside " + getClass().getName() + "; the annotation"
            + " processor writes it, nnc --diagram writes it beside the source: package it with"
            + " the class");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Writes every weight to {@code file} in the safetensors format, atomically: a crash leaves the
   * previous file intact. See {@link WeightFiles}.
   */
  default void save(Path file) throws IOException {
    WeightFiles.save(this, file);
  }

  /**
   * Replaces every weight with those of {@code file} (written by {@link #save}, by a checkpoint,
   * or by another tool with the same tensor names and shapes). Nothing changes if the file does
   * not fit.
   *
   * @throws IOException if the file cannot be read, is not a valid safetensors file, or holds
   *     another architecture (the message names the tensor and the sizes)
   */
  default void loadWeights(Path file) throws IOException {
    WeightFiles.load(this, file);
  }

  /**
   * The names of the classes the outputs stand for, in class-index order, as declared with
   * {@code @Network(classes = {...})} (or {@code classes = [...]} in {@code .nn}); empty if none
   * were. The generated class also has an enum of them and {@code predictClass}.
   */
  default List<String> classNames() {
    return List.of();
  }

  /**
   * The names of the outputs, in output order, as declared with {@code @Network(outputs =
   * {...})}; empty if none were.
   */
  default List<String> outputNames() {
    return List.of();
  }

  /**
   * The value of output {@code name} in {@code outputs}, a prediction of this model.
   *
   * @throws IllegalArgumentException if the model has no output of that name (the message lists
   *     those it has), or {@code outputs} is not one prediction
   */
  default float output(float[] outputs, String name) {
    if (outputs.length != outputSize()) {
      throw new IllegalArgumentException(outputs.length + " values are not one prediction of "
          + name() + ", which has " + outputSize() + " outputs");
    }
    int i = outputNames().indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(name() + " has no output '" + name + "'; "
          + (outputNames().isEmpty() ? "its outputs are not named (@Network(outputs = {...}))"
              : "its outputs are " + outputNames()));
    }
    return outputs[i];
  }

  /**
   * The class index that {@code size} outputs from {@code offset} predict: the largest output's
   * position, the first of equals (a softmax or any one-per-class layer), or for a single output
   * (a sigmoid) 1 if it is at least 0.5, else 0.
   */
  static int classIndex(float[] outputs, int offset, int size) {
    if (size == 1) {
      return outputs[offset] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (outputs[offset + i] > outputs[offset + best]) {
        best = i;
      }
    }
    return best;
  }
}
