package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code xor} sample: leaky ReLU rescues the seeds on which ReLU units die. */
class XorTest {
  @Test
  void leakyReluConvergesForMostSeedsAndAtLeastAsOftenAsRelu(@TempDir Path dir)
      throws IOException {
    XorCommand sample = new XorCommand();
    String out = MainTest.captureOut(() ->
        assertEquals(0, new CommandLine(sample).execute("--out", dir.toString())));
    assertTrue(sample.leakyConverged > 10, "leaky ReLU converged on " + sample.leakyConverged
        + " of 20 seeds:\n" + out);
    assertTrue(sample.leakyConverged >= sample.reluConverged, out);
    assertTrue(out.contains("Converged: ReLU " + sample.reluConverged + " of 20 seeds, leaky ReLU "
        + sample.leakyConverged + " of 20"), out);

    assertEquals(dir.resolve("xor.png"), sample.plot);
    BufferedImage png = ImageIO.read(sample.plot.toFile());
    assertTrue(png.getWidth() > 2 * png.getHeight() - 200 && png.getHeight() >= 400,
        png.getWidth() + " x " + png.getHeight());
  }
}
