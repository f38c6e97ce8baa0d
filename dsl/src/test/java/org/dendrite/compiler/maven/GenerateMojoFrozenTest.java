package org.dendrite.compiler.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.testing.InMemoryJavac;
import org.dendrite.runtime.Layer;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.TensorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code generate} goal's {@code frozenWeights}, the Maven form of {@code nnc --weights}: the
 * frozen class beside the trainable one in the generated sources, its weights resource in the
 * generated resources, the same predictions; weights that do not fit, a missing file and a name
 * no {@code .nn} file declares fail the build with the reason.
 */
class GenerateMojoFrozenTest {
  /** BatchNorm folded into a Dense, dropout, softmax: over the unroll limit, so a resource. */
  static final String NET = """
      package org.example
      network Folded(loss = sparse_categorical_crossentropy) {
          input     x [6]
          dense     hidden (units = 100, useBias = false)
          batchnorm norm (epsilon = 0.001, activation = relu)
          dropout   drop (rate = 0.5)
          dense     output (units = 3, activation = softmax)
      }
      """;

  @TempDir
  Path dir;

  @Test
  void frozenWeightsWriteTheFrozenClassAndItsResourceWhichPredictAsTheTrainableClass()
      throws Exception {
    Model model = trainable(NET);
    SplittableRandom random = new SplittableRandom(8);
    randomize(model, random);
    Path weights = dir.resolve("folded.safetensors");
    model.save(weights);

    GenerateMojo mojo = mojo(Map.of("Folded", weights.toFile()));
    mojo.execute();
    Path sources = dir.resolve("generated-sources");
    Path resources = dir.resolve("generated-resources");
    assertTrue(Files.exists(sources.resolve("org/example/CompiledFolded.java")));
    String frozen = Files.readString(sources.resolve("org/example/FrozenFolded.java"));
    assertTrue(frozen.contains("hidden+norm"), "BatchNorm folded into the Dense before it");
    Path bin = resources.resolve("org/example/FrozenFolded.bin");
    assertTrue(Files.size(bin) > 4 * 600, bin + " holds the weights");

    // Run again: the frozen class is the goal's own output, not a stale class to remove.
    mojo(Map.of("Folded", weights.toFile())).execute();
    assertTrue(Files.exists(sources.resolve("org/example/FrozenFolded.java")));

    Class<?> type = load(sources, resources, "org.example.FrozenFolded");
    int count = 16;
    float[] x = new float[count * 6];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    float[] expected = new float[count * 3];
    model.predictBatch(x, expected, count);
    float[] actual = new float[count * 3];
    type.getMethod("predictBatch", float[].class, float[].class, int.class)
        .invoke(null, x, actual, count);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])),
          "output " + i);
    }
  }

  @Test
  void weightsThatDoNotFitAMissingFileAndAnUnknownNetworkFailTheBuild() throws Exception {
    Model other = trainable(NET.replace("units = 100", "units = 101"));
    Path wider = dir.resolve("wider.safetensors");
    other.save(wider);
    MojoFailureException misfit = assertThrows(MojoFailureException.class,
        () -> mojo(Map.of("Folded", wider.toFile())).execute());
    assertTrue(misfit.getMessage().startsWith("frozenWeights of Folded: " + wider
        + " does not fit Folded: tensor 'hidden.kernel' is [6, 101] in the file but [6, 100]"),
        misfit.getMessage());

    Path absent = dir.resolve("absent.safetensors");
    MojoFailureException missing = assertThrows(MojoFailureException.class,
        () -> mojo(Map.of("Folded", absent.toFile())).execute());
    assertEquals("frozenWeights of Folded: file not found: " + absent, missing.getMessage());

    MojoFailureException unknown = assertThrows(MojoFailureException.class,
        () -> mojo(Map.of("Fashion", wider.toFile())).execute());
    assertEquals("frozenWeights names network Fashion, which no .nn file declares; declared:"
        + " [Folded]", unknown.getMessage());
    assertTrue(!Files.exists(dir.resolve("generated-sources/org/example/FrozenFolded.java")),
        "nothing frozen is written when the build fails");
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The goal over {@code dir/nn/Folded.nn} as Maven would configure it. */
  private GenerateMojo mojo(Map<String, File> frozen) throws Exception {
    Path nn = dir.resolve("nn");
    Files.createDirectories(nn);
    Files.writeString(nn.resolve("Folded.nn"), NET);
    GenerateMojo mojo = new GenerateMojo();
    set(mojo, "sourceDirectory", nn.toFile());
    set(mojo, "outputDirectory", dir.resolve("generated-sources").toFile());
    set(mojo, "diagramDirectory", dir.resolve("generated-resources").toFile());
    set(mojo, "project", new MavenProject());
    set(mojo, "frozenWeights", frozen);
    return mojo;
  }

  private static void set(Object target, String field, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(field);
    f.setAccessible(true);
    f.set(target, value);
  }

  private static Model trainable(String text) throws Exception {
    String source = new NnCompiler().compile(List.of(new SourceFile("net.nn", text))).files()
        .get(0).toString();
    return (Model) InMemoryJavac.compile(Map.of("org.example.CompiledFolded", source))
        .loadClass("org.example.CompiledFolded").getConstructor(long.class).newInstance(3L);
  }

  /** Every weight and statistic random (variances in [0.2, 2]). */
  private static void randomize(Model model, SplittableRandom random) {
    for (Layer layer : model.layers()) {
      for (List<TensorView> views : List.of(layer.weights(), layer.state())) {
        for (TensorView v : views) {
          boolean variance = v.name().endsWith("variance");
          for (int i = 0; i < v.size(); i++) {
            v.set(i, (float) random.nextDouble(variance ? 0.2 : -1, variance ? 2 : 1));
          }
        }
      }
    }
  }

  /** Compiles the generated class and loads it with the generated resources on the path. */
  private Class<?> load(Path sources, Path resources, String name) throws Exception {
    Path classes = dir.resolve("classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"),
        sources.resolve(name.replace('.', '/') + ".java").toString()));
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(),
        resources.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass(name);
  }
}
