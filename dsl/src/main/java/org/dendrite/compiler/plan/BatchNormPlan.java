package org.dendrite.compiler.plan;

import org.dendrite.compiler.ir.BatchNormNode;

/**
 * A batch normalisation with its place in the parameter array (gamma, beta) and in the state
 * array (moving mean, moving variance).
 *
 * @param features values per sample
 * @param gammaOffset where gamma starts in the parameters; beta follows it
 * @param meanOffset where the moving mean starts in the state; the moving variance follows it
 * @param needsInputGradient whether a layer before it has parameters
 */
public record BatchNormPlan(
    BatchNormNode node,
    int index,
    int[] inputShape,
    int[] outputShape,
    int features,
    int gammaOffset,
    int meanOffset,
    boolean needsInputGradient)
    implements LayerPlan {
  /** Where beta starts in the parameters. */
  public int betaOffset() {
    return gammaOffset + features;
  }

  /** Where the moving variance starts in the state. */
  public int varianceOffset() {
    return meanOffset + features;
  }

  /** The trainable parameters: gamma and beta. */
  public int parameterCount() {
    return 2 * features;
  }
}
