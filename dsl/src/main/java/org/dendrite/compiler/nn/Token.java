package org.dendrite.compiler.nn;

/**
 * One token of a {@code .nn} file.
 *
 * @param kind what it is
 * @param text its text as written (empty for the end of the file)
 * @param line the 1-based line of its first character
 * @param column the 1-based column of its first character, in code points
 * @param firstOnLine whether no other token precedes it on its line: the parser resynchronises
 *     after an error at the first statement that starts a line
 */
record Token(Kind kind, String text, int line, int column, boolean firstOnLine) {
  /** Token kinds. Words, keywords included, are all {@link #IDENTIFIER}: keywords are contextual. */
  enum Kind {
    IDENTIFIER("a name"),
    INTEGER("an integer"),
    DECIMAL("a number"),
    /** {@code "T-shirt/top"}: the text keeps its quotes; {@link Token#unquoted} reads it. */
    STRING("a quoted name"),
    /**
     * A number the lexer could not read ({@code 0.2f}, {@code 1st}): reported by the parser, as a
     * malformed number where a value goes and as a misplaced token elsewhere.
     */
    MALFORMED("a number"),
    /**
     * A character that starts no token ({@code ;}, {@code #}, {@code @}…), or a quoted string up
     * to its closing quote: reported by the parser as an unexpected character.
     */
    INVALID("a character"),
    LEFT_PAREN("'('"),
    RIGHT_PAREN("')'"),
    LEFT_BRACE("'{'"),
    RIGHT_BRACE("'}'"),
    LEFT_BRACKET("'['"),
    RIGHT_BRACKET("']'"),
    COMMA("','"),
    EQUALS("'='"),
    DOT("'.'"),
    END("end of file");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /** How messages name the kind: {@code ')'}, {@code a name}. */
    String description() {
      return description;
    }
  }

  /** How messages name this token: {@code 'dense'}, {@code ')'}, {@code end of file}. */
  String describe() {
    switch (kind) {
      case END:
        return kind.description();
      case IDENTIFIER:
      case INTEGER:
      case DECIMAL:
      case MALFORMED:
      case INVALID:
        return "'" + text + "'";
      case STRING:
        return text;
      default:
        return kind.description();
    }
  }

  /** A {@link Kind#STRING}'s text without its quotes and escapes. */
  String unquoted() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() - 1) {
        c = text.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Whether this is the word {@code word}. */
  boolean is(String word) {
    return kind == Kind.IDENTIFIER && text.equals(word);
  }
}
