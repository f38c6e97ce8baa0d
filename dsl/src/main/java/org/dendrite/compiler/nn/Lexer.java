package org.dendrite.compiler.nn;

import java.util.regex.Pattern;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.nn.Token.Kind;

/**
 * Splits a {@code .nn} file into tokens, on demand. Skips white space and comments ({@code //} to
 * the end of the line, {@code /* … *}{@code /}); reports a stray character or an unterminated
 * comment and goes on, so that one bad character costs one diagnostic. Lines end at {@code \n},
 * {@code \r\n} or {@code \r}; columns count code points.
 */
final class Lexer {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

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

  Lexer(String file, String text, DiagnosticSink sink) {
    this.file = file;
    this.text = text;
    this.sink = sink;
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
      kind = number(startLine, startColumn);
    } else {
      kind = punctuation(c);
      advance();
      if (kind == null) {
        report(startLine, startColumn, Message.UNEXPECTED_CHARACTER, describe(c), hint(c));
        return next();
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
   * exponent) so that {@code 0.2f} or {@code 1.2.3} is one malformed number rather than several
   * confusing tokens; {@link Kind#MALFORMED} after reporting a malformed one.
   */
  private Kind number(int startLine, int startColumn) {
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
    report(startLine, startColumn, Message.MALFORMED_NUMBER, number);
    return Kind.MALFORMED;
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
        int startLine = line;
        int startColumn = column;
        int close = text.indexOf("*/", offset + 2);
        if (close < 0) {
          report(startLine, startColumn, Message.UNTERMINATED_COMMENT);
          close = text.length() - 2;
        }
        while (offset < close + 2) {
          advance();
        }
        endLine = line;
        endColumn = column;
      } else {
        return;
      }
    }
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
