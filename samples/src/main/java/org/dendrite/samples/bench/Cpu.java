package org.dendrite.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The processor a benchmark ran on, as {@code /proc/cpuinfo} names it: figures from different
 * machine kinds (Zen 1, Zen 4, Zen 5 have all been seen here) must never be compared, so every
 * line carries it.
 */
final class Cpu {
  private Cpu() {}

  /** E.g. {@code AMD EPYC (family 26, model 2)}; {@code os.arch} where there is no cpuinfo. */
  static final String DESCRIPTION = describe(Path.of("/proc/cpuinfo"));

  static String describe(Path cpuinfo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
    String name = field(lines, "model name");
    String family = field(lines, "cpu family");
    String model = field(lines, "model");
    if (name == null) {
      return System.getProperty("os.arch");
    }
    return family == null ? name : name + " (family " + family + ", model " + model + ")";
  }

  /** The first processor's value of {@code key}, or null. */
  private static String field(List<String> lines, String key) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }
}
