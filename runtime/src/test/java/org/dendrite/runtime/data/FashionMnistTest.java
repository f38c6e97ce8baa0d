package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST is found, loaded with pixels scaled to [0, 1] and class-index labels, and broken
 * or missing files are reported by name.
 */
class FashionMnistTest {
  static final int PIXELS = 28 * 28;

  /** Where Debian's dataset-fashion-mnist package installs the files. */
  static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  static int pixel(int sample, int i) {
    return (sample * 37 + i * 11) % 256;
  }

  /** Writes {@code prefix}-images (n 28×28 images) and -labels files, gzip or raw. */
  static void writeSplit(Path dir, String prefix, int images, byte[] labels, boolean gzip)
      throws IOException {
    String suffix = gzip ? ".gz" : "";
    byte[] pixels = new byte[images * PIXELS];
    for (int s = 0; s < images; s++) {
      for (int i = 0; i < PIXELS; i++) {
        pixels[s * PIXELS + i] = (byte) pixel(s, i);
      }
    }
    IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix),
        IdxFiles.idx(new int[] {images, 28, 28}, pixels), gzip);
    IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix),
        IdxFiles.idx(new int[] {labels.length}, labels), gzip);
  }

  static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void locateWithoutDataListsEveryPlaceAndTheDebianPackage() throws IOException {
    Path a = Files.createDirectory(dir.resolve("first"));
    Path b = dir.resolve("second-missing");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> FashionMnist.locate(List.of(a, b)));
    assertMessage(e, a.toString(), b.toString(), "apt-get install dataset-fashion-mnist");
  }

  @Test
  void locateReturnsTheFirstPlaceHoldingTheData() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path full = Files.createDirectory(dir.resolve("full"));
    writeSplit(full, "train", 1, new byte[] {0}, true);
    assertEquals(full, FashionMnist.locate(List.of(empty, full)));
  }

  @Test
  void syntheticFilesLoadWithScaledPixelsAndLabels() throws IOException {
    writeSplit(dir, "train", 3, new byte[] {9, 0, 4}, true);
    writeSplit(dir, "t10k", 2, new byte[] {7, 2}, false);
    FashionMnist data = FashionMnist.load(dir);
    Dataset train = data.train();
    Dataset test = data.test();
    assertEquals(3, train.size(), "training samples");
    assertEquals(2, test.size(), "test samples");
    assertEquals(PIXELS, train.featureSize());
    assertEquals(1, train.targetSize());
    assertArrayEquals(new float[] {9, 0, 4}, train.targets(0, 3), "training labels");
    assertArrayEquals(new float[] {7, 2}, test.targets(0, 2), "test labels");
    for (Dataset d : List.of(train, test)) {
      float[] x = d.features(0, d.size());
      for (int s = 0; s < d.size(); s++) {
        for (int i = 0; i < PIXELS; i++) {
          assertEquals(pixel(s, i) / 255f, x[s * PIXELS + i],
              "sample " + s + " pixel " + i + " = " + pixel(s, i) + "/255");
        }
      }
    }
  }

  @Test
  void labelCountDifferentFromImageCountNamesBothFiles() throws IOException {
    writeSplit(dir, "train", 3, new byte[] {1, 2}, false);
    writeSplit(dir, "t10k", 2, new byte[] {7, 2}, false);
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
    assertMessage(e, dir.resolve("train-labels-idx1-ubyte").toString(),
        dir.resolve("train-images-idx3-ubyte").toString(), "2 labels", "3 images");
  }

  @Test
  void labelOutsideTheTenClassesIsAnError() throws IOException {
    writeSplit(dir, "train", 2, new byte[] {3, 3}, false);
    writeSplit(dir, "t10k", 2, new byte[] {1, 10}, true);
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
    assertMessage(e, dir.resolve("t10k-labels-idx1-ubyte.gz").toString(), "label 10",
        "sample 1");
  }

  @Test
  void missingFileIsNamed() throws IOException {
    writeSplit(dir, "train", 2, new byte[] {3, 3}, false);
    Files.delete(dir.resolve("train-labels-idx1-ubyte"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> FashionMnist.load(dir));
    assertMessage(e, "train-labels-idx1-ubyte", "missing");
  }

  @Test
  void installedDatasetHasSixtyThousandAndTenThousandSamplesOfTenClasses() throws IOException {
    assertTrue(Files.isDirectory(INSTALLED),
        INSTALLED + " is missing: install the dataset-fashion-mnist package");
    FashionMnist data = FashionMnist.load(INSTALLED);
    assertEquals(60_000, data.train().size(), "training samples");
    assertEquals(10_000, data.test().size(), "test samples");
    for (Dataset d : List.of(data.train(), data.test())) {
      assertEquals(PIXELS, d.featureSize());
      assertEquals(d.size() * (PIXELS + 4L), d.storedBytes(), "a byte a pixel, a float a label");
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < d.size(); i++) {
        for (float x : d.feature(i)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
      assertEquals(0f, min, "smallest pixel of " + d);
      assertEquals(1f, max, "largest pixel of " + d);
      int[] counts = new int[10];
      for (float y : d.targets(0, d.size())) {
        counts[(int) y]++;
      }
      for (int c = 0; c < 10; c++) {
        // Fashion-MNIST is balanced: 6,000 and 1,000 of each class.
        assertEquals(d.size() / 10, counts[c], "samples of class " + c + " ("
            + FashionMnist.CLASS_NAMES.get(c) + ") in " + d);
      }
    }
  }
}
