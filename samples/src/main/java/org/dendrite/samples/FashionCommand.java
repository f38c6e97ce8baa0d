package org.dendrite.samples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.samples.plot.Canvas;
import org.dendrite.samples.plot.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the Keras book's 784-300-100-10 classifier on Fashion-MNIST with Adam and reports the
 * test accuracy; besides the history and the confusion matrix it draws the first 40 training
 * images with their class names ({@code fashion-images.png}), as the book does first.
 */
@Command(
    name = "fashion",
    mixinStandardHelpOptions = true,
    description = "Train the 784-300-100-10 MLP on Fashion-MNIST (Adam) and evaluate it on the"
        + " 10,000 test images; write the history, the confusion matrix and 40 sample images as"
        + " PNG.")
final class FashionCommand extends FashionSample {
  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  Model newModel(long seed) {
    return new CompiledFashionMlp(seed);
  }

  @Override
  void writeExtras(FashionMnist data) throws IOException {
    Dataset train = data.train();
    int count = 40;
    List<String> captions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      captions.add(FashionMnist.CLASS_NAMES.get((int) train.target(i)[0]));
    }
    write("fashion-images.png", file -> Canvas.writePng(ImageGrid.render(
        "Fashion-MNIST: the first 40 training images", train.features(0, count), FashionMnist.SIDE,
        captions, 10), file));
  }
}
