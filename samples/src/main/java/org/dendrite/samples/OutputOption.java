package org.dendrite.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dendrite.runtime.io.FileErrors;
import picocli.CommandLine.Option;

/** The {@code --out} option of the samples that write files: where they go. */
final class OutputOption {
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Folder for the files the sample writes, created if needed"
          + " (default: ${DEFAULT-VALUE}).")
  Path directory;

  /** Something that writes one file. */
  interface FileWriter {
    void write(Path file) throws IOException;
  }

  /** {@code name} in the output folder, which this creates. */
  Path file(String name) throws IOException {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw FileErrors.wrap("create the output folder", directory, e);
    }
    return directory.resolve(name);
  }

  /** Writes {@code name} into the output folder with {@code writer}, says so, returns its path. */
  Path write(String name, FileWriter writer) throws IOException {
    Path file = file(name);
    writer.write(file);
    System.out.println("Wrote " + file);
    return file;
  }
}
