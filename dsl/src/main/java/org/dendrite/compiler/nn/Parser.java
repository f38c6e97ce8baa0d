package org.dendrite.compiler.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.nn.Token.Kind;

/**
 * A recursive-descent parser of {@code .nn} files, one method per rule of the grammar in
 * {@code docs/nn-language.md}. On a syntax error it reports it and resynchronises at the next
 * statement (a layer, a network, or the closing brace), so that one run reports every broken
 * statement, as craftinginterpreters' Lox parser does: one error per broken statement, whatever
 * else is wrong on its line. Words are keywords only where the grammar expects one, so a layer
 * may well be called {@code input}.
 */
final class Parser {
  /** Thrown to unwind to the statement being parsed, after the error is reported. */
  private static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError() {
      super(null, null, false, false);
    }
  }

  private final String file;
  private final Lexer lexer;
  private final DiagnosticCollector errors;
  private Token previous;
  private Token current;
  private Token lookahead;
  /** Whether an error was reported at the end of the file: the missing '}' is then no news. */
  private boolean errorAtEnd;

  Parser(String file, String text, DiagnosticSink sink) {
    this.file = file;
    this.errors = new DiagnosticCollector(sink);
    this.lexer = new Lexer(file, text, errors);
    this.current = lexer.next();
    this.lookahead = lexer.next();
  }

  /** file = [ package ] { network } EOF ; a misplaced package line is reported, then read. */
  Ast.File file() {
    Optional<Ast.Package> packageLine = Optional.empty();
    List<Ast.Network> networks = new ArrayList<>();
    while (current.kind() != Kind.END) {
      Token start = current;
      try {
        if (current.is("package")) {
          Ast.Package p = packageLine();
          if (packageLine.isPresent() || !networks.isEmpty()) {
            report(p.keyword(), Message.PACKAGE_PLACEMENT, packageLine.isPresent()
                ? "the first is at line " + packageLine.get().keyword().line()
                : "move it to the top of the file");
          } else {
            packageLine = Optional.of(p);
          }
        } else if (current.is("network")) {
          networks.add(network());
        } else if (current.kind() == Kind.IDENTIFIER) {
          throw unknownKeyword("declaration", List.of("network", "package"),
              "a file declares networks, e.g. network Mlp(loss = mse) { … }");
        } else {
          throw error(current, "a network, e.g. network Mlp(loss = mse) { … }");
        }
      } catch (ParseError e) {
        synchronizeDeclaration(start);
      }
    }
    return new Ast.File(packageLine, networks);
  }

  /** package = "package" IDENT { "." IDENT } ; */
  private Ast.Package packageLine() {
    Token keyword = advance();
    List<Token> parts = new ArrayList<>();
    parts.add(expectOnLine(Kind.IDENTIFIER, "the package name, e.g. package org.example"));
    while (current.kind() == Kind.DOT && !current.firstOnLine()) {
      advance();
      parts.add(expectOnLine(Kind.IDENTIFIER, "a name after '.'"));
    }
    endOfStatement("the package line");
    return new Ast.Package(keyword, parts);
  }

  /**
   * network = "network" IDENT [ attributes ] "{" { layer } "}" ; after an error in the header
   * the layers are still read, from the '{' or the next line on, but the header is not: its
   * name and attributes were not understood.
   */
  private Ast.Network network() {
    int errorsBefore = errors.errors().size();
    Token keyword = advance();
    Token name = keyword;
    List<Ast.Attribute> attributes = List.of();
    boolean headerRead = false;
    try {
      name = expectOnLine(Kind.IDENTIFIER, "the network's name, e.g. network FashionMlp");
      attributes = current.kind() == Kind.LEFT_PAREN ? attributes() : List.of();
      expect(Kind.LEFT_BRACE, "'{' to open the network's layers");
      headerRead = true;
    } catch (ParseError e) {
      while (current.kind() != Kind.END && !current.firstOnLine()
          && current.kind() != Kind.LEFT_BRACE) {
        advance();
      }
      if (current.kind() == Kind.LEFT_BRACE) {
        advance();
      }
    }
    List<Ast.Layer> layers = new ArrayList<>();
    while (current.kind() != Kind.RIGHT_BRACE) {
      if (current.kind() == Kind.END || (current.is("network") && current.firstOnLine())) {
        if (!(current.kind() == Kind.END && (errorAtEnd || lexer.endsInComment()))) {
          report(current, Message.MISSING_BRACE, name == keyword
              ? "the network at line " + keyword.line() : "network '" + name.text() + "'",
              current.describe());
        }
        return new Ast.Network(keyword, name, headerRead, attributes, layers, false);
      }
      Token start = current;
      try {
        layers.add(layer());
      } catch (ParseError e) {
        synchronizeStatement(start);
      }
    }
    advance();
    try {
      endOfStatement("the network's closing '}'");
    } catch (ParseError e) {
      // reported; the file loop resynchronises at the next declaration
    }
    boolean clean = errors.errors().size() == errorsBefore;
    return new Ast.Network(keyword, name, headerRead, attributes, layers, clean);
  }

  /**
   * layer = KIND IDENT [ list | IDENT ] [ attributes ] ; KIND = "input" | "flatten" | … ; the
   * list or word sets the attribute {@code value}: {@code input image [28, 28]}, {@code add sum
   * [a, b]}, {@code activate act relu}.
   */
  private Ast.Layer layer() {
    if (current.kind() != Kind.IDENTIFIER) {
      throw error(current, "a layer, e.g. dense hidden (units = 100, activation = relu)");
    }
    if (!Schema.LAYERS.containsKey(current.text())) {
      throw unknownKeyword("layer kind", List.copyOf(Schema.LAYERS.keySet()),
          "a layer is one of " + String.join(", ", Schema.LAYERS.keySet()));
    }
    Token kind = advance();
    Token name = expectOnLine(Kind.IDENTIFIER, "the layer's name, e.g. " + kind.text() + " hidden");
    Optional<Ast.Value> shape = current.kind() == Kind.LEFT_BRACKET ? Optional.of(list())
        : current.kind() == Kind.IDENTIFIER && !current.firstOnLine()
            ? Optional.of(new Ast.Scalar(advance())) : Optional.empty();
    List<Ast.Attribute> attributes =
        current.kind() == Kind.LEFT_PAREN ? attributes() : List.of();
    endOfStatement("layer '" + name.text() + "'");
    return new Ast.Layer(kind, name, shape, attributes);
  }

  /** attributes = "(" [ attribute { "," attribute } [ "," ] ] ")" ; */
  private List<Ast.Attribute> attributes() {
    advance();
    List<Ast.Attribute> attributes = new ArrayList<>();
    while (current.kind() != Kind.RIGHT_PAREN) {
      attributes.add(attribute());
      if (current.kind() != Kind.COMMA) {
        break;
      }
      advance();
    }
    expect(Kind.RIGHT_PAREN, attributes.isEmpty() ? "an attribute, name = value" : "',' or ')'");
    return attributes;
  }

  /** attribute = IDENT "=" value ; */
  private Ast.Attribute attribute() {
    Token name = expect(Kind.IDENTIFIER, "an attribute, name = value");
    expect(Kind.EQUALS, "'=' after '" + name.text() + "'");
    return new Ast.Attribute(name, value());
  }

  /** value = INTEGER | DECIMAL | IDENT | list ; a malformed number is reported, then kept. */
  private Ast.Value value() {
    switch (current.kind()) {
      case MALFORMED:
        reportMalformed(current);
        return new Ast.Scalar(advance());
      case INTEGER:
      case DECIMAL:
      case IDENTIFIER:
        return new Ast.Scalar(advance());
      case LEFT_BRACKET:
        return list();
      default:
        throw error(current, "a value: a number, a name such as relu, or a list such as [28, 28]");
    }
  }

  /** list = "[" [ element { "," element } [ "," ] ] "]" ; element = number, string or name. */
  private Ast.ListValue list() {
    Token open = advance();
    List<Token> elements = new ArrayList<>();
    while (current.kind() == Kind.INTEGER || current.kind() == Kind.DECIMAL
        || current.kind() == Kind.MALFORMED || current.kind() == Kind.STRING
        || current.kind() == Kind.IDENTIFIER) {
      if (current.kind() == Kind.MALFORMED) {
        reportMalformed(current);
      }
      elements.add(advance());
      if (current.kind() != Kind.COMMA) {
        break;
      }
      advance();
    }
    expect(Kind.RIGHT_BRACKET, elements.isEmpty() ? "a number, a name or ']'"
        : "',' or ']'");
    return new Ast.ListValue(open, elements);
  }

  /**
   * A statement ends with its line: the next token starts a line, closes the network, or ends the
   * file. This catches {@code dense h (units = 3) relu} where the word would otherwise start a
   * confusing next statement.
   */
  private void endOfStatement(String what) {
    if (!current.firstOnLine() && current.kind() != Kind.RIGHT_BRACE) {
      throw error(current, "a new line after " + what);
    }
  }

  /**
   * Skips to the next statement of a network: a word that starts a line and is followed by
   * another word ({@code dense hidden}), or the closing brace. Always moves past the token the
   * failed statement started with, so that parsing cannot stall.
   */
  private void synchronizeStatement(Token start) {
    if (current == start) {
      advance();
    }
    while (current.kind() != Kind.END && current.kind() != Kind.RIGHT_BRACE) {
      if (current.firstOnLine() && current.kind() == Kind.IDENTIFIER
          && lookahead.kind() == Kind.IDENTIFIER) {
        return;
      }
      advance();
    }
  }

  /**
   * Skips to the next declaration: {@code network} or {@code package} at the start of a line, or
   * past a closing brace (the end of a network whose header was not understood).
   */
  private void synchronizeDeclaration(Token start) {
    if (current == start) {
      advance();
    }
    while (current.kind() != Kind.END) {
      if (current.kind() == Kind.RIGHT_BRACE) {
        advance();
        return;
      }
      if (current.firstOnLine() && (current.is("network") || current.is("package"))) {
        return;
      }
      advance();
    }
  }

  /** An unknown word where a keyword belongs: reported with a suggestion, and skipped. */
  private ParseError unknownKeyword(String what, List<String> keywords, String otherwise) {
    String suggestion = Strings.closest(current.text(), keywords)
        .map(k -> "did you mean '" + k + "'?").orElse(otherwise);
    report(current, Message.UNKNOWN_KEYWORD, what, current.text(), suggestion);
    advance();
    return new ParseError();
  }

  private Token expect(Kind kind, String what) {
    if (current.kind() != kind) {
      throw error(current, what);
    }
    return advance();
  }

  /**
   * Expects a token that must be on the line of the one before, as a statement ends with its
   * line: a name after {@code dense}, {@code network} or a package's dot. Missing there, the
   * error points just past the line's last token rather than at the next line's first.
   */
  private Token expectOnLine(Kind kind, String what) {
    if (current.firstOnLine() && current.kind() != Kind.END) {
      int column = previous.column() + previous.text().codePointCount(0, previous.text().length());
      errors.report(Message.EXPECTED.at(SourcePosition.at(file, previous.line(), column), what,
          "the end of the line"));
      throw new ParseError();
    }
    if (kind == Kind.IDENTIFIER && current.kind() == Kind.MALFORMED) {
      report(current, Message.EXPECTED, what, current.describe() + ", which is not a name: a name"
          + " starts with a letter");
      throw new ParseError();
    }
    return expect(kind, what);
  }

  /**
   * Reports the syntax error at {@code at}, the one error of its statement: an invalid token as
   * the character it is, anything else as what was expected instead.
   */
  private ParseError error(Token at, String expected) {
    if (at.kind() == Kind.INVALID || at.kind() == Kind.STRING) { // a quoted name goes in a list
      Lexer.reportInvalid(at, file, errors);
    } else {
      report(at, Message.EXPECTED, expected, at.describe());
    }
    errorAtEnd |= at.kind() == Kind.END;
    return new ParseError();
  }

  private void reportMalformed(Token t) {
    report(t, Message.MALFORMED_NUMBER, t.text());
  }

  private void report(Token at, Message message, Object... args) {
    errors.report(message.at(SourcePosition.at(file, at.line(), at.column()), args));
  }

  private Token advance() {
    Token t = current;
    previous = t;
    if (t.kind() != Kind.END) {
      current = lookahead;
      lookahead = lexer.next();
    }
    return t;
  }
}
