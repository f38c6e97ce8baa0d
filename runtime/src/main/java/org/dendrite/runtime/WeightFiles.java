package org.dendrite.runtime;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.data.Scaler;
import org.dendrite.runtime.io.SafeTensors;

/**
 * A model's weights as a safetensors file: one tensor per weight, named {@code <layer>.kernel},
 * {@code <layer>.bias}, … with the layer's shapes (kernels as Keras lays them out:
 * {@code [inputs, units]}), and metadata holding the model's name and architecture with its
 * SHA-256. Writes are atomic; a load validates everything before it changes anything.
 */
public final class WeightFiles {
  /** Metadata: the architecture description ({@link Model#architecture()}). */
  public static final String ARCHITECTURE = "dendrite.architecture";
  /** Metadata: the SHA-256 of the architecture description, hexadecimal. */
  public static final String ARCHITECTURE_SHA256 = "dendrite.architecture.sha256";
  /** Metadata: the model's name. */
  public static final String MODEL = "dendrite.model";

  /** Most differing tensors a message lists. */
  private static final int LISTED = 6;

  private WeightFiles() {}

  /** Writes every weight of {@code model} to {@code file}, atomically. */
  public static void save(Model model, Path file) throws IOException {
    SafeTensors.write(file, tensors(model), metadata(model));
  }

  /**
   * Writes every weight of {@code model} and {@code scaler}, the scaling its inputs were trained
   * with, to {@code file}, atomically: a deployed model then scales its inputs as in training.
   * {@link #load} reads the weights, {@link Scaler#load} the scaler.
   *
   * @throws IllegalArgumentException if the scaler's feature count is not the model's input size
   */
  public static void save(Model model, Scaler scaler, Path file) throws IOException {
    if (scaler.size() != model.inputSize()) {
      throw new IllegalArgumentException("the scaler scales " + scaler.size() + " features but "
          + model.name() + " takes " + model.inputSize() + " inputs");
    }
    List<SafeTensors.Tensor> tensors = tensors(model);
    tensors.addAll(scaler.tensors());
    Map<String, String> metadata = metadata(model);
    metadata.putAll(scaler.metadata());
    SafeTensors.write(file, tensors, metadata);
  }

  /**
   * Replaces the weights of {@code model} with those in {@code file}; on any error the model is
   * left untouched. The file fits if it has every tensor of the model with the model's shape and,
   * when it was written by Dendrite, the same layers (kinds, names, sizes, activations): the
   * network's class name does not matter, so weights move between two classes that declare the
   * same layers. A file without Dendrite's metadata (written by another tool) loads if every
   * tensor's name and shape fit; extra tensors (such as a checkpoint's optimizer state) are
   * ignored.
   *
   * @throws IOException if the file is unreadable or invalid, or holds another architecture: the
   *     message names the tensors that are missing or differ with both shapes, or else the first
   *     layer that differs
   */
  public static void load(Model model, Path file) throws IOException {
    copy(model, fit(model, file, SafeTensors.read(file)));
  }

  /**
   * Replaces every weight of {@code model} with those of the safetensors resource
   * {@code resource} of {@code owner} (a name relative to its package, as
   * {@link Class#getResourceAsStream} takes it); on any error the model is left untouched. The
   * generated classes of imported models load their weights this way ({@code pretrained()}).
   *
   * @throws IOException if the resource is missing, unreadable or invalid, or holds another
   *     architecture (the message names the resource)
   */
  public static void loadResource(Model model, Class<?> owner, String resource)
      throws IOException {
    String name = owner.getPackageName().replace('.', '/') + "/" + resource;
    byte[] bytes;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new FileNotFoundException("resource " + name + " is not on the class path"
            + " beside " + owner.getName() + "; package it with the class");
      }
      bytes = in.readAllBytes();
    }
    copy(model, fit(model, Path.of(name), SafeTensors.read(name, bytes)));
  }

  /**
   * Checks that {@code contents}, read from {@code file}, fit {@code model}, and returns their
   * values in the order of {@link #views}.
   *
   * @throws IOException naming the tensors that are missing or of another shape, or else the
   *     first layer of the file's architecture that differs from the model's
   */
  public static List<float[]> fit(Model model, Path file, SafeTensors.Contents contents)
      throws IOException {
    List<String> problems = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    for (TensorView v : views(model)) {
      SafeTensors.Tensor t = contents.tensors().get(v.name());
      if (t == null) {
        problems.add("tensor '" + v.name() + "' " + Arrays.toString(v.shape())
            + " is missing from the file");
      } else if (!Arrays.equals(t.shape(), v.shape())) {
        problems.add("tensor '" + v.name() + "' is " + Arrays.toString(t.shape())
            + " in the file but " + Arrays.toString(v.shape()) + " in " + model.name());
      } else {
        values.add(t.data());
      }
    }
    String described = contents.metadata().get(ARCHITECTURE);
    String what = described == null ? " does not fit " + model.name() + ": "
        : " holds weights of another architecture than " + model.name() + ": ";
    if (!problems.isEmpty()) {
      int more = problems.size() - LISTED;
      String listed = String.join("; ", problems.subList(0, Math.min(LISTED, problems.size())));
      throw new IOException(file + what + listed + (more > 0 ? "; and " + more + " more" : ""));
    }
    if (described != null) {
      String difference = layerDifference(described, model.architecture(), model.name());
      if (difference != null) {
        throw new IOException(file + what + difference);
      }
    }
    return values;
  }

  /** Writes values returned by {@link #fit} into the model. */
  public static void copy(Model model, List<float[]> values) {
    List<TensorView> views = views(model);
    for (int i = 0; i < views.size(); i++) {
      views.get(i).copyFrom(values.get(i));
    }
  }

  /** The SHA-256 of an architecture description, in hexadecimal. */
  public static String hash(String architecture) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(architecture.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Every weight tensor of the model, trainable and not, in layer order. */
  static List<TensorView> views(Model model) {
    List<TensorView> out = new ArrayList<>();
    for (Layer layer : model.layers()) {
      out.addAll(layer.weights());
      out.addAll(layer.state());
    }
    return out;
  }

  public static List<SafeTensors.Tensor> tensors(Model model) {
    List<SafeTensors.Tensor> out = new ArrayList<>();
    for (TensorView v : views(model)) {
      out.add(new SafeTensors.Tensor(v.name(), v.shape(), v.toArray()));
    }
    return out;
  }

  public static Map<String, String> metadata(Model model) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "dendrite");
    m.put(MODEL, model.name());
    m.put(ARCHITECTURE, model.architecture());
    m.put(ARCHITECTURE_SHA256, hash(model.architecture()));
    return m;
  }

  /**
   * The first layer where two architecture descriptions differ, as a sentence, or null if their
   * layers are the same. The first line, {@code network <Name>}, is left out: a class name says
   * nothing about whether weights fit.
   */
  static String layerDifference(String file, String model, String name) {
    List<String> a = layers(file);
    List<String> b = layers(model);
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? "'" + a.get(i) + "'" : "nothing";
      String y = i < b.size() ? "'" + b.get(i) + "'" : "nothing";
      if (!x.equals(y)) {
        return "layer " + (i + 1) + " is " + x + " in the file but " + y + " in " + name;
      }
    }
    return null;
  }

  private static List<String> layers(String architecture) {
    List<String> lines = new ArrayList<>(List.of(architecture.split("\n")));
    if (!lines.isEmpty() && lines.get(0).startsWith("network ")) {
      lines.remove(0);
    }
    return lines;
  }
}
