package org.dendrite.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads one file over HTTP(S) to a temporary file, with a progress bar, and checks its size
 * and SHA-256 against the published ones. The caller moves the verified file into place; a
 * failed or corrupt transfer leaves nothing behind.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: it has a read
 * timeout, so a server that stalls mid-file ends the download with an error instead of hanging
 * it for ever; it follows redirects within a protocol, as GitHub's raw files need.
 */
final class Download {
  private static final int CONNECT_TIMEOUT_SECONDS = 30;
  /** How long the server may stay silent, before answering or within the file. */
  private static final int READ_TIMEOUT_SECONDS = 60;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR = 30;

  private final PrintStream progress;
  private final boolean interactive;
  private final int readTimeoutMillis;

  /**
   * Downloads reporting to {@code progress}: a bar redrawn in place if {@code interactive}, else
   * one line when a file starts and one when it is done.
   */
  Download(PrintStream progress, boolean interactive) {
    this(progress, interactive, READ_TIMEOUT_SECONDS * 1000);
  }

  /** With another read timeout (for tests of a stalled server). */
  Download(PrintStream progress, boolean interactive, int readTimeoutMillis) {
    this.progress = progress;
    this.interactive = interactive;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /**
   * Downloads {@code uri} into a new temporary file in {@code dir} and returns it, once its
   * length is {@code size} and its SHA-256 is {@code sha256}.
   *
   * @throws IOException saying what went wrong (the server's status, a connection that failed or
   *     closed early, a file of another size or checksum); no temporary file is left then
   */
  Path fetch(URI uri, Path dir, String name, long size, String sha256) throws IOException {
    Path temp = Files.createTempFile(dir, "." + name + ".", ".part");
    boolean done = false;
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setConnectTimeout(CONNECT_TIMEOUT_SECONDS * 1000);
      connection.setReadTimeout(readTimeoutMillis);
      connection.setInstanceFollowRedirects(true);
      int status = connection.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException("the server answered HTTP " + status);
      }
      try (InputStream in = connection.getInputStream()) {
        copy(in, temp, uri, size, sha256);
      }
      done = true;
      return temp;
    } finally {
      connection.disconnect();
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  /** Deletes a temporary file without hiding the failure that is being reported. */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The download's own error is what matters; a leftover .part file is harmless.
    }
  }

  /** What went wrong with a transfer, in words (the JDK leaves some messages empty). */
  static String reason(IOException e) {
    if (e instanceof java.net.SocketTimeoutException) {
      return "timed out (" + e.getMessage() + "): the server stayed silent";
    }
    if (e instanceof java.net.ConnectException) {
      String detail = e.getMessage() != null ? e.getMessage()
          : e.getCause() != null ? e.getCause().getMessage() : null;
      return "cannot connect" + (detail == null ? "" : " (" + detail + ")");
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + e.getMessage() + " (no network, or no DNS?)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void copy(InputStream in, Path temp, URI uri, long size, String sha256)
      throws IOException {
    MessageDigest digest = sha256();
    progress.printf(Locale.ROOT, "Downloading %s (%.1f MB)%n", uri, size / 1e6);
    long start = System.nanoTime();
    long lastDraw = 0;
    long n = 0;
    try (OutputStream out = Files.newOutputStream(temp)) {
      byte[] buffer = new byte[1 << 16];
      for (int r; (r = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, r);
        digest.update(buffer, 0, r);
        n += r;
        if (n > size) {
          throw new IOException("the server sent more than the " + size + " bytes of the"
              + " published file");
        }
        long now = System.nanoTime();
        if (interactive && now - lastDraw > REDRAW_NANOS) {
          draw(n, size);
          lastDraw = now;
        }
      }
    } finally {
      if (interactive) {
        draw(n, size);
        progress.println();
      }
    }
    if (n != size) {
      throw new IOException("truncated: the connection ended after " + n + " of "
          + size + " bytes");
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(sha256)) {
      throw new IOException("corrupt: its SHA-256 is " + actual + ", not the published "
          + sha256);
    }
    if (!interactive) {
      progress.printf(Locale.ROOT, "  done: %.1f MB in %.1f s%n", n / 1e6,
          (System.nanoTime() - start) / 1e9);
    }
  }

  private void draw(long n, long size) {
    int filled = (int) (BAR * n / Math.max(1, size));
    progress.printf(Locale.ROOT, "\r[%s%s] %3d%% %.1f/%.1f MB", "=".repeat(filled),
        " ".repeat(BAR - filled), 100 * n / Math.max(1, size), n / 1e6, size / 1e6);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
