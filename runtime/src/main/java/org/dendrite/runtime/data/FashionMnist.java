package org.dendrite.runtime.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dendrite.runtime.io.FileErrors;

/**
 * Fashion-MNIST (Xiao et al., 2017): 60,000 training and 10,000 test grey-scale images of 28×28
 * pixels in ten classes. Pixels read as floats in [0, 1] (divided by 255), labels as class
 * indices; the pixels are kept as the bytes they are stored as (55 MB for the 70,000 images
 * instead of 219 MB as floats) and scaled as batches are read.
 *
 * <p>The four IDX files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, gzip-compressed or not) are
 * looked for in {@code $DENDRITE_DATA/fashion-mnist}, {@code $DENDRITE_DATA},
 * {@code ~/.dendrite/datasets/fashion-mnist} and {@code /usr/share/datasets/fashion-mnist} (where
 * Debian's {@code dataset-fashion-mnist} package puts them), in that order. Found nowhere, they
 * are downloaded into {@code ~/.dendrite/datasets/fashion-mnist} on first use, as Keras'
 * {@code fashion_mnist.load_data()} does: from Zalando's repository on GitHub, or else from
 * Zalando's S3 bucket, each file checked against its published size and SHA-256 before it is
 * moved into place.
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

  /**
   * Where the files are published, in the order tried: Zalando's repository (HTTPS), then the
   * bucket its README links (plain HTTP; the checksum makes up for it).
   */
  static final List<URI> MIRRORS = List.of(
      URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
      URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

  /**
   * The published .gz files' sizes and SHA-256, in the order of {@link #FILES}. The checksums are
   * Keras' (keras/src/datasets/fashion_mnist.py, which downloads the same files from its own
   * mirror); they agree with the MD5 sums in Zalando's README, and Debian's package holds the
   * same compressed data under another gzip header.
   */
  static final long[] SIZES = {26_421_880, 29_515, 4_422_102, 5_148};

  static final String[] SHA256 = {
    "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
  };

  /** How to get the files without a download, for messages. */
  private static final String MANUALLY = "Install it with `sudo apt-get install"
      + " dataset-fashion-mnist` (Debian, Ubuntu), or download the four files of"
      + " https://github.com/zalandoresearch/fashion-mnist (data/fashion) into"
      + " ~/.dendrite/datasets/fashion-mnist, or set DENDRITE_DATA to the directory holding them.";

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
   * Loads the dataset from the first place that has it, downloading it into {@link #cache()}
   * when no place has it (see the class comment).
   *
   * @throws IOException if the download fails (the message names the URLs, what went wrong and
   *     how to install the files by hand), or a file is corrupt or truncated (the message names
   *     the file)
   */
  public static FashionMnist load() throws IOException {
    List<Path> places = searchPath();
    Path found = firstHolding(places);
    if (found == null || found.equals(cache()) && !complete(found)) {
      found = download(cache(), MIRRORS, places, System.err,
          org.dendrite.runtime.io.Terminal.isInteractive());
    }
    return load(found);
  }

  /**
   * Loads the dataset from {@code directory}.
   *
   * @throws NoSuchFileException if a file is missing (the message names it)
   * @throws IOException if a file is corrupt or truncated (the message names it)
   */
  public static FashionMnist load(Path directory) throws IOException {
    if (Arrays.stream(FILES).noneMatch(f -> find(directory, f) != null)) {
      throw new NoSuchFileException(directory + ": no Fashion-MNIST files in it (" + FILES[0]
          + "[.gz] and the three others). " + MANUALLY);
    }
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
    places.add(cache());
    places.add(Path.of("/usr/share/datasets/fashion-mnist"));
    return places;
  }

  /** Where {@link #load()} downloads the files: {@code ~/.dendrite/datasets/fashion-mnist}. */
  public static Path cache() {
    return Path.of(System.getProperty("user.home"), ".dendrite", "datasets", "fashion-mnist");
  }

  /**
   * The first of {@code places} holding the training images.
   *
   * @throws NoSuchFileException if none does; the message lists the places and how to get them
   */
  public static Path locate(List<Path> places) throws NoSuchFileException {
    Path found = firstHolding(places);
    if (found == null) {
      throw new NoSuchFileException("Fashion-MNIST not found. " + lookedIn(places) + "\n"
          + MANUALLY);
    }
    return found;
  }

  private static String lookedIn(List<Path> places) {
    StringBuilder msg = new StringBuilder("Looked for ").append(FILES[0]).append("[.gz] in:");
    for (Path dir : places) {
      msg.append("\n  ").append(dir);
    }
    return msg.toString();
  }

  private static Path firstHolding(List<Path> places) {
    for (Path dir : places) {
      if (find(dir, FILES[0]) != null) {
        return dir;
      }
    }
    return null;
  }

  private static boolean complete(Path dir) {
    for (String name : FILES) {
      if (find(dir, name) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Downloads the files {@code dir} lacks from the first of {@code mirrors} that serves them
   * whole and with the published checksums; every file goes to a temporary file first, and all
   * are moved into place only once each is verified.
   *
   * @param places where the files were looked for, for the message if the download fails
   * @return {@code dir}
   * @throws IOException naming each URL tried and what went wrong, with how to install the files
   *     by hand; {@code dir} then holds no new file
   */
  static Path download(Path dir, List<URI> mirrors, List<Path> places, PrintStream progress,
      boolean interactive) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("Fashion-MNIST not found, and it cannot be downloaded into " + dir
          + ": " + FileErrors.reason(e) + "\n" + lookedIn(places) + "\n" + MANUALLY, e);
    }
    Download download = new Download(progress, interactive);
    Map<Path, Path> verified = new LinkedHashMap<>();
    try {
      for (int i = 0; i < FILES.length; i++) {
        String name = FILES[i] + ".gz";
        if (find(dir, FILES[i]) != null) {
          continue;
        }
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
          URI uri = mirror.resolve(name);
          try {
            verified.put(download.fetch(uri, dir, name, SIZES[i], SHA256[i]), dir.resolve(name));
            failures.clear();
            break;
          } catch (IOException e) {
            failures.add(uri + ": " + Download.reason(e));
          }
        }
        if (!failures.isEmpty()) {
          throw new IOException("Fashion-MNIST not found, and downloading it failed:\n  "
              + String.join("\n  ", failures) + "\n" + lookedIn(places) + "\n" + MANUALLY);
        }
      }
      for (Map.Entry<Path, Path> e : verified.entrySet()) {
        Files.move(e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      verified.clear();
    } finally {
      for (Path temp : verified.keySet()) {
        Download.deleteQuietly(temp);
      }
    }
    return dir;
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
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int label = labels.get(i);
      if (label >= CLASS_NAMES.size()) {
        throw new IOException(labelsFile + ": label " + label + " of sample " + i
            + " is not a class index in [0, 10)");
      }
      y[i] = label;
    }
    // The pixels stay bytes (a quarter of their size as floats), divided by 255 as batches are
    // gathered.
    return Dataset.ofUnsignedBytes(images.bytes(), SIDE * SIDE, 255f, y, 1);
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
