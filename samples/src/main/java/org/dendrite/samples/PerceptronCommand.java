package org.dendrite.samples;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dendrite.runtime.callback.ThresholdStopping;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.optim.Sgd;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rosenblatt's perceptron, as the textbook trains scikit-learn's {@code Perceptron}: one step unit
 * learns to tell setosa from the two other iris species by petal length and width, one flower per
 * update with learning rate 1, until an epoch makes no mistake. The classes are linearly
 * separable, so the perceptron convergence theorem says it will get there.
 */
@Command(
    name = "perceptron",
    mixinStandardHelpOptions = true,
    description = "Train a perceptron (step unit, perceptron rule) on iris petal length and width,"
        + " setosa against the rest, and classify a flower with petals of 2 x 0.5 cm.")
final class PerceptronCommand implements Callable<Integer> {
  @Option(names = "--max-epochs", defaultValue = "1000",
      description = "Give up after this many epochs (default: ${DEFAULT-VALUE}, as"
          + " scikit-learn's max_iter); training stops at the first epoch without a mistake.")
  int maxEpochs;

  @Option(names = "--learning-rate", defaultValue = "1",
      description = "Step size of the perceptron rule (default: ${DEFAULT-VALUE}, as"
          + " scikit-learn's eta0).")
  float learningRate;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the per-epoch shuffles (default: ${DEFAULT-VALUE}).")
  long seed;

  /** What the run found, for tests. */
  double trainingAccuracy;
  int epochsRun;
  float[] weights;
  float bias;
  boolean newFlowerIsSetosa;

  @Override
  public Integer call() {
    List<Iris.Flower> flowers = Iris.load();
    float[] x = new float[2 * flowers.size()];
    float[] y = new float[flowers.size()];
    for (int i = 0; i < flowers.size(); i++) {
      Iris.Flower f = flowers.get(i);
      x[2 * i] = f.petalLength();
      x[2 * i + 1] = f.petalWidth();
      y[i] = f.species().equals("setosa") ? 1 : 0;
    }
    Dataset data = Dataset.of(x, 2, y, 1);

    CompiledIrisPerceptron model = new CompiledIrisPerceptron(seed);
    System.out.print(model.summary());
    // An epoch whose running accuracy is 1 updated nothing (but on a point exactly on the
    // boundary), so the weights it ends with classify every flower right.
    Trainer trainer = Trainer.builder(model).optimizer(new Sgd(learningRate))
        .epochs(maxEpochs).batchSize(1).seed(seed).threads(1)
        .callback(ThresholdStopping.above("accuracy", 1 - 1e-9)).build();
    History history = trainer.fit(data);
    epochsRun = history.epochs().size();
    trainingAccuracy = trainer.evaluate(data).accuracy();
    weights = model.setosa.kernel().toArray();
    bias = model.setosa.bias().get(0);

    System.out.printf(Locale.ROOT, "%d flowers (%d setosa); %d epoch(s) of training, the last"
        + " with loss %.4f%n", flowers.size(), Math.round(sum(y)), epochsRun,
        history.last().loss());
    System.out.printf(Locale.ROOT, "Learned: setosa if %.2f * length %s %.2f * width %s %.2f >= 0%n",
        weights[0], sign(weights[1]), Math.abs(weights[1]), sign(bias), Math.abs(bias));
    System.out.printf(Locale.ROOT, "Training accuracy: %.4f%n", trainingAccuracy);
    for (float[] petal : new float[][] {{2f, 0.5f}, {3f, 1f}}) {
      boolean setosa = model.predict(petal)[0] == 1f;
      if (petal[0] == 2f) {
        newFlowerIsSetosa = setosa;
      }
      System.out.printf(Locale.ROOT, "Petals of %s x %s cm: %s%n", petal[0], petal[1],
          setosa ? "setosa" : "not setosa");
    }
    return 0;
  }

  private static String sign(float v) {
    return v < 0 ? "-" : "+";
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }
}
