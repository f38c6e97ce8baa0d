package org.dendrite.compiler.nn;

import java.util.List;
import java.util.Optional;

/**
 * The syntax tree of a {@code .nn} file, as the {@link Parser} reads it: words and numbers are
 * still tokens, so that {@link Lowering} can check them and point at each one.
 */
final class Ast {
  private Ast() {}

  /** A whole file: its package line, if any, and its networks in order. */
  record File(Optional<Package> packageLine, List<Network> networks) {}

  /** {@code package org.example.fashion}: the keyword and the dotted name's parts. */
  record Package(Token keyword, List<Token> parts) {
    String name() {
      return String.join(".", parts.stream().map(Token::text).toList());
    }
  }

  /**
   * {@code network Name(attributes) { layers }}.
   *
   * @param headerRead whether the header up to its '{' was read without a syntax error; if not,
   *     its name and attributes are not to be checked (they were not understood)
   * @param clean whether the parser reported no error inside it
   */
  record Network(Token keyword, Token name, boolean headerRead, List<Attribute> attributes,
      List<Layer> layers, boolean clean) {}

  /**
   * {@code kind name [shape] (attributes)}: {@code shape} is the value written after the name,
   * a list ({@code [28, 28]}) or a word ({@code relu}), which sets the attribute {@code value}.
   */
  record Layer(Token kind, Token name, Optional<Value> shape, List<Attribute> attributes) {}

  /** {@code name = value}. */
  record Attribute(Token name, Value value) {}

  /** The right-hand side of an attribute. */
  sealed interface Value permits Scalar, ListValue {
    /** Where the value starts: diagnostics about it point here. */
    Token start();
  }

  /** A number or a word. */
  record Scalar(Token token) implements Value {
    @Override
    public Token start() {
      return token;
    }
  }

  /** {@code [28, 28]}: numbers, quoted names or layer names in brackets. */
  record ListValue(Token open, List<Token> elements) implements Value {
    @Override
    public Token start() {
      return open;
    }
  }
}
