package org.dendrite.runtime.io;

import java.io.Console;
import java.lang.reflect.Method;

/** What the standard output is: whether a progress display can redraw a line, how wide it is. */
public final class Terminal {
  private Terminal() {}

  /**
   * Whether the standard output is an interactive terminal that can redraw a line: there is a
   * console, it is a terminal ({@code Console.isTerminal()} on JDK 22 and later, where a console
   * exists even when output is redirected) and {@code TERM} is not {@code dumb}.
   */
  public static boolean isInteractive() {
    Console console = System.console();
    return isInteractive(console != null, console != null && isTerminal(console),
        System.getenv("TERM"));
  }

  static boolean isInteractive(boolean hasConsole, boolean isTerminal, String term) {
    return hasConsole && isTerminal && !"dumb".equals(term);
  }

  private static boolean isTerminal(Console console) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22 a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** The terminal's width from {@code COLUMNS}' value {@code env}: 80 if absent or unlikely. */
  public static int columns(String env) {
    try {
      int c = env == null ? 80 : Integer.parseInt(env.trim());
      return c >= 20 ? c : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
