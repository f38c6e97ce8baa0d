package org.dendrite.samples;

import java.util.Locale;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.callback.ThresholdStopping;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The textbook's custom callback: train 784-512-10 and cancel training as soon as an epoch ends
 * with a training loss under 0.4, instead of running every epoch asked for.
 */
@Command(
    name = "fashion-early-stop",
    mixinStandardHelpOptions = true,
    description = "Train the 784-512-10 MLP on Fashion-MNIST (Adam) until the training loss falls"
        + " under 0.4, evaluate it, and write the history and the confusion matrix as PNG.")
final class FashionEarlyStopCommand extends FashionSample {
  @Option(names = "--epochs", defaultValue = "10",
      description = "Epochs at most (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--loss-below", defaultValue = "0.4",
      description = "Stop after the first epoch whose training loss is under this"
          + " (default: ${DEFAULT-VALUE}).")
  double lossBelow;

  /** The callback, for tests: it knows the epoch it stopped after. */
  ThresholdStopping stopping;

  @Override
  int epochs() {
    return epochs;
  }

  @Override
  Model newModel(long seed) {
    return new CompiledFashionWide(seed);
  }

  @Override
  void configure(Trainer.Builder builder) {
    stopping = ThresholdStopping.below("loss", lossBelow);
    builder.callback(stopping).callback(new Callback() {
      @Override
      public void onTrainEnd(TrainingContext context, History history) {
        if (stopping.stoppedEpoch() >= 0) {
          System.out.printf(Locale.ROOT, "Loss is under %s after epoch %d, so training"
              + " stops.%n", lossBelow, stopping.stoppedEpoch() + 1);
        } else {
          System.out.printf(Locale.ROOT, "Loss never fell under %s in %d epochs.%n", lossBelow,
              history.epochs().size());
        }
      }
    });
  }
}
