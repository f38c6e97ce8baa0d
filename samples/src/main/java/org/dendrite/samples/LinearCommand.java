package org.dendrite.samples;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.Callback;
import org.dendrite.runtime.train.EpochResult;
import org.dendrite.runtime.train.Trainer;
import org.dendrite.runtime.train.TrainingContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The textbook's "hello world" of machine learning: one {@code Dense(1)} neuron learns
 * {@code y = 2x − 1} from six points with SGD and the mean squared error, then predicts
 * {@code x = 10} (the answer is close to 19, not 19: the network learned from six points).
 */
@Command(
    name = "linear",
    mixinStandardHelpOptions = true,
    description = "Fit one neuron to y = 2x - 1 from six points (SGD, MSE) and predict x = 10.")
final class LinearCommand implements Callable<Integer> {
  /** The six training points of the textbook: x = −1 … 4 and y = 2x − 1. */
  static final float[] XS = {-1, 0, 1, 2, 3, 4};
  static final float[] YS = {-3, -1, 1, 3, 5, 7};

  @Option(names = "--epochs", defaultValue = "500",
      description = "Epochs, each one step over all six points (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--learning-rate", defaultValue = "0.01",
      description = "SGD's learning rate (default: ${DEFAULT-VALUE}, Keras' default).")
  float learningRate;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the initial weight (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--x", defaultValue = "10",
      description = "The input to predict after training (default: ${DEFAULT-VALUE}).")
  float x;

  /** What the run learned, for tests: the weight, the bias and the prediction at {@link #x}. */
  float weight;
  float bias;
  float prediction;

  @Override
  public Integer call() {
    CompiledLinearNeuron model = new CompiledLinearNeuron(seed);
    System.out.print(model.summary());
    // Keras' default batch of 32 holds all six points: every epoch is one full-batch step.
    Trainer trainer = Trainer.builder(model).optimizer(new Sgd(learningRate)).epochs(epochs)
        .batchSize(XS.length).seed(seed).threads(1).callback(new Callback() {
          @Override
          public void onEpochEnd(TrainingContext context, EpochResult result) {
            int epoch = result.epoch() + 1;
            if (epoch == 1 || epoch % 100 == 0 || epoch == context.epochs()) {
              System.out.printf(Locale.ROOT, "Epoch %d/%d: loss %.6f%n", epoch, context.epochs(),
                  result.loss());
            }
          }
        }).build();
    trainer.fit(Dataset.of(XS.clone(), 1, YS.clone(), 1));
    weight = model.y.kernel().get(0, 0);
    bias = model.y.bias().get(0);
    prediction = model.predict(new float[] {x})[0];
    System.out.printf(Locale.ROOT, "Learned y = %.4f x %s %.4f (the data follow y = 2x - 1)%n",
        weight, bias < 0 ? "-" : "+", Math.abs(bias));
    System.out.printf(Locale.ROOT, "Prediction for x = %s: %.4f (2x - 1 = %s)%n", x, prediction,
        2 * x - 1);
    return 0;
  }
}
