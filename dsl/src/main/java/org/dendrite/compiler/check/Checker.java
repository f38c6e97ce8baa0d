package org.dendrite.compiler.check;

import java.util.List;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.ir.Network;

/**
 * Runs every rule over a network and reports all findings in one pass: a broken network yields
 * every error it has, not just the first.
 */
public final class Checker {
  /** The rules, in the order their messages read best. */
  static final List<Rule> RULES =
      List.of(
          new NameRule(),
          new InputRule(),
          new GraphRule(),
          new PositiveSizeRule(),
          new OutputLayerRule(),
          new FlattenRule(),
          new WindowRule(),
          new ArraySizeRule(),
          new DropoutRateRule(),
          new LeakyAlphaRule(),
          new RegularizationRule(),
          new BatchNormRule(),
          new SoftmaxUnitsRule(),
          new StepRule(),
          new LossOutputRule(),
          new OutputNamesRule(),
          new ParameterCountRule(),
          new LayerCountRule(),
          new HiddenSoftmaxRule(),
          new InitMismatchRule(),
          new MseSoftmaxRule());

  private Checker() {}

  /**
   * Checks {@code network}, reporting to {@code sink}.
   *
   * @return whether the network is free of errors (warnings allowed)
   */
  public static boolean check(Network network, DiagnosticSink sink) {
    DiagnosticCollector collector = new DiagnosticCollector(sink);
    CheckContext context = new CheckContext(network, collector);
    for (Rule rule : RULES) {
      rule.check(context);
    }
    return !collector.hasErrors();
  }
}
