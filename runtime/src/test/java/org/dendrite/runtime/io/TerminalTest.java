package org.dendrite.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Terminal detection and width, as progress displays use them. */
class TerminalTest {
  @Test
  void interactiveOnlyOnAConsoleThatIsATerminalAndNotDumb() {
    assertTrue(Terminal.isInteractive(true, true, "xterm-256color"));
    assertTrue(Terminal.isInteractive(true, true, null), "no TERM (Windows)");
    assertFalse(Terminal.isInteractive(true, true, "dumb"));
    assertFalse(Terminal.isInteractive(false, false, "xterm"), "no console");
    assertFalse(Terminal.isInteractive(true, false, "xterm"),
        "JDK 22+: a console on redirected output is no terminal");
    // Surefire's forked JVM writes to a pipe: on every JDK this must read as no terminal.
    assertFalse(Terminal.isInteractive(), "a test JVM's output is not a terminal");
  }

  @Test
  void columnsFromTheEnvironmentOr80() {
    assertEquals(80, Terminal.columns(null));
    assertEquals(132, Terminal.columns("132"));
    assertEquals(80, Terminal.columns("wide"));
    assertEquals(80, Terminal.columns("5"));
  }
}
