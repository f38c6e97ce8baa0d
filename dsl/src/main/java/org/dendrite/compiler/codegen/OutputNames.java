package org.dendrite.compiler.codegen;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import org.dendrite.compiler.emit.RuntimeNames;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.layers.PassScope;

/**
 * The typed outputs of a network that names them. With {@code classes}: an enum {@code Label}
 * of the classes, {@code predictClass} and {@code predictClasses} returning it, and
 * {@code classNames()}. With {@code outputs}: a constant {@code OUTPUT_<NAME>} per output (its
 * position in a prediction) and {@code outputNames()}. Nothing for a network that names neither,
 * whose class is unchanged.
 */
final class OutputNames {
  private static final TypeName STRINGS =
      ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));

  private final Network network;
  private final String label;
  private final String names;

  /** Allocates the members' names in {@code allocator}, after the class's other names. */
  OutputNames(Network network, NameAllocator allocator) {
    this.network = network;
    boolean any = !network.classes().isEmpty() || !network.outputNames().isEmpty();
    this.label = network.classes().isEmpty() ? null : allocator.newName("Label");
    this.names = any ? allocator.newName(label != null ? "CLASS_NAMES" : "OUTPUT_NAMES") : null;
  }

  /** Adds the members to the generated class {@code self}. */
  void addTo(TypeSpec.Builder type, ClassName self) {
    if (names == null) {
      return;
    }
    List<String> values = label != null ? network.classes() : network.outputNames();
    CodeBlock.Builder list = CodeBlock.builder().add("$T.of(", List.class);
    for (int i = 0; i < values.size(); i++) {
      list.add(i == 0 ? "$S" : ", $S", values.get(i));
    }
    type.addField(FieldSpec.builder(STRINGS, names, PRIVATE, STATIC, FINAL)
        .initializer(list.add(")").build()).build());
    if (label == null) {
      for (int i = 0; i < values.size(); i++) {
        type.addField(FieldSpec.builder(int.class, "OUTPUT_" + Network.constantOf(values.get(i)),
                PUBLIC, STATIC, FINAL)
            .addJavadoc("The position of output \"$L\" in a prediction.\n", html(values.get(i)))
            .initializer("$L", i).build());
      }
      type.addMethod(getter("outputNames", names));
      return;
    }
    ClassName labelType = self.nestedClass(label);
    type.addType(labelEnum(values));
    type.addMethod(getter("classNames", names));
    type.addMethod(MethodSpec.methodBuilder("predictClass")
        .addModifiers(PUBLIC)
        .returns(labelType)
        .addJavadoc("The class {@code input} is predicted to be: the largest output's, or for a"
            + " single\nsigmoid output the second class if it is at least 0.5.\n")
        .addParameter(PassScope.FLOATS, "input")
        .addStatement("return $T.values()[$T.classIndex(predict(input), 0, OUTPUT_SIZE)]",
            labelType, RuntimeNames.MODEL)
        .build());
    type.addMethod(MethodSpec.methodBuilder("predictClasses")
        .addModifiers(PUBLIC)
        .returns(ArrayTypeName.of(labelType))
        .addJavadoc("The classes of {@code count} samples of {@code inputs}, as {@link"
            + " #predictClass}.\n")
        .addParameter(PassScope.FLOATS, "inputs")
        .addParameter(int.class, "count")
        .addStatement("float[] outputs = new float[$T.multiplyExact(Math.max(count, 0),"
            + " OUTPUT_SIZE)]", Math.class)
        .addStatement("predictBatch(inputs, outputs, count)")
        .addStatement("$T[] all = $T.values()", labelType, labelType)
        .addStatement("$T[] classes = new $T[count]", labelType, labelType)
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("classes[i] = all[$T.classIndex(outputs, i * OUTPUT_SIZE, OUTPUT_SIZE)]",
            RuntimeNames.MODEL)
        .endControlFlow()
        .addStatement("return classes")
        .build());
  }

  private TypeSpec labelEnum(List<String> classes) {
    TypeSpec.Builder e = TypeSpec.enumBuilder(label)
        .addModifiers(PUBLIC)
        .addJavadoc("The classes of {@code $L}'s outputs, in output order.\n", network.name());
    for (String c : classes) {
      e.addEnumConstant(Network.constantOf(c), TypeSpec.anonymousClassBuilder("$S", c).build());
    }
    e.addField(String.class, "label", PRIVATE, FINAL);
    e.addMethod(MethodSpec.constructorBuilder().addParameter(String.class, "label")
        .addStatement("this.label = label").build());
    e.addMethod(MethodSpec.methodBuilder("label").addModifiers(PUBLIC).returns(String.class)
        .addJavadoc("The class's name as declared.\n").addStatement("return label").build());
    e.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class)
        .addModifiers(PUBLIC).returns(String.class).addStatement("return label").build());
    return e.build();
  }

  /** A user's name as Javadoc text: nothing in it can end the comment or start a tag. */
  private static String html(String name) {
    return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("@", "&#64;").replace("{", "&#123;").replace("}", "&#125;")
        .replace("*/", "*&#47;").replace("\\", "&#92;");
  }

  private static MethodSpec getter(String name, String field) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(PUBLIC)
        .returns(STRINGS).addStatement("return $N", field).build();
  }
}
