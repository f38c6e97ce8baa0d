package org.dendrite.compiler.nn;

import java.util.regex.Pattern;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.nn.Token.Kind;

/**
 * Splits a {@code .nn} file into tokens, on demand. Skips white space and comments ({@code //} to
 * the end of the line, {@code /* … *}{@code /}). A stray character, a quoted string or a
 * malformed number becomes a token of its own ({@link Kind#INVALID}, {@link Kind#MALFORMED}) that
 * the parser reports where it meets it, as the one error of its statement; skipped while the
 * parser looks for the next statement, it costs no second diagnostic. Comments are reported
 * here: an unterminated one, and one that tries to nest. Lines end at {@code \n}, {@code \r\n}
 * or {@code \r}; columns count code points.
 */
final class Lexer {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** How far past a comment's first close {@link #nestedEnd} looks for a nested reading's end. */
  private static final int NESTED_LOOKAHEAD = 1_000;

  private final String file;
  private final String text;
  private final DiagnosticSink sink;
  private int offset;
  private int line = 1;
  private int column = 1;
  /** The line of the last token returned, to tell whether the next one starts a line. */
  private int lastTokenLine;
  /** Just past the last token or comment: where the end of the file is reported. */
  private int endLine = 1;
  private int endColumn = 1;
  /** Whether a comment ran to the end of the file, which is then reported already. */
  private boolean unterminated;

  Lexer(String file, String text, DiagnosticSink sink) {
    this.file = file;
    this.text = text;
    this.sink = sink;
  }

  /** Whether an unterminated comment, reported already, took the rest of the file. */
  boolean endsInComment() {
    return unterminated;
  }

  /** The next token; {@link Kind#END} at the end of the file, and forever after. */
  Token next() {
    skipSpaceAndComments();
    if (offset >= text.length()) {
      return new Token(Kind.END, "", endLine, endColumn, true);
    }
    int startOffset = offset;
    int startLine = line;
    int startColumn = column;
    int c = text.codePointAt(offset);
    Kind kind;
    if (isWordStart(c)) {
      while (offset < text.length() && isWordPart(text.codePointAt(offset))) {
        advance();
      }
      kind = Kind.IDENTIFIER;
    } else if (isDigit(c) || (c == '-' && offset + 1 < text.length()
        && isDigit(text.charAt(offset + 1)))) {
      kind = number();
    } else if (c == '"' || c == '\'') {
      // A name in double quotes closed on its line is a STRING (classes = ["cat"]); anything
      // else quoted is an invalid token, reported by the parser.
      kind = quoted(c) && c == '"' ? Kind.STRING : Kind.INVALID;
    } else {
      kind = punctuation(c);
      advance();
      if (kind == null) {
        kind = Kind.INVALID;
      }
    }
    endLine = line;
    endColumn = column;
    boolean first = startLine != lastTokenLine;
    lastTokenLine = startLine;
    return new Token(kind, text.substring(startOffset, offset), startLine, startColumn, first);
  }

  /**
   * A number, read like C's preprocessing numbers (digits, letters, dots, and a sign after an
   * exponent) so that {@code 0.2f}, {@code 1.2.3} or {@code 1st} is one malformed number rather
   * than several confusing tokens; {@link Kind#MALFORMED} for a malformed one.
   */
  private Kind number() {
    int start = offset;
    advance();
    while (offset < text.length()) {
      char c = text.charAt(offset);
      char previous = text.charAt(offset - 1);
      boolean sign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
      if (!(isDigit(c) || c == '.' || c == '_' || sign || (c < 128 && Character.isLetter(c)))) {
        break;
      }
      advance();
    }
    String number = text.substring(start, offset);
    if (INTEGER.matcher(number).matches()) {
      return Kind.INTEGER;
    }
    if (DECIMAL.matcher(number).matches()) {
      return Kind.DECIMAL;
    }
    return Kind.MALFORMED;
  }

  /**
   * A quoted string up to the closing quote on the same line (or the end of the line), so that
   * {@code "x"} is one token, not three; {@code \\"} and {@code \\\\} are escapes. Whether it
   * was closed.
   */
  private boolean quoted(int quote) {
    advance();
    while (offset < text.length()) {
      char c = text.charAt(offset);
      if (c == '\n' || c == '\r') {
        return false;
      }
      advance();
      if (c == quote) {
        return true;
      }
      if (c == '\\' && offset < text.length() && (text.charAt(offset) == quote
          || text.charAt(offset) == '\\')) {
        advance();
      }
    }
    return false;
  }

  /**
   * Reports an {@link Kind#INVALID} token: its first character, with what the user most likely
   * meant.
   */
  static void reportInvalid(Token token, String file, DiagnosticSink sink) {
    int c = token.text().codePointAt(0);
    String hint = c == '"' && token.kind() == Kind.INVALID
        ? "; a quoted name (classes = [\"cat\"]) ends with '\"' on its line; write \\\" for a"
            + " quote inside it"
        : hint(c);
    sink.report(Message.UNEXPECTED_CHARACTER.at(
        SourcePosition.at(file, token.line(), token.column()), describe(c), hint));
  }

