package org.dendrite.processor;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import org.dendrite.compiler.ir.Origin;

/**
 * Where a declaration is in Java source, as javac's {@code Messager} wants it: an element, the
 * annotation on it, and the attribute value, so that the caret lands on {@code units = 0}.
 */
record ElementOrigin(Element element, AnnotationMirror annotation, AnnotationValue value)
    implements Origin {

  /** The origin of an element, or of an annotation on it when {@code annotation} is not null. */
  static ElementOrigin of(Element element, AnnotationMirror annotation) {
    return new ElementOrigin(element, annotation, null);
  }

  /**
   * The explicitly written value of {@code name} in the annotation; the annotation itself when the
   * attribute takes its default (a default has no position in the source).
   */
  @Override
  public Origin attribute(String name) {
    if (annotation == null) {
      return this;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return new ElementOrigin(element, annotation, e.getValue());
      }
    }
    return this;
  }

  @Override
  public String describe() {
    Element enclosing = element.getEnclosingElement();
    return element.getKind().isField() && enclosing != null
        ? enclosing.getSimpleName() + "." + element.getSimpleName()
        : element.toString();
  }
}
