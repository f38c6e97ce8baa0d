package org.dendrite.samples;

import org.dendrite.runtime.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The textbook's first Fashion-MNIST network, 784-128-10, trained for five epochs and then
 * evaluated. The network is declared in {@code src/main/nn/fashion_small.nn}, which the build
 * compiles with the {@code .nn} Maven plugin.
 */
@Command(
    name = "fashion-small",
    mixinStandardHelpOptions = true,
    description = "Train the 784-128-10 MLP of fashion_small.nn on Fashion-MNIST (Adam) for five"
        + " epochs, evaluate it, and write the history and the confusion matrix as PNG.")
final class FashionSmallCommand extends FashionSample {
  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  Model newModel(long seed) {
    return new CompiledFashionSmall(seed);
  }
}
