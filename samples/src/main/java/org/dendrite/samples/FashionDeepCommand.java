package org.dendrite.samples;

import org.dendrite.runtime.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The textbook's deeper Fashion-MNIST network, 784-512-128-32-10, trained for ten epochs. */
@Command(
    name = "fashion-deep",
    mixinStandardHelpOptions = true,
    description = "Train the 784-512-128-32-10 MLP on Fashion-MNIST (Adam) for ten epochs,"
        + " evaluate it, and write the history and the confusion matrix as PNG.")
final class FashionDeepCommand extends FashionSample {
  @Option(names = "--epochs", defaultValue = "10",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  Model newModel(long seed) {
    return new CompiledFashionDeep(seed);
  }
}
