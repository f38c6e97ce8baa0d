package org.dendrite.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.ir.Attribute;
import org.dendrite.compiler.ir.AttributeType;
import org.dendrite.compiler.ir.Attributes;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.Syntax;

/**
 * Reads a {@code @Network} class into the compiler's IR: its loss, and one layer per annotated
 * field in declaration order. Problems only Java declarations can have (a final class, a private
 * field, a second layer annotation on one field) are reported here; the network itself is checked
 * by the compiler, so that both front ends share its rules.
 */
final class NetworkReader {
  /** What was read: the IR (empty if the class could not be read) and whether it is sound. */
  record Result(Optional<Network> network, boolean declarationsOk) {}

  /** An attribute javac could not evaluate (it has reported why). */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private final Elements elements;
  private final Types types;
  private final DiagnosticSink sink;

  NetworkReader(ProcessingEnvironment env, DiagnosticSink sink) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.sink = sink;
  }

  Result read(TypeElement type, AnnotationMirror networkAnnotation, TypeMirror layerType) {
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    List<String> simpleNames = simpleNames(type);
    String generated = Network.GENERATED_PREFIX + String.join("_", simpleNames);
    boolean ok = ClassRule.check(type, networkAnnotation, generated, sink);
    if (type.getKind() != ElementKind.CLASS) {
      return new Result(Optional.empty(), false);
    }
    ok &= checkMethods(type, generated);
    try {
      Map<String, AnnotationValue> attributes = values(networkAnnotation);
      LossKind loss = (LossKind) value(AttributeType.LOSS, attributes.get("loss"));
      List<String> classes = strings(attributes.get("classes"));
      List<String> outputs = strings(attributes.get("outputs"));
      List<LayerNode> layers = new ArrayList<>();
      Set<String> layerNames = new TreeSet<>();
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        List<AnnotationMirror> annotations = layerAnnotations(field);
        if (annotations.isEmpty()) {
          continue; // not a layer: left alone
        }
        ok &= FieldRule.check(field, annotations, layerType, generated, types, sink);
        layers.add(layer(field, annotations.get(0)));
        layerNames.add(field.getSimpleName().toString());
      }
      Set<String> reserved = new TreeSet<>();
      for (Element member : elements.getAllMembers(type)) {
        String name = member.getSimpleName().toString();
        if ((member.getKind().isField() || member.getKind() == ElementKind.METHOD)
            && !layerNames.contains(name)) {
          reserved.add(name);
        }
      }
      Network network = new Network(packageName, type.getSimpleName().toString(), generated,
          Optional.of(new Network.TypeRef(packageName, simpleNames)), loss, layers, reserved,
          Syntax.ANNOTATIONS, ElementOrigin.of(type, networkAnnotation))
          .withOutputNames(classes, outputs);
      return new Result(Optional.of(network), ok);
    } catch (Unreadable e) {
      return new Result(Optional.empty(), false);
    }
  }

  private static List<String> simpleNames(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return names;
  }

  /**
   * A concrete method of the class that the generated class would override to implement
   * {@code Model} is a clash: the user's code would silently stop running.
   */
  private boolean checkMethods(TypeElement type, String generated) {
    TypeElement model = elements.getTypeElement("org.dendrite.runtime.Model");
    if (model == null) {
      return true;
    }
    boolean ok = true;
    for (ExecutableElement mine : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      Element owner = mine.getEnclosingElement();
      if (mine.getModifiers().contains(Modifier.ABSTRACT)
          || owner.equals(model)
          || ((TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object")) {
        continue;
      }
      for (ExecutableElement theirs : ElementFilter.methodsIn(model.getEnclosedElements())) {
        if (theirs.getModifiers().contains(Modifier.ABSTRACT)
            && sameSignature(mine, theirs)) {
          Element at = owner.equals(type) ? mine : type;
          sink.report(Message.METHOD_CLASH.at(ElementOrigin.of(at, null),
              mine.getSimpleName() + "()", owner.getSimpleName(), generated));
          ok = false;
        }
      }
    }
    return ok;
  }

  private boolean sameSignature(ExecutableElement a, ExecutableElement b) {
    if (!a.getSimpleName().equals(b.getSimpleName())
        || a.getParameters().size() != b.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < a.getParameters().size(); i++) {
      if (!types.isSameType(types.erasure(a.getParameters().get(i).asType()),
          types.erasure(b.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  private List<AnnotationMirror> layerAnnotations(Element field) {
    List<AnnotationMirror> out = new ArrayList<>();
    for (AnnotationMirror m : field.getAnnotationMirrors()) {
      String name = ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
          .toString();
      if (AnnotationNames.LAYERS.contains(name)) {
        out.add(m);
      }
    }
    return out;
  }

  private LayerNode layer(VariableElement field, AnnotationMirror annotation) throws Unreadable {
    LayerKind kind = LayerKind.ofAnnotation(
        ((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().toString());
    Map<String, AnnotationValue> v = values(annotation);
    Map<String, Object> typed = new HashMap<>();
    for (Attribute a : kind.attributes()) {
      if (v.get(a.name()) == null && !a.required()) {
        continue; // an annotation compiled without the element (an older runtime): its default
      }
      typed.put(a.name(), value(a.type(), v.get(a.name())));
    }
    return kind.create(field.getSimpleName().toString(),
        Attributes.of(kind.attributes(), typed), ElementOrigin.of(field, annotation));
  }

  /** An annotation element's value as the IR types it (see {@link Attributes}). */
  private static Object value(AttributeType type, AnnotationValue value) throws Unreadable {
    switch (type) {
      case INTEGER:
        return as(value, Integer.class);
      case DECIMAL:
        return as(value, Float.class);
      case BOOLEAN:
        return as(value, Boolean.class);
      case INTEGERS:
        List<Integer> values = new ArrayList<>();
        for (AnnotationValue d : list(value)) {
          values.add(as(d, Integer.class));
        }
        return values;
      case NAME:
        return as(value, String.class);
      case NAMES:
        return strings(value);
      case ACTIVATION:
      case INIT:
      case LOSS:
      case PADDING:
        return type.constant(enumName(value));
      default:
        throw new AssertionError(type);
    }
  }

  /** A {@code String[]} element's values; empty for an annotation compiled without it. */
  private static List<String> strings(AnnotationValue value) throws Unreadable {
    if (value == null) {
      return List.of(); // a runtime jar older than the element
    }
    List<String> out = new ArrayList<>();
    for (AnnotationValue v : list(value)) {
      out.add(as(v, String.class));
    }
    return out;
  }

  private Map<String, AnnotationValue> values(AnnotationMirror annotation) {
    Map<String, AnnotationValue> out = new HashMap<>();
    elements.getElementValuesWithDefaults(annotation)
        .forEach((k, v) -> out.put(k.getSimpleName().toString(), v));
    return out;
  }

  private static <T> T as(AnnotationValue value, Class<T> type) throws Unreadable {
    if (value == null || !type.isInstance(value.getValue())) {
      throw new Unreadable();
    }
    return type.cast(value.getValue());
  }

  @SuppressWarnings("unchecked")
  private static List<? extends AnnotationValue> list(AnnotationValue value) throws Unreadable {
    if (value == null || !(value.getValue() instanceof List)) {
      throw new Unreadable();
    }
    return (List<? extends AnnotationValue>) value.getValue();
  }

  private static String enumName(AnnotationValue value) throws Unreadable {
    return as(value, VariableElement.class).getSimpleName().toString();
  }
}
