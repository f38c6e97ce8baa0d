package org.dendrite.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTest {
  @Test
  void namesTheFirstProcessorWithFamilyAndModel(@TempDir Path dir) throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n"
        + "model\t\t: 2\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\ncpu family\t: 25\n"
        + "model\t\t: 17\nmodel name\t: Other\n");
    assertEquals("AMD EPYC (family 26, model 2)", Cpu.describe(cpuinfo));
  }

  @Test
  void fallsBackToTheArchitecture(@TempDir Path dir) throws IOException {
    assertEquals(System.getProperty("os.arch"), Cpu.describe(dir.resolve("absent")));
    Path odd = dir.resolve("odd");
    Files.writeString(odd, "flags: fpu\n");
    assertEquals(System.getProperty("os.arch"), Cpu.describe(odd));
  }
}
