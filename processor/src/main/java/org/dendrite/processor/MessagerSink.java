package org.dendrite.processor;

import javax.annotation.processing.Messager;
import javax.tools.Diagnostic.Kind;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticSink;

/** Reports compiler diagnostics through javac, on the element and attribute they concern. */
final class MessagerSink implements DiagnosticSink {
  private final Messager messager;

  MessagerSink(Messager messager) {
    this.messager = messager;
  }

  @Override
  public void report(Diagnostic d) {
    Kind kind;
    switch (d.severity()) {
      case ERROR:
        kind = Kind.ERROR;
        break;
      case WARNING:
        kind = Kind.WARNING;
        break;
      default:
        kind = Kind.NOTE;
    }
    String text = d.formatted();
    if (d.origin() instanceof ElementOrigin o) {
      if (o.value() != null) {
        messager.printMessage(kind, text, o.element(), o.annotation(), o.value());
      } else if (o.annotation() != null) {
        messager.printMessage(kind, text, o.element(), o.annotation());
      } else {
        messager.printMessage(kind, text, o.element());
      }
    } else {
      messager.printMessage(kind, text);
    }
  }
}
