package org.dendrite.runtime.kernel;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Chooses the kernels once per JVM. The Vector API kernels are loaded by name, and only when the
 * {@code jdk.incubator.vector} module is present in the boot layer, so that code compiled and run
 * without the incubator flag never touches them. Otherwise the scalar twin is used and one hint
 * naming the flag is printed to standard error.
 *
 * <p>The system property {@code dendrite.kernels} overrides the choice: {@code scalar} forces the
 * scalar kernels (silently), {@code vector} requires the vector ones (failing loudly if they cannot
 * load), {@code auto} (the default) decides as above.
 */
public final class KernelProvider {
  /** The system property that overrides the choice. */
  public static final String PROPERTY = "dendrite.kernels";

  /** The class name of the Vector API kernels, compiled with the incubator module. */
  static final String VECTOR_CLASS = "org.dendrite.runtime.kernel.vector.VectorKernels";

  /** The hint printed when the module is missing. */
  public static final String HINT =
      "Dendrite: the Vector API is not enabled, so the scalar kernels are used (several times"
          + " slower). Add --add-modules jdk.incubator.vector to the java command line to use"
          + " SIMD kernels.";

  static final Kernels INSTANCE = choose(System.getProperty(PROPERTY, "auto"), System.err);

  private KernelProvider() {}

  /** Whether the {@code jdk.incubator.vector} module is in this JVM's boot layer. */
  public static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * Loads the Vector API kernels.
   *
   * @throws UnsupportedOperationException if the module is absent or the kernels cannot run here
   *     (the message says why)
   */
  public static Kernels vector() {
    if (!vectorModulePresent()) {
      throw new UnsupportedOperationException(
          "the module jdk.incubator.vector is not in this JVM; add --add-modules"
              + " jdk.incubator.vector to the java command line");
    }
    try {
      return (Kernels) Class.forName(VECTOR_CLASS).getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new UnsupportedOperationException(
          "the Vector API kernels cannot run here: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new UnsupportedOperationException(
          "the Vector API kernels could not be loaded: " + e, e);
    }
  }

  static Kernels choose(String setting, PrintStream err) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "scalar":
        return new ScalarKernels();
      case "vector":
        return vector();
      case "auto":
        break;
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + "=" + setting + " is not one of auto, vector, scalar");
    }
    if (!vectorModulePresent()) {
      err.println(HINT);
      return new ScalarKernels();
    }
    try {
      return vector();
    } catch (UnsupportedOperationException e) {
      err.println("Dendrite: " + e.getMessage() + "; using the scalar kernels.");
      return new ScalarKernels();
    }
  }
}
