package org.dendrite.compiler.nn;

import static org.dendrite.compiler.nn.Nn.compile;
import static org.dendrite.compiler.nn.Nn.render;
import static org.dendrite.compiler.nn.Nn.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * Typed outputs: {@code classes = [...]} makes an enum and predictClass, {@code outputs = [...]}
 * named outputs; the checker refuses lists that do not fit the output layer.
 */
class OutputNamesTest {
  static Class<?> load(NnCompiler.Result r, String name) throws ClassNotFoundException {
    assertFalse(r.hasErrors(), () -> render(r));
    JavaFile file = r.files().get(0);
    return InMemoryJavac.compile(Map.of(name, file.toString())).loadClass(name);
  }

  @Test
  void classesMakeAnEnumAndPredictClass() throws Exception {
    NnCompiler.Result r = compile("network Clothes(loss = sparse_categorical_crossentropy,",
        "    classes = [\"T-shirt/top\", \"Trouser\", \"say \\\"hi\\\"\"]) {",
        "  input x [2]",
        "  dense out (units = 3, activation = softmax)",
        "}");
    Class<?> type = load(r, "CompiledClothes");
    Model model = (Model) type.getConstructor(long.class).newInstance(1L);
    assertEquals(List.of("T-shirt/top", "Trouser", "say \"hi\""), model.classNames());
    Class<?> label = Class.forName("CompiledClothes$Label", true, type.getClassLoader());
    assertEquals("[T_SHIRT_TOP, TROUSER, SAY_HI]", Arrays.toString(Arrays.stream(
        label.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toArray()));
    assertEquals("T-shirt/top", label.getEnumConstants()[0].toString());
    float[] input = {0.5f, -2f};
    float[] out = model.predict(input);
    Object predicted = type.getMethod("predictClass", float[].class).invoke(model, input);
    assertEquals(Model.classIndex(out, 0, 3), ((Enum<?>) predicted).ordinal());
    Object[] batch = (Object[]) type.getMethod("predictClasses", float[].class, int.class)
        .invoke(model, new float[] {0.5f, -2f, 3f, 1f}, 2);
    assertEquals(predicted, batch[0]);
    assertEquals(Model.classIndex(model.predict(new float[] {3f, 1f}), 0, 3),
        ((Enum<?>) batch[1]).ordinal());
  }

  @Test
  void aSingleSigmoidUnitTakesTwoClasses() throws Exception {
    NnCompiler.Result r = compile("network Spam(loss = binary_crossentropy, classes = [\"ham\","
        + " \"spam\"]) {", "  input x [1]", "  dense p (units = 1, activation = sigmoid)", "}");
    Class<?> type = load(r, "CompiledSpam");
    Model model = (Model) type.getConstructor(long.class).newInstance(2L);
    Object predicted = type.getMethod("predictClass", float[].class).invoke(model,
        new float[] {0.3f});
    assertEquals(model.predict(new float[] {0.3f})[0] >= 0.5f ? "spam" : "ham",
        predicted.toString());
  }

  @Test
  void outputsAreNamedConstantsAndReadByName() throws Exception {
    NnCompiler.Result r = compile("network House(loss = mse, outputs = [\"price\", \"rent per"
        + " month\"]) {", "  input x [3]", "  dense y (units = 2)", "}");
    Class<?> type = load(r, "CompiledHouse");
    assertEquals(0, type.getField("OUTPUT_PRICE").getInt(null));
    assertEquals(1, type.getField("OUTPUT_RENT_PER_MONTH").getInt(null));
    Model model = (Model) type.getConstructor(long.class).newInstance(3L);
    float[] out = model.predict(new float[] {1, 2, 3});
    assertEquals(out[1], model.output(out, "rent per month"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.output(out, "rent"));
    assertEquals("House has no output 'rent'; its outputs are [price, rent per month]",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.output(new float[3], "price"));
    assertTrue(Arrays.stream(type.getMethods()).noneMatch(m -> m.getName()
        .equals("predictClass")), "no classes, no predictClass");
  }

  @Test
  void listsThatDoNotFitTheOutputAreRefused() {
    String head = "network Net(loss = sparse_categorical_crossentropy, ";
    String[] body = {"  input x [2]", "  dense y (units = 3, activation = softmax)", "}"};
    single(compile(concat(head + "classes = [\"a\", \"b\"]) {", body)), "OutputNames", 1, 63,
        "network 'Net' lists 2 classes, but its output layer 'y' has 3 unit(s); list one class"
            + " per unit");
    single(compile(concat(head + "classes = [\"a\", \"b\", \"a\"]) {", body)), "OutputNames",
        1, 63, "network 'Net': it lists class 'a' twice; each must be distinct");
    single(compile(concat(head + "classes = [\"a b\", \"a-b\", \"c\"]) {", body)),
        "OutputNames", 1, 63, "network 'Net': classes 'a b' and 'a-b' both become the Java"
            + " constant A_B; rename one");
    single(compile(concat(head + "classes = [\"?\", \"b\", \"c\"]) {", body)), "OutputNames",
        1, 63, "network 'Net': class '?' has no letter or digit to make a Java name of; give"
            + " it one");
    single(compile(concat(head + "classes = [\"a\", \"b\", \"c\"], outputs = [\"x\", \"y\","
        + " \"z\"]) {", body)), "OutputNames", 1, 63, "network 'Net': it lists both classes"
            + " and outputs; classes name a classifier's outputs, outputs a regression's: keep"
            + " one");
    single(compile("network B(loss = binary_crossentropy, classes = [\"yes\"]) {",
        "  input x [1]", "  dense p (units = 1, activation = sigmoid)", "}"), "OutputNames", 1,
        49, "network 'B' lists 1 classes, but its output layer 'p' has 1 unit(s); a single"
            + " sigmoid unit takes 2 classes: the class of 0, then the class of 1");
    single(compile("network R(loss = mse, outputs = [\"size\"]) {", "  input x [1]",
        "  dense p (units = 1)", "}"), "OutputNames", 1, 33, "network 'R': output 'size' would"
            + " be the constant OUTPUT_SIZE, which every network has; rename it");
  }

  @Test
  void namesAreQuotedOnOneLine() {
    // The syntax error is the one that matters; the parser's recovery may add others.
    Nn.assertAt(syntax(compile("network Net(loss = mse, outputs = [\"price]) {",
        "  input x [1]", "  dense p (units = 1)", "}")), "Syntax", 1, 36,
        "unexpected character '\"'; a quoted name (classes = [\"cat\"]) ends with '\"' on its"
            + " line; write \\\" for a quote inside it");
    // A bare word is a layer name's spelling, not an output's: the type says so.
    single(compile("network Net(loss = mse, outputs = [price]) {", "  input x [1]",
        "  dense p (units = 1)", "}"), "AttributeType", 1, 36,
        "'outputs' takes a list of quoted names, not the name 'price'; e.g. outputs ="
            + " [\"price\"]");
    single(compile("network Net(loss = mse, outputs = [1]) {", "  input x [1]",
        "  dense p (units = 1)", "}"), "AttributeType", 1, 36, null);
  }

  private static org.dendrite.compiler.diag.Diagnostic syntax(NnCompiler.Result r) {
    return r.diagnostics().stream().filter(d -> d.tag().equals("Syntax")).findFirst()
        .orElseThrow(() -> new AssertionError("no syntax error in\n" + render(r)));
  }

  private static String[] concat(String first, String... rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
