package org.dendrite.compiler.check;

/** One check of a network: reports what it finds to the context's sink, never throws. */
@FunctionalInterface
public interface Rule {
  /** Checks the context's network. */
  void check(CheckContext context);
}
