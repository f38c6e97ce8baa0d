package org.dendrite.compiler.ir;

/**
 * Where a piece of a network was declared, for diagnostics. A {@code .nn} file gives a file, line
 * and column ({@link SourcePosition}); the annotation processor gives its own origins that point
 * javac at a field and an annotation attribute. The compiler only passes origins through.
 */
public interface Origin {
  /**
   * The origin of one attribute of this declaration ({@code units}, {@code activation}, …), so
   * that a diagnostic can point at the attribute itself; this origin if the attribute's own is not
   * known.
   */
  default Origin attribute(String name) {
    return this;
  }

  /** A short human-readable description, e.g. {@code fashion.nn:4:5} or {@code FashionMlp.flat}. */
  String describe();

  /** An origin with nothing but a description, for networks built in code. */
  static Origin of(String description) {
    return () -> description;
  }
}
