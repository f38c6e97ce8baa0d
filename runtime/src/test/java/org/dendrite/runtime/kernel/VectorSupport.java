package org.dendrite.runtime.kernel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test helper: access to the Vector API kernels. Where the module is missing, the calling test is
 * skipped only if the build did not ask for it (the {@code no-vector} profile clears the system
 * property {@code dendrite.vector.expected}); if the property is set, a missing module fails.
 */
public final class VectorSupport {
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

  /** The Vector API kernels, or skips / fails the calling test as {@link #requireVector} does. */
  public static Kernels vectorKernels() {
    requireVector(KernelProvider.vectorModulePresent(), "comparing the Vector API kernels");
    return KernelProvider.vector();
  }
}
