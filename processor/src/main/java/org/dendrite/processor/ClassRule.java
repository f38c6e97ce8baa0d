package org.dendrite.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;

/**
 * The {@code @Network} class can be extended by the generated class: it is a class, not final,
 * not private (nor nested in a private class), not an inner or local class, not generic, and has a
 * non-private constructor without parameters.
 */
final class ClassRule {
  private ClassRule() {}

  /** Reports every problem; returns whether there was none. */
  static boolean check(TypeElement type, AnnotationMirror network, String generated,
      DiagnosticSink sink) {
    ElementOrigin origin = ElementOrigin.of(type, network);
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      sink.report(Message.CLASS_KIND.at(origin, name,
          "an " + type.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
      return false;
    }
    boolean ok = true;
    if (type.getModifiers().contains(Modifier.FINAL)) {
      sink.report(Message.CLASS_FINAL.at(origin, name, generated));
      ok = false;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      sink.report(Message.CLASS_PRIVATE.at(origin, name, generated));
      ok = false;
    }
    NestingKind nesting = type.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      sink.report(Message.CLASS_LOCAL.at(origin, name));
      return false;
    }
    if (nesting == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      sink.report(Message.CLASS_INNER.at(origin, name, generated,
          type.getEnclosingElement().getSimpleName()));
      ok = false;
    }
    for (Element e = type.getEnclosingElement(); e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        sink.report(Message.ENCLOSING_PRIVATE.at(origin, name, e.getSimpleName(), generated,
            e.getSimpleName()));
        ok = false;
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      sink.report(Message.CLASS_GENERIC.at(origin, name, type.getTypeParameters()));
      ok = false;
    }
    List<ExecutableElement> ctors = ElementFilter.constructorsIn(type.getEnclosedElements());
    boolean callable = ctors.stream().anyMatch(c -> c.getParameters().isEmpty()
        && !c.getModifiers().contains(Modifier.PRIVATE));
    if (!callable) {
      sink.report(Message.CLASS_NO_CONSTRUCTOR.at(origin, name, generated));
      ok = false;
    }
    return ok;
  }
}
