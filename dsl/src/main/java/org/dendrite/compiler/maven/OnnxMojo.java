package org.dendrite.compiler.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.nn.NnCompiler;
import org.dendrite.compiler.onnx.OnnxCompiler;
import org.dendrite.compiler.onnx.OnnxImportException;

/**
 * Compiles the ONNX files under {@code src/main/onnx} into Java sources under {@code
 * target/generated-sources/onnx}, and their weights into resources under {@code
 * target/generated-resources/onnx}, and adds both folders to the build. A file's folder below
 * {@code src/main/onnx} is its package and its name the network's: {@code
 * src/main/onnx/org/example/fashion_mlp.onnx} becomes {@code org.example.CompiledFashionMlp} (with
 * {@code pretrained()}) and {@code org.example.FrozenFashionMlp}. A model Dendrite cannot import
 * fails the build with a message naming the file, the node and its operator.
 */
@Mojo(name = "onnx", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class OnnxMojo extends AbstractMojo {
  /** Where the ONNX files are; every {@code *.onnx} below it is compiled. */
  @Parameter(property = "dendrite.onnx.sourceDirectory",
      defaultValue = "${project.basedir}/src/main/onnx")
  private File sourceDirectory;

  /** Where the generated sources go; added to the project's compile source roots. */
  @Parameter(property = "dendrite.onnx.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/onnx")
  private File outputDirectory;

  /** Where the weights resources go; added to the project's resources. */
  @Parameter(property = "dendrite.onnx.resourceDirectory",
      defaultValue = "${project.build.directory}/generated-resources/onnx")
  private File resourceDirectory;

  /** Skips the goal. */
  @Parameter(property = "dendrite.onnx.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping ONNX compilation (dendrite.onnx.skip)");
      return;
    }
    Path root = sourceDirectory.toPath();
    List<Path> models = models(root);
    if (models.isEmpty()) {
      getLog().info("No .onnx files in " + sourceDirectory);
      return;
    }
    Path sources = outputDirectory.toPath();
    Path resources = resourceDirectory.toPath();
    for (Path model : models) {
      Path folder = root.relativize(model).getParent();
      String packageName = folder == null ? "" : folder.toString().replace(File.separatorChar, '.');
      String name = OnnxCompiler.networkName(model.getFileName().toString());
      OnnxCompiler.Result result;
      try {
        result = OnnxCompiler.compile(model, packageName, name);
      } catch (OnnxImportException e) {
        throw new MojoFailureException(e.getMessage());
      } catch (IOException e) {
        throw new MojoExecutionException("cannot read " + model, e);
      }
      for (Diagnostic d : result.diagnostics()) {
        getLog().warn(d.origin().describe() + ": " + d.message());
      }
      try {
        NnCompiler.write(List.of(result.file(), result.frozen()), sources);
        Path target = folder == null ? resources : resources.resolve(folder);
        Files.createDirectories(target);
        Files.write(target.resolve(OnnxCompiler.weightsResource(name)), result.weights());
        if (result.frozenWeights().length > 0) {
          Files.write(target.resolve("Frozen" + name + ".bin"), result.frozenWeights());
        }
      } catch (IOException e) {
        throw new MojoExecutionException("cannot write the classes of " + model, e);
      }
      getLog().info("Compiled " + model + " into Compiled" + name + " and Frozen" + name);
    }
    project.addCompileSourceRoot(sources.toString());
    Resource resource = new Resource();
    resource.setDirectory(resources.toString());
    project.addResource(resource);
  }

  private static List<Path> models(Path directory) throws MojoExecutionException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> p.toString().endsWith(".onnx") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list " + directory, e);
    }
  }
}
