package org.dendrite.runtime.kernel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test helper: access to the Vector API kernels. Tests that compare them with the scalar kernels
 * carry {@link #TAG}, which the {@code no-vector} profile excludes by name, so that a run without
 * the module lists what it leaves out in the build instead of skipping tests one by one; where such
 * a test runs without the module anyway, it fails.
 */
public final class VectorSupport {
  /** The JUnit tag of tests that need the Vector API module; {@code -Pno-vector} excludes it. */
  public static final String TAG = "vector-module";

  /** The system property the surefire configuration sets to the vector flag, or empty. */
  public static final String EXPECTED = "dendrite.vector.expected";

  private VectorSupport() {}

  /** Skips (property empty) or fails (property set) the calling test unless {@code available}. */
  public static void requireVector(boolean available, String what) {
    String expected = System.getProperty(EXPECTED, "");
    if (expected.isBlank()) {
      assumeTrue(available, what + " needs jdk.incubator.vector, which this JVM lacks"
          + " (no-vector run: " + EXPECTED + " is empty)");
    } else if (!available) {
      fail(what + " needs jdk.incubator.vector, but it is missing although " + EXPECTED + "='"
          + expected + "'");
    }
  }

  /**
   * The Vector API kernels; fails the calling test (which carries {@link #TAG}) if this JVM runs
   * without the module.
   */
  public static Kernels vectorKernels() {
    if (!KernelProvider.vectorModulePresent()) {
      fail("comparing the Vector API kernels needs jdk.incubator.vector, which this JVM lacks: run"
          + " with --add-modules jdk.incubator.vector, or exclude the tag '" + TAG + "'");
    }
    return KernelProvider.vector();
  }
}
