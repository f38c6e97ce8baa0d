package org.dendrite.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.FashionMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the small residual network {@link FashionResnet} on Fashion-MNIST with Adam, or with
 * {@code --plain} the same network without its skip connections ({@link FashionPlain}); besides
 * the history and the confusion matrix it writes the network's diagram, which the compiler drew
 * ({@code fashion-resnet.svg}).
 */
@Command(
    name = "fashion-resnet",
    mixinStandardHelpOptions = true,
    description = "Train a small residual network (a 3x3 stem, two residual blocks of two 3x3"
        + " convolutions with batch normalisation) on Fashion-MNIST (Adam) and evaluate it on"
        + " the 10,000 test images; write the history, the confusion matrix and the network's"
        + " diagram (SVG).")
final class FashionResnetCommand extends FashionSample {
  @Option(names = "--epochs", defaultValue = "10",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--plain",
      description = "Train the same network without its skip connections, for comparison.")
  boolean plain;

  @Option(names = "--deep",
      description = "Train the deeper network (eight residual blocks, seventeen convolutions).")
  boolean deep;

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  Model newModel(long seed) {
    if (deep) {
      return plain ? new CompiledFashionPlainDeep(seed) : new CompiledFashionResnetDeep(seed);
    }
    return plain ? new CompiledFashionPlain(seed) : new CompiledFashionResnet(seed);
  }

  @Override
  String outputName() {
    return spec.name() + (deep ? "-deep" : "") + (plain ? "-plain" : "");
  }

  @Override
  void writeExtras(FashionMnist data) throws IOException {
    String diagram = model.diagram();
    write(outputName() + ".svg", file -> Files.writeString(file, diagram, StandardCharsets.UTF_8));
  }
}
