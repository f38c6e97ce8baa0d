package org.dendrite.runtime.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.support.Checks;

/**
 * Counts of (true class, predicted class) pairs over a dataset, with per-class precision, recall,
 * F1 and support, as scikit-learn's {@code confusion_matrix} and {@code classification_report}.
 * Rows are true classes, columns predicted ones.
 *
 * <p>Classes come from the loss as {@link Accuracy} reads them: the arg-max of a softmax output
 * against the class index (sparse) or the target's arg-max (one-hot); for a single sigmoid or
 * perceptron unit, class 1 if the output is {@code > 0.5}, and likewise for the target. A
 * precision, recall or F1 whose denominator is 0 is reported as 0, as scikit-learn does.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(model, data.test());
 * System.out.println(cm.format(FashionMnist.CLASS_NAMES));
 * }</pre>
 */
public final class ConfusionMatrix {
  private static final int PREDICT_CHUNK = 256;

  private final int classes;
  private final long[] counts;

  private ConfusionMatrix(int classes, long[] counts) {
    this.classes = classes;
    this.counts = counts;
  }

  /**
   * Counts pairs of true and predicted class indices.
   *
   * @throws IllegalArgumentException if the arrays differ in length or hold an index outside
   *     [0, classes), or {@code classes²} counts would not fit an array
   */
  public static ConfusionMatrix of(int classes, int[] actual, int[] predicted) {
    if (classes < 1) {
      throw new IllegalArgumentException("a confusion matrix needs at least one class");
    }
    if ((long) classes * classes > Checks.MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException("a confusion matrix of " + classes + " classes needs "
          + (long) classes * classes + " counts, more than an array holds");
    }
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(actual.length + " true classes but " + predicted.length
          + " predicted ones");
    }
    long[] counts = new long[classes * classes];
    for (int i = 0; i < actual.length; i++) {
      counts[index(classes, actual[i], "true", i) * classes
          + index(classes, predicted[i], "predicted", i)]++;
    }
    return new ConfusionMatrix(classes, counts);
  }

  /**
   * Counts {@code count} samples of network outputs ({@code outputSize} values each, from index
   * 0) against targets ({@code targetSize} values each, from index 0), reading classes as
   * {@code loss} defines them.
   *
   * @throws IllegalArgumentException if the sizes do not fit the arrays (as {@link
   *     Metric#checkUpdate}) or the loss (one class index per sample for sparse categorical
   *     cross-entropy, one value per output otherwise), the loss has no single class per sample
   *     (MSE, or binary cross-entropy over several units), a sparse target is not a class index
   *     (a whole number in [0, outputSize); NaN is none), or a one-hot or binary target value is
   *     NaN or infinite
   */
  public static ConfusionMatrix of(Loss loss, float[] outputs, int outputSize, float[] targets,
      int targetSize, int count) {
    Metric.checkUpdate("confusion matrix", outputs, outputSize, targets, 0, targetSize, count);
    int classes = classes(loss, outputSize);
    Accuracy.checkTargetSize("confusion matrix", loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY,
        outputSize, targetSize);
    int[] actual = new int[count];
    int[] predicted = new int[count];
    classify(loss, outputs, outputSize, targets, 0, targetSize, count, actual, predicted, 0);
    return of(classes, actual, predicted);
  }

  /**
   * Predicts every sample of {@code data} with {@code model} (inference mode) and counts the
   * classes.
   *
   * @throws IllegalArgumentException if the data does not fit the model, the model's loss has no
   *     single class per sample, or a sparse target is not a class index
   */
  public static ConfusionMatrix of(Model model, Dataset data) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    if (data.featureSize() != model.inputSize() || data.targetSize() != model.targetSize()) {
      throw new IllegalArgumentException("the data has " + data.featureSize() + " features and "
          + data.targetSize() + " target value(s) per sample; " + model.name() + " takes "
          + model.inputSize() + " and " + model.targetSize());
    }
    int classes = classes(model.loss(), model.outputSize());
    int n = data.size();
    int[] actual = new int[n];
    int[] predicted = new int[n];
    float[] outputs = new float[PREDICT_CHUNK * model.outputSize()];
    float[] inputs = new float[PREDICT_CHUNK * model.inputSize()];
    float[] targets = new float[PREDICT_CHUNK * model.targetSize()];
    for (int first = 0; first < n; first += PREDICT_CHUNK) {
      int count = Math.min(PREDICT_CHUNK, n - first);
      data.copyFeatures(first, count, inputs, 0);
      data.copyTargets(first, count, targets, 0);
      model.predictBatch(inputs, outputs, count);
      classify(model.loss(), outputs, model.outputSize(), targets, 0, data.targetSize(), count,
          actual, predicted, first);
    }
    return of(classes, actual, predicted);
  }

  private static int classes(Loss loss, int outputSize) {
    switch (loss) {
      case SPARSE_CATEGORICAL_CROSSENTROPY:
      case CATEGORICAL_CROSSENTROPY:
        return outputSize;
      case BINARY_CROSSENTROPY:
      case PERCEPTRON:
        if (outputSize == 1) {
          return 2;
        }
        throw new IllegalArgumentException("a confusion matrix needs one class per sample; "
            + outputSize + " sigmoid outputs are " + outputSize + " independent labels");
      default:
        throw new IllegalArgumentException(loss + " is a regression loss; a confusion matrix "
            + "needs classes");
    }
  }

  private static void classify(Loss loss, float[] outputs, int outputSize, float[] targets,
      int targetOffset, int targetSize, int count, int[] actual, int[] predicted, int at) {
    for (int r = 0; r < count; r++) {
      int o = r * outputSize;
      int t = targetOffset + r * targetSize;
      switch (loss) {
        case SPARSE_CATEGORICAL_CROSSENTROPY:
          actual[at + r] = Checks.classIndex("confusion matrix", targets[t], at + r, outputSize);
          predicted[at + r] = Accuracy.argMax(outputs, o, outputSize);
          break;
        case CATEGORICAL_CROSSENTROPY:
          Checks.finite("confusion matrix", "target value", targets, t, targetSize, targetSize,
              at + r);
          actual[at + r] = Accuracy.argMax(targets, t, targetSize);
          predicted[at + r] = Accuracy.argMax(outputs, o, outputSize);
          break;
        default: // one sigmoid or perceptron unit
          Checks.finite("confusion matrix", "target value", targets, t, 1, 1, at + r);
          actual[at + r] = targets[t] > 0.5f ? 1 : 0;
          predicted[at + r] = outputs[o] > 0.5f ? 1 : 0;
          break;
      }
    }
  }

  private static int index(int classes, int c, String what, int sample) {
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException("sample " + sample + ": " + what + " class " + c
          + " is not in [0, " + classes + ")");
    }
    return c;
  }

  /** The number of classes. */
  public int classes() {
    return classes;
  }

  /** Samples of true class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    Objects.checkIndex(actual, classes);
    Objects.checkIndex(predicted, classes);
    return counts[actual * classes + predicted];
  }

  /** The matrix as rows of true classes, columns of predicted classes (a copy). */
  public long[][] counts() {
    long[][] m = new long[classes][];
    for (int a = 0; a < classes; a++) {
      m[a] = java.util.Arrays.copyOfRange(counts, a * classes, (a + 1) * classes);
    }
    return m;
  }

  /** All samples counted. */
  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /** Samples whose true class is {@code c} (the row sum). */
  public long support(int c) {
    long sum = 0;
    for (int p = 0; p < classes; p++) {
      sum += count(c, p);
    }
    return sum;
  }

  /** Samples predicted as {@code c} (the column sum). */
  public long predicted(int c) {
    long sum = 0;
    for (int a = 0; a < classes; a++) {
      sum += count(a, c);
    }
    return sum;
  }

  /** Of the samples predicted as {@code c}, the fraction truly {@code c}; 0 if none was. */
  public double precision(int c) {
    return ratio(count(c, c), predicted(c));
  }

  /** Of the samples truly {@code c}, the fraction predicted as {@code c}; 0 if there are none. */
  public double recall(int c) {
    return ratio(count(c, c), support(c));
  }

  /** The harmonic mean of precision and recall of {@code c}; 0 if both are 0. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The fraction of samples on the diagonal. */
  public double accuracy() {
    long diagonal = 0;
    for (int c = 0; c < classes; c++) {
      diagonal += count(c, c);
    }
    return ratio(diagonal, total());
  }

  /** The unweighted mean of the per-class F1 scores. */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += f1(c);
    }
    return sum / classes;
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }

  /** The matrix and the per-class report, classes named by their index. */
  @Override
  public String toString() {
    return format(null);
  }

  /**
   * A readable text table: the matrix (rows true, columns predicted), then precision, recall,
   * F1 and support per class with accuracy and macro and weighted averages.
   *
   * @param classNames one name per class, or {@code null} for the class indices
   * @throws IllegalArgumentException if the number of names differs from {@link #classes()}
   */
  public String format(List<String> classNames) {
    List<String> names = names(classNames);
    int nameWidth = "weighted avg".length();
    int cell = Long.toString(total()).length();
    for (String name : names) {
      nameWidth = Math.max(nameWidth, name.length());
      cell = Math.max(cell, name.length());
    }
    StringBuilder b = new StringBuilder();
    b.append("Confusion matrix (rows: true class, columns: predicted class)\n");
    b.append(pad("", nameWidth));
    for (String name : names) {
      b.append("  ").append(pad(name, cell));
    }
    b.append('\n');
    for (int a = 0; a < classes; a++) {
      b.append(padRight(names.get(a), nameWidth));
      for (int p = 0; p < classes; p++) {
        b.append("  ").append(pad(Long.toString(count(a, p)), cell));
      }
      b.append('\n');
    }
    b.append('\n').append(pad("", nameWidth))
        .append(" precision    recall  f1-score   support\n");
    double[] weighted = new double[3];
    double[] macro = new double[3];
    for (int c = 0; c < classes; c++) {
      double[] v = {precision(c), recall(c), f1(c)};
      reportLine(b, names.get(c), nameWidth, v, support(c));
      for (int i = 0; i < 3; i++) {
        macro[i] += v[i] / classes;
        weighted[i] += v[i] * ratio(support(c), total());
      }
    }
    b.append('\n').append(padRight("accuracy", nameWidth))
        .append(String.format(Locale.ROOT, "%30.4f%10d%n", accuracy(), total()));
    reportLine(b, "macro avg", nameWidth, macro, total());
    reportLine(b, "weighted avg", nameWidth, weighted, total());
    return b.toString();
  }

  private static void reportLine(StringBuilder b, String name, int width, double[] v,
      long support) {
    b.append(padRight(name, width)).append(String.format(Locale.ROOT, "%10.4f%10.4f%10.4f%10d%n",
        v[0], v[1], v[2], support));
  }

  private List<String> names(List<String> classNames) {
    if (classNames == null) {
      List<String> names = new ArrayList<>(classes);
      for (int c = 0; c < classes; c++) {
        names.add(Integer.toString(c));
      }
      return names;
    }
    if (classNames.size() != classes) {
      throw new IllegalArgumentException(classNames.size() + " class names for " + classes
          + " classes");
    }
    return classNames;
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  private static String padRight(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