  private static Kind punctuation(int c) {
    switch (c) {
      case '(':
        return Kind.LEFT_PAREN;
      case ')':
        return Kind.RIGHT_PAREN;
      case '{':
        return Kind.LEFT_BRACE;
      case '}':
        return Kind.RIGHT_BRACE;
      case '[':
        return Kind.LEFT_BRACKET;
      case ']':
        return Kind.RIGHT_BRACKET;
      case ',':
        return Kind.COMMA;
      case '=':
        return Kind.EQUALS;
      case '.':
        return Kind.DOT;
      default:
        return null;
    }
  }

  /** What users who come from Java or other languages most likely meant by a stray character. */
  private static String hint(int c) {
    switch (c) {
      case ';':
        return "; a .nn statement ends with its line, without ';'";
      case '@':
        return "; a layer is written without '@', e.g. dense hidden (units = 100)";
      case ':':
        return "; an attribute is written name = value";
      case '#':
        return "; comments start with //";
      case '"':
      case '\'':
        return "; names and values are written without quotes";
      default:
        return "";
    }
  }

  private static String describe(int c) {
    return c > ' ' && c < 127 ? "'" + (char) c + "'" : String.format("U+%04X", c);
  }

  private void skipSpaceAndComments() {
    while (offset < text.length()) {
      char c = text.charAt(offset);
      if (Character.isWhitespace(c)) {
        advance();
      } else if (text.startsWith("//", offset)) {
        while (offset < text.length() && text.charAt(offset) != '\n'
            && text.charAt(offset) != '\r') {
          advance();
        }
        endLine = line;
        endColumn = column;
      } else if (text.startsWith("/*", offset)) {
        blockComment();
      } else {
        return;
      }
    }
  }

  /**
   * Skips a {@code /* … *}{@code /} comment. Comments do not nest, but one written as if they did
   * ({@code /* a /* b *}{@code / c *}{@code /}) would leave {@code c *}{@code /} behind as
   * confusing code: when the comment holds a {@code /*} and the nested reading closes before the
   * end of the file, that is reported once at the inner {@code /*} and the whole is skipped.
   */
  private void blockComment() {
    int startLine = line;
    int startColumn = column;
    int close = text.indexOf("*/", offset + 2);
    if (close < 0) {
      report(startLine, startColumn, Message.UNTERMINATED_COMMENT);
      unterminated = true;
      close = text.length() - 2;
    }
    int inner = text.indexOf("/*", offset + 2);
    int nestedClose = inner >= 0 && inner < close ? nestedEnd(offset, close) : -1;
    int end = nestedClose >= 0 ? nestedClose : close;
    while (offset < end + 2) {
      boolean space = Character.isWhitespace(text.charAt(offset));
      if (offset == inner && nestedClose >= 0) {
        report(line, column, Message.NESTED_COMMENT, startLine, startColumn);
      }
      advance();
      if (!space) {
        // The end of the file is reported just past the comment's text, not on a blank line.
        endLine = line;
        endColumn = column;
      }
    }
  }

  /**
   * Where the comment at {@code from}, whose first {@code *}{@code /} is at {@code close}, would
   * close if comments nested, or -1. Looked for only on the line of {@code close} and at most
   * {@link #NESTED_LOOKAHEAD} characters on, where leftovers such as {@code c *}{@code /} are:
   * scanning further would make a file of many comments quadratic.
   */
  private int nestedEnd(int from, int close) {
    int depth = 0;
    for (int i = from; i < close; i++) {
      if (text.startsWith("/*", i)) {
        depth++;
        i++;
      }
    }
    depth--; // the first */
    int limit = (int) Math.min(text.length() - 1L, close + 2L + NESTED_LOOKAHEAD);
    for (int i = close + 2; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return -1;
      }
      if (text.startsWith("/*", i)) {
        depth++;
        i++;
      } else if (text.startsWith("*/", i)) {
        if (--depth == 0) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /** Moves past one code point, counting lines and columns. */
  private void advance() {
    char c = text.charAt(offset);
    if (c == '\n' || (c == '\r' && !text.startsWith("\r\n", offset))) {
      line++;
      column = 1;
    } else if (c != '\r') {
      column++;
    }
    offset += Character.charCount(text.codePointAt(offset));
  }

  private void report(int atLine, int atColumn, Message message, Object... args) {
    sink.report(message.at(SourcePosition.at(file, atLine, atColumn), args));
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Java's identifier characters, less the ignorable controls that no one can see or type. */
  private static boolean isWordStart(int c) {
    return Character.isJavaIdentifierStart(c) && !Character.isIdentifierIgnorable(c);
  }

  private static boolean isWordPart(int c) {
    return Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
  }
}
