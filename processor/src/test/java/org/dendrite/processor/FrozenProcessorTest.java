package org.dendrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.dendrite.processor.Sources.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Adendrite.frozen.weights=Name=FILE}: the processor also writes {@code Frozen<Name>} from
 * the weights {@code Compiled<Name>} saved, and the frozen class predicts what the trainable one
 * does (BatchNorm folded, dropout gone; a small network unrolled, a larger one reading its
 * resource); weights that do not fit, a missing file and a malformed option are errors on the
 * class or the compilation, a name no class declares a warning.
 */
class FrozenProcessorTest {
  /** 20·32 + 32 + 4·32 + 32·5 + 5 values: above the unroll limit, so it has a resource. */
  static final JavaFileObject WIDE = network("Wide", "SPARSE_CATEGORICAL_CROSSENTROPY",
      "  @Input(20) Layer x;",
      "  @Dense(units = 32, activation = Activation.RELU) Layer hidden;",
      "  @BatchNorm(activation = Activation.TANH) Layer norm;",
      "  @Dropout(rate = 0.3f) Layer drop;",
      "  @Dense(units = 5, activation = Activation.SOFTMAX) Layer out;");

  /** 3·4 + 4 + 4·2 + 2 = 26 weights: unrolled into constants, no resource. */
  static final JavaFileObject TINY = network("Tiny", "MSE",
      "  @Input(3) Layer x;",
      "  @Dense(units = 4, activation = Activation.RELU) Layer hidden;",
      "  @Dense(units = 2) Layer out;");

  @TempDir
  Path dir;

  @Test
  void frozenClassesPredictAsTheTrainableOnes() throws Exception {
    Path wide = save(WIDE, "Wide", 11);
    Path tiny = save(TINY, "Tiny", 12);
    Compilation c = compile("Wide=" + wide + ", Tiny=" + tiny);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.FrozenWide").contentsAsUtf8String()
        .contains("@Generated(\"org.dendrite.processor.DendriteProcessor\")");
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, "test", "FrozenWide.bin");
    assertFalse(c.generatedFile(StandardLocation.CLASS_OUTPUT, "test", "FrozenTiny.bin")
        .isPresent(), "an unrolled class needs no resource");

    ClassLoader loader = loader(c);
    assertFrozenPredictsAsTrainable(loader, "Wide", wide, 20, 5);
    assertFrozenPredictsAsTrainable(loader, "Tiny", tiny, 3, 2);
  }

  @Test
  void weightsOfAnotherNetworkAreAnErrorOnTheClassNamingTheTensor() throws Exception {
    Path tiny = save(TINY, "Tiny", 12);
    Compilation c = compile("Wide=" + tiny);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[Dendrite/Frozen] cannot freeze Wide"
        + " (-Adendrite.frozen.weights): ").inFile(WIDE).onLineContaining("class Wide");
    assertThat(c).hadErrorContaining("'hidden.kernel'");
  }

  @Test
  void aMissingFileIsAnErrorSayingWhereRelativePathsStart() {
    Compilation c = compile("Wide=no/such.safetensors");
    assertThat(c).hadErrorContaining("file not found: no/such.safetensors (relative to ")
        .inFile(WIDE).onLineContaining("class Wide");
    assertThat(c).hadErrorContaining("in Maven write ${project.basedir}/no/such.safetensors");
  }

  @Test
  void aFileNameThatIsNoPathIsAnError() {
    Compilation c = compile("Wide=bad\0name.safetensors");
    assertThat(c).hadErrorContaining("-Adendrite.frozen.weights: 'bad\0name.safetensors' is not"
        + " a path");
  }

  @Test
  void aMalformedOptionIsAnError() {
    Compilation c = compile("Wide");
    assertThat(c).hadErrorContaining("-Adendrite.frozen.weights: 'Wide' is not"
        + " Name=FILE.safetensors");
  }

  @Test
  void aNameNoClassDeclaresIsAWarning() throws Exception {
    Path tiny = save(TINY, "Tiny", 12);
    Compilation c = compile("Tiny=" + tiny + ",Nope=x.safetensors");
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("-Adendrite.frozen.weights names network Nope, which no"
        + " @Network class compiled here declares (declared: [Tiny, Wide])");
    assertThat(c).generatedSourceFile("test.FrozenTiny");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Compilation compile(String option) {
    return javac().withProcessors(new DendriteProcessor())
        .withOptions("-A" + DendriteProcessor.FROZEN_OPTION + "=" + option)
        .compile(WIDE, TINY);
  }

  /**
   * Compiles {@code source}, makes {@code Compiled<name>} with {@code seed}, gives its BatchNorm
   * statistics far from their defaults (so that folding them is tested), and saves its weights.
   */
  private Path save(JavaFileObject source, String name, long seed) throws Exception {
    Compilation c = javac().withProcessors(new DendriteProcessor()).compile(source);
    assertThat(c).succeeded();
    Model model = trainable(loader(c), name);
    SplittableRandom random = new SplittableRandom(seed);
    for (Layer layer : model.layers()) {
      for (TensorView state : layer.state()) {
        for (int i = 0; i < state.size(); i++) {
          state.set(i, (float) random.nextDouble(0.3, 1.5));
        }
      }
      for (TensorView w : layer.weights()) {
        if (w.name().endsWith("gamma") || w.name().endsWith("beta")) {
          for (int i = 0; i < w.size(); i++) {
            w.set(i, (float) random.nextDouble(-1, 1));
          }
        }
      }
    }
    Path file = dir.resolve(name + ".safetensors");
    model.save(file);
    return file;
  }

  private static Model trainable(ClassLoader loader, String name) throws Exception {
    Model model = (Model) loader.loadClass("test.Compiled" + name).getConstructor(long.class)
        .newInstance(5L);
    return model;
  }

  private static void assertFrozenPredictsAsTrainable(ClassLoader loader, String name,
      Path weights, int inputs, int outputs) throws Exception {
    Model model = trainable(loader, name);
    model.loadWeights(weights);
    Method predict = loader.loadClass("test.Frozen" + name)
        .getMethod("predict", float[].class, float[].class);
    SplittableRandom random = new SplittableRandom(name.hashCode());
    float[] input = new float[inputs];
    float[] expected = new float[outputs];
    float[] actual = new float[outputs];
    for (int sample = 0; sample < 50; sample++) {
      for (int i = 0; i < inputs; i++) {
        input[i] = (float) random.nextDouble(-2, 2);
      }
      model.predict(input, expected);
      predict.invoke(null, input, actual);
      for (int j = 0; j < outputs; j++) {
        assertEquals(expected[j], actual[j], 1e-5f * Math.max(1f, Math.abs(expected[j])),
            name + " sample " + sample + " output " + j);
      }
    }
  }

  /** A class loader over the compilation's class files and resources, parent the test's. */
  private static ClassLoader loader(Compilation c) {
    Map<String, byte[]> files = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      String path = f.toUri().getPath();
      String marker = "/CLASS_OUTPUT/";
      int at = path.indexOf(marker);
      if (at < 0) {
        continue;
      }
      try (InputStream in = f.openInputStream()) {
        files.put(path.substring(at + marker.length()), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertTrue(files.keySet().stream().anyMatch(p -> p.endsWith(".class")), files.keySet()
        .toString());
    return new ClassLoader(FrozenProcessorTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = files.get(name.replace('.', '/') + ".class");
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }

      @Override
      public InputStream getResourceAsStream(String name) {
        byte[] bytes = files.get(name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
      }
    };
  }
}
