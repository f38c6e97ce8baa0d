package org.dendrite.runtime.io;

import java.io.IOException;
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
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;

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

  private WeightFiles() {}

  /** Writes every weight of {@code model} to {@code file}, atomically. */
  public static void save(Model model, Path file) throws IOException {
    SafeTensors.write(file, tensors(model), metadata(model));
  }

  /**
   * Replaces the weights of {@code model} with those in {@code file}; on any error the model is
   * left untouched. A file without Dendrite's metadata (written by another tool) loads if every
   * tensor's name and shape fit; extra tensors (such as a checkpoint's optimizer state) are
   * ignored.
   *
   * @throws IOException if the file is unreadable or invalid, holds another architecture, or
   *     lacks a tensor or has one of another shape (the message names them)
   */
  public static void load(Model model, Path file) throws IOException {
    SafeTensors.Contents contents = SafeTensors.read(file);
    checkArchitecture(model, file, contents.metadata());
    List<String> problems = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    List<TensorView> views = views(model);
    for (TensorView v : views) {
      SafeTensors.Tensor t = contents.tensors().get(v.name());
      if (t == null) {
        problems.add("tensor '" + v.name() + "' " + Arrays.toString(v.shape()) + " is missing");
      } else if (!Arrays.equals(t.shape(), v.shape())) {
        problems.add("tensor '" + v.name() + "' has shape " + Arrays.toString(t.shape())
            + " in the file but " + Arrays.toString(v.shape()) + " in " + model.name());
      } else {
        values.add(t.data());
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(file + " does not fit " + model.name() + ": "
          + String.join("; ", problems));
    }
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

  static List<SafeTensors.Tensor> tensors(Model model) {
    List<SafeTensors.Tensor> out = new ArrayList<>();
    for (TensorView v : views(model)) {
      out.add(new SafeTensors.Tensor(v.name(), v.shape(), v.toArray()));
    }
    return out;
  }

  static Map<String, String> metadata(Model model) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "dendrite");
    m.put(MODEL, model.name());
    m.put(ARCHITECTURE, model.architecture());
    m.put(ARCHITECTURE_SHA256, hash(model.architecture()));
    return m;
  }

  static void checkArchitecture(Model model, Path file, Map<String, String> metadata)
      throws IOException {
    String theirs = metadata.get(ARCHITECTURE_SHA256);
    if (theirs == null || theirs.equals(hash(model.architecture()))) {
      return;
    }
    String described = metadata.getOrDefault(ARCHITECTURE, "");
    throw new IOException(file + " holds weights of another architecture: "
        + firstDifference(described, model.architecture(), model.name()));
  }

  /** The first line where two architecture descriptions differ, as a sentence. */
  static String firstDifference(String file, String model, String name) {
    String[] a = file.split("\n");
    String[] b = model.split("\n");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "(nothing)";
      String y = i < b.length ? b[i] : "(nothing)";
      if (!x.equals(y)) {
        return "the file has '" + x + "' where " + name + " has '" + y + "'";
      }
    }
    return "its architecture hash differs from " + name + "'s";
  }
}
