package org.dendrite.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels are chosen by the presence of the Vector API module, with a single hint on standard
 * error when it is missing, and both choices compute the same bits.
 */
class KernelProviderTest {
  /** What {@link KernelProbe} printed in a child JVM. */
  record Child(String description, String checksum, String stderr) {}

  static Child runProbe(Path dir, boolean vectorFlag) throws IOException, InterruptedException {
    String tag = vectorFlag ? "with-flag" : "without-flag";
    Path out = dir.resolve(tag + ".out");
    Path err = dir.resolve(tag + ".err");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (vectorFlag) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    // Options from the environment could add the module behind the test's back.
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM (" + tag + ") did not finish within 2 minutes: "
          + cmd);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(),
        () -> "exit status of the child JVM (" + tag + "); stdout:\n" + stdout + "\nstderr:\n"
            + stderr);
    String[] lines = stdout.strip().split("\\R");
    assertEquals(2, lines.length, () -> "two lines expected from the child (" + tag + "):\n"
        + stdout);
    return new Child(lines[0], lines[1], stderr);
  }

  static int occurrences(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void getIsTheVectorImplementationExactlyWhenTheModuleIsPresent() {
    Kernels kernels = Kernels.get();
    if (KernelProvider.vectorModulePresent()) {
      assertEquals(KernelProvider.VECTOR_CLASS, kernels.getClass().getName(),
          "module present, got " + kernels.description());
      assertTrue(kernels.description().startsWith("vector (FloatVector, "),
          kernels.description());
    } else {
      assertInstanceOf(ScalarKernels.class, kernels, "module absent, got " + kernels);
      assertEquals("scalar", kernels.description());
    }
    assertTrue(KernelProvider.vectorModulePresent()
            || System.getProperty(VectorSupport.EXPECTED, "").isBlank(),
        "the build expects the vector module (" + VectorSupport.EXPECTED + "='"
            + System.getProperty(VectorSupport.EXPECTED) + "') but it is missing");
  }

  @Test
  void scalarSettingReturnsScalarKernelsSilently() {
    for (String setting : new String[] {"scalar", " SCALAR ", "Scalar"}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Kernels k = KernelProvider.choose(setting, new PrintStream(err, true, StandardCharsets.UTF_8));
      assertInstanceOf(ScalarKernels.class, k, "setting '" + setting + "'");
      assertEquals("", err.toString(StandardCharsets.UTF_8), "stderr for setting '" + setting
          + "'");
    }
  }

  @Test
  void unknownSettingThrowsNamingTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelProvider.choose("simd", new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("-D" + KernelProvider.PROPERTY + "=simd"), e.getMessage());
    assertTrue(e.getMessage().contains("auto, vector, scalar"), e.getMessage());
  }

  @Test
  void autoAndVectorSettingsFollowTheModule() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
    Kernels auto = KernelProvider.choose("auto", ps);
    String printed = err.toString(StandardCharsets.UTF_8);
    if (KernelProvider.vectorModulePresent()) {
      assertEquals(KernelProvider.VECTOR_CLASS, auto.getClass().getName());
      assertEquals("", printed, "auto with the module present prints nothing");
      assertEquals(KernelProvider.VECTOR_CLASS,
          KernelProvider.choose("vector", ps).getClass().getName());
    } else {
      assertInstanceOf(ScalarKernels.class, auto);
      assertEquals(KernelProvider.HINT + System.lineSeparator(), printed,
          "auto without the module prints the hint once");
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> KernelProvider.choose("vector", ps));
      assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }
  }

  @Test
  void childJvmWithoutTheFlagUsesScalarKernelsAndPrintsOneHint(@TempDir Path dir)
      throws IOException, InterruptedException {
    Child child = runProbe(dir, false);
    assertEquals("scalar", child.description(), "stderr:\n" + child.stderr());
    assertEquals(1, occurrences(child.stderr(), KernelProvider.HINT),
        "hints on the child's stderr:\n" + child.stderr());
    assertEquals(KernelProbe.checksum(new ScalarKernels()), child.checksum(),
        "the child's scalar matmul against this JVM's");
  }

  @Test
  void childJvmWithTheFlagUsesVectorKernelsWithTheSameBits(@TempDir Path dir)
      throws IOException, InterruptedException {
    // The child gets the module from this JVM's runtime image, with or without it in this JVM.
    VectorSupport.requireVector(ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent(),
        "a child JVM with --add-modules jdk.incubator.vector");
    Child vector = runProbe(dir, true);
    Child scalar = runProbe(dir, false);
    assertTrue(vector.description().startsWith("vector (FloatVector, "),
        vector.description() + "\nstderr:\n" + vector.stderr());
    assertFalse(vector.stderr().contains(KernelProvider.HINT), vector.stderr());
    assertEquals("scalar", scalar.description());
    assertEquals(scalar.checksum(), vector.checksum(),
        "matmul checksums of " + vector.description() + " and scalar");
  }
}
