package org.dendrite.compiler;

import com.palantir.javapoet.JavaFile;
import java.util.Optional;
import org.dendrite.compiler.check.Checker;
import org.dendrite.compiler.codegen.NetworkWriter;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.plan.NameCheck;
import org.dendrite.compiler.plan.Plan;
import org.dendrite.compiler.plan.Planner;

/**
 * The compiler's pipeline, for both front ends: check the network (reporting every problem), and
 * if it has no errors, plan it, check the plan's public names, and write the generated class.
 */
public final class NetworkCompiler {
  private final String generator;

  /** A compiler whose generated classes name {@code generator} in {@code @Generated}. */
  public NetworkCompiler(String generator) {
    this.generator = generator;
  }

  /** A compiled network: its plan and its generated source. */
  public record Output(Plan plan, JavaFile file) {}

  /**
   * Compiles {@code network}, reporting diagnostics to {@code sink}.
   *
   * @return the plan and generated source, or empty if the network has errors
   */
  public Optional<Output> compile(Network network, DiagnosticSink sink) {
    return plan(network, sink).map(plan -> new Output(plan, generate(plan)));
  }

  /**
   * Checks and plans {@code network}, reporting diagnostics to {@code sink}, without writing its
   * class: for callers that {@link #generate} it later.
   *
   * @return the plan, or empty if the network has errors
   */
  public Optional<Plan> plan(Network network, DiagnosticSink sink) {
    if (!Checker.check(network, sink)) {
      return Optional.empty();
    }
    Plan plan = Planner.plan(network);
    return NameCheck.check(plan, sink) ? Optional.of(plan) : Optional.empty();
  }

  /** Writes the class of a planned network. */
  public JavaFile generate(Plan plan) {
    return new NetworkWriter(plan, generator).write();
  }
}
