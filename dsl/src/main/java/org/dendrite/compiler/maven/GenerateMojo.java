package org.dendrite.compiler.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.palantir.javapoet.JavaFile;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticFormatter;
import org.dendrite.compiler.diag.Severity;
import org.dendrite.compiler.frozen.FrozenWriter;
import org.dendrite.compiler.frozen.TrainedWeights;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.plan.Plan;

/**
 * Compiles the {@code .nn} files under {@code src/main/nn} into Java sources under {@code
 * target/generated-sources/nn} and adds that folder to the compile source roots, as the protobuf
 * and ANTLR plugins do with theirs: bound to {@code generate-sources}, so that {@code mvn compile}
 * and IDEs that import the build see the generated classes. Errors are printed in javac's format
 * and fail the build.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
  /** Where the {@code .nn} files are; every {@code *.nn} below it is compiled. */
  @Parameter(property = "dendrite.nn.sourceDirectory",
      defaultValue = "${project.basedir}/src/main/nn")
  private File sourceDirectory;

  /** Where the generated sources go; added to the project's compile source roots. */
  @Parameter(property = "dendrite.nn.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/nn")
  private File outputDirectory;

  /**
   * Where the networks' diagrams go ({@code CompiledX.svg}, read by {@code model.diagram()}, and
   * {@code CompiledX.dot}); added to the project's resources.
   */
  @Parameter(property = "dendrite.nn.diagramDirectory",
      defaultValue = "${project.build.directory}/generated-resources/nn")
  private File diagramDirectory;

  /** Skips the goal. */
  @Parameter(property = "dendrite.nn.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Trained weights to freeze, by network name, as {@code nnc --weights} does: {@code
   * <frozenWeights><Fashion>${project.basedir}/weights/fashion.safetensors</Fashion></frozenWeights>}
   * also writes {@code FrozenFashion.java} beside {@code CompiledFashion.java}, and its weights
   * {@code FrozenFashion.bin} into {@link #diagramDirectory} (a resource beside the class). A file
   * that does not fit its network, or a name no {@code .nn} file declares, fails the build.
   */
  @Parameter
  private Map<String, File> frozenWeights;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping .nn compilation (dendrite.nn.skip)");
      return;
    }
    List<Path> sources = sources(sourceDirectory.toPath());
    if (sources.isEmpty()) {
      getLog().info("No .nn files in " + sourceDirectory);
      return;
    }
    NnCompiler.Result result = new NnCompiler().compileFiles(sources);
    DiagnosticFormatter formatter = new DiagnosticFormatter(result.sources());
    for (Diagnostic d : result.diagnostics()) {
      String text = formatter.format(d);
      if (d.severity() == Severity.ERROR) {
        getLog().error(text);
      } else if (d.severity() == Severity.WARNING) {
        getLog().warn(text);
      } else {
        getLog().info(text);
      }
    }
    if (result.hasErrors()) {
      throw new MojoFailureException(".nn compilation failed: "
          + DiagnosticFormatter.summary(result.diagnostics()).replace('\n', ',')
          + "; see the messages above");
    }
    List<FrozenWriter> frozen = frozen(result);
    Path out = outputDirectory.toPath();
    try {
      List<JavaFile> files = new ArrayList<>(result.files());
      for (FrozenWriter f : frozen) {
        JavaFile source = f.write();
        files.add(source);
        byte[] weights = f.weights();
        if (weights.length > 0) {
          Path folder = diagramDirectory.toPath().resolve(
              source.packageName().replace('.', File.separatorChar));
          Files.createDirectories(folder);
          Files.write(folder.resolve(f.resource()), weights);
        }
      }
      List<Path> written = NnCompiler.write(files, out);
      removeStale(out, written);
      NnCompiler.writeDiagrams(result, diagramDirectory.toPath());
      getLog().info("Compiled " + sources.size() + " .nn file(s) into " + written.size()
          + " class(es) in " + out);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write generated sources to " + out, e);
    }
    project.addCompileSourceRoot(out.toString());
    org.apache.maven.model.Resource diagrams = new org.apache.maven.model.Resource();
    diagrams.setDirectory(diagramDirectory.toString());
    project.addResource(diagrams);
  }

  /** The frozen classes {@link #frozenWeights} asks for, their weights read and checked. */
  private List<FrozenWriter> frozen(NnCompiler.Result result) throws MojoFailureException {
    List<FrozenWriter> writers = new ArrayList<>();
    if (frozenWeights == null) {
      return writers;
    }
    List<String> declared = result.plans().stream().map(p -> p.network().name()).toList();
    for (Map.Entry<String, File> e : new TreeMap<>(frozenWeights).entrySet()) {
      int index = declared.indexOf(e.getKey());
      if (index < 0) {
        throw new MojoFailureException("frozenWeights names network " + e.getKey()
            + ", which no .nn file declares; declared: " + declared);
      }
      Plan plan = result.plans().get(index);
      try {
        writers.add(new FrozenWriter(plan.network(), TrainedWeights.read(plan,
            e.getValue().toPath()), NnCompiler.GENERATOR, FrozenWriter.UNROLL_LIMIT));
      } catch (NoSuchFileException x) {
        throw new MojoFailureException("frozenWeights of " + e.getKey() + ": file not found: "
            + e.getValue());
      } catch (IOException | IllegalArgumentException x) {
        // IOException: the file does not fit; IllegalArgumentException: no frozen form.
        throw new MojoFailureException("frozenWeights of " + e.getKey() + ": " + x.getMessage());
      }
      getLog().info("Freezing " + e.getKey() + " with " + e.getValue());
    }
    return writers;
  }

  private static List<Path> sources(Path directory) throws MojoExecutionException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> p.toString().endsWith(".nn") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list " + directory, e);
    }
  }

  /**
   * Deletes classes generated by an earlier run whose network is gone, so that a renamed network
   * does not leave its old class behind. Only files this compiler generated are touched.
   */
  private void removeStale(Path out, List<Path> written) throws IOException {
    Set<Path> keep = new HashSet<>(written);
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.toString().endsWith(".java") && !keep.contains(p) && generatedHere(p)) {
          stale.add(p);
        }
      }
    }
    for (Path p : stale) {
      getLog().info("Removing " + p + ": its network is gone");
      Files.delete(p);
    }
  }

  private static boolean generatedHere(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8)
        .contains("@Generated(\"" + NnCompiler.GENERATOR + "\")");
  }
}
