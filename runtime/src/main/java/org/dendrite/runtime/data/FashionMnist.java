package org.dendrite.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al., 2017): 60,000 training and 10,000 test grey-scale images of 28×28
 * pixels in ten classes. Pixels load as floats in [0, 1] (divided by 255), labels as class
 * indices.
 *
 * <p>The four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, gzip-compressed or not) are
 * looked for in {@code $DENDRITE_DATA/fashion-mnist}, {@code $DENDRITE_DATA},
 * {@code ~/.dendrite/datasets/fashion-mnist} and {@code /usr/share/datasets/fashion-mnist} (where
 * Debian's {@code dataset-fashion-mnist} package puts them), in that order.
 */
public final class FashionMnist {
  /** The class names, by index. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot");

  /** Image side in pixels. */
  public static final int SIDE = 28;

  private static final String[] FILES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  private final Dataset train;
  private final Dataset test;

  private FashionMnist(Dataset train, Dataset test) {
    this.train = train;
    this.test = test;
  }

  /** The 60,000 training samples: 784 features, one class-index target. */
  public Dataset train() {
    return train;
  }

  /** The 10,000 test samples. */
  public Dataset test() {
    return test;
  }

  /**
   * Loads the dataset from the first place that has it.
   *
   * @throws IOException if no place has it (the message lists the places and how to get it), or a
   *     file is corrupt or truncated (the message names the file)
   */
  public static FashionMnist load() throws IOException {
    return load(locate(searchPath()));
  }

  /** Loads the dataset from {@code directory}. */
  public static FashionMnist load(Path directory) throws IOException {
    Dataset train = read(directory, "train");
    Dataset test = read(directory, "t10k");
    return new FashionMnist(train, test);
  }

  /** The directories searched, in order. */
  public static List<Path> searchPath() {
    List<Path> places = new ArrayList<>();
    String env = System.getenv("DENDRITE_DATA");
    if (env != null && !env.isBlank()) {
      places.add(Path.of(env, "fashion-mnist"));
      places.add(Path.of(env));
    }
    places.add(Path.of(System.getProperty("user.home"), ".dendrite", "datasets", "fashion-mnist"));
    places.add(Path.of("/usr/share/datasets/fashion-mnist"));
    return places;
  }

  /**
   * The first of {@code places} holding all four files.
   *
   * @throws NoSuchFileException if none does; the message lists the places and how to get them
   */
  public static Path locate(List<Path> places) throws NoSuchFileException {
    for (Path dir : places) {
      if (find(dir, FILES[0]) != null) {
        return dir;
      }
    }
    StringBuilder msg = new StringBuilder("Fashion-MNIST not found. Looked for ")
        .append(FILES[0]).append("[.gz] in:");
    for (Path dir : places) {
      msg.append("\n  ").append(dir);
    }
    msg.append("\nInstall it with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu),")
        .append(" or download the four files of https://github.com/zalandoresearch/fashion-mnist")
        .append(" (data/fashion) into ~/.dendrite/datasets/fashion-mnist, or set DENDRITE_DATA")
        .append(" to the directory holding them.");
    throw new NoSuchFileException(msg.toString());
  }

  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static Dataset read(Path dir, String prefix) throws IOException {
    Path imagesFile = require(dir, prefix + "-images-idx3-ubyte");
    Path labelsFile = require(dir, prefix + "-labels-idx1-ubyte");
    IdxReader.IdxArray images = IdxReader.read(imagesFile, 3);
    IdxReader.IdxArray labels = IdxReader.read(labelsFile, 1);
    int[] dims = images.dimensions();
    if (dims[1] != SIDE || dims[2] != SIDE) {
      throw new IOException(
          imagesFile + ": images are " + dims[1] + "×" + dims[2] + ", expected 28×28");
    }
    int n = dims[0];
    if (labels.dimensions()[0] != n) {
      throw new IOException(
          labelsFile + " holds " + labels.dimensions()[0] + " labels but " + imagesFile
              + " holds " + n + " images");
    }
    float[] x = new float[images.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = images.get(i) / 255f;
    }
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = labels.get(i);
      if (label >= CLASS_NAMES.size()) {
        throw new IOException(labelsFile + ": label " + label + " of sample " + i
            + " is not a class index in [0, 10)");
      }
      y[i] = label;
    }
    return Dataset.of(x, SIDE * SIDE, y, 1);
  }

  private static Path require(Path dir, String name) throws NoSuchFileException {
    Path p = find(dir, name);
    if (p == null) {
      throw new NoSuchFileException(
          dir.resolve(name) + "[.gz]: missing; " + dir + " holds only part of Fashion-MNIST");
    }
    return p;
  }
}
