package org.dendrite.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloading Fashion-MNIST, against HTTP servers on the loopback address (never the internet)
 * that serve the official files whole, cut short, corrupted or not at all.
 *
 * <p>The official files are rebuilt from Debian's: the package holds the same compressed data,
 * but its gzip headers lack the original file names and modification times. With those put back
 * the bytes are Zalando's, which the first test proves against the published SHA-256 sums.
 *
 * <p>Every test has a time limit: a download that hangs is a failure, not a stuck build.
 */
@Timeout(60)
class FashionMnistDownloadTest {
  static final String[] NAMES = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
  };
  /** The modification times in the official files' gzip headers (31 August 2017). */
  static final int[] MTIMES = {1504176606, 1504176606, 1504176627, 1504176627};

  static final Map<String, byte[]> OFFICIAL = new LinkedHashMap<>();

  @TempDir Path dir;
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<ServerSocket> sockets = new ArrayList<>();
  private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void rebuildTheOfficialFiles() throws IOException {
    for (int i = 0; i < NAMES.length; i++) {
      byte[] debian = Files.readAllBytes(FashionMnistTest.INSTALLED.resolve(NAMES[i]));
      assertEquals(0, debian[3], NAMES[i] + ": Debian's gzip header has no optional fields");
      byte[] name = NAMES[i].replace(".gz", "").getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer official = ByteBuffer.allocate(debian.length + name.length + 1)
          .order(ByteOrder.LITTLE_ENDIAN);
      official.put(new byte[] {0x1f, (byte) 0x8b, 8, 8}).putInt(MTIMES[i]).put(new byte[] {0, 3})
          .put(name).put((byte) 0).put(debian, 10, debian.length - 10);
      OFFICIAL.put(NAMES[i], official.array());
    }
  }

  @AfterEach
  void stopServers() throws IOException {
    servers.forEach(s -> s.stop(0));
    for (java.io.Closeable c : sockets) {
      c.close();
    }
    for (java.io.Closeable c : accepted) {
      c.close();
    }
  }

  /** What a server does with a file. */
  enum Serve { WHOLE, CUT_SHORT, CORRUPTED, NOT_FOUND }

  /** A server on 127.0.0.1 serving the official files as {@code serve} says; counts requests. */
  private URI server(Serve serve, AtomicInteger requests) throws IOException {
    if (serve == Serve.CUT_SHORT) {
      return rawServer(true);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/data/", exchange -> {
      requests.incrementAndGet();
      byte[] file = OFFICIAL.get(exchange.getRequestURI().getPath().substring(6));
      if (file == null || serve == Serve.NOT_FOUND) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, file.length);
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] body = file;
        if (serve == Serve.CORRUPTED) {
          body = file.clone();
          body[body.length / 2] ^= 0x40;
        }
        out.write(body);
      } catch (IOException e) {
        // The client gave up: nothing to do.
      }
    });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
  }

  /**
   * A server that announces a whole file, sends half of it, and then closes the connection
   * ({@code close}) or goes silent (holding the connection until the test ends).
   */
  private URI rawServer(boolean close) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    sockets.add(socket);
    Thread t = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          accepted.add(s);
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
              StandardCharsets.ISO_8859_1));
          String path = in.readLine().split(" ")[1];
          while (!in.readLine().isEmpty()) {
            // the request's headers
          }
          byte[] file = OFFICIAL.get(path.substring(path.lastIndexOf('/') + 1));
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + file.length + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          out.write(file, 0, file.length / 2);
          out.flush();
          if (close) {
            s.close();
          }
        } catch (IOException | RuntimeException e) {
          // The socket was closed by the test, or the client went away.
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/data/");
  }

  private Path download(List<URI> mirrors) throws IOException {
    return FashionMnist.download(dir, mirrors, List.of(dir),
        new PrintStream(progress, true, StandardCharsets.UTF_8), false);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void thePublishedChecksumsAndSizesAreTheOfficialFiles() throws Exception {
    for (int i = 0; i < NAMES.length; i++) {
      byte[] file = OFFICIAL.get(NAMES[i]);
      assertEquals(FashionMnist.SIZES[i], file.length, NAMES[i]);
      assertEquals(FashionMnist.SHA256[i], HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(file)), NAMES[i]);
    }
    // MD5 sums as Zalando's README publishes them, for the same bytes.
    String[] md5 = {"8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
        "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"};
    for (int i = 0; i < NAMES.length; i++) {
      assertEquals(md5[i], HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(OFFICIAL.get(NAMES[i]))), NAMES[i]);
    }
  }

  @Test
  void aDownloadIsVerifiedMovedIntoPlaceAndLoads() throws IOException {
    URI server = server(Serve.WHOLE, new AtomicInteger());
    assertEquals(dir, download(List.of(server)));
    assertEquals(List.of(NAMES[2], NAMES[3], NAMES[0], NAMES[1]), files(), "no .part left");
    FashionMnist got = FashionMnist.load(dir);
    FashionMnist installed = FashionMnist.load(FashionMnistTest.INSTALLED);
    assertArrayEquals(installed.train().features(0, 60_000), got.train().features(0, 60_000));
    assertArrayEquals(installed.test().targets(0, 10_000), got.test().targets(0, 10_000));
    String out = progress.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Downloading " + server + "train-images-idx3-ubyte.gz (26.4 MB)\n"),
        out);
  }

  @Test
  void aFileCutShortIsFetchedFromTheNextMirror() throws IOException {
    URI broken = server(Serve.CUT_SHORT, new AtomicInteger());
    URI good = server(Serve.WHOLE, new AtomicInteger());
    download(List.of(broken, good));
    assertEquals(4, files().size(), files().toString());
    FashionMnist.load(dir);
  }

  @Test
  void cutShortAndCorruptedDownloadsFailNamingTheUrlsAndLeaveNothing() throws IOException {
    URI cut = server(Serve.CUT_SHORT, new AtomicInteger());
    URI corrupted = server(Serve.CORRUPTED, new AtomicInteger());
    IOException e = assertThrows(IOException.class, () -> download(List.of(cut, corrupted)));
    String m = e.getMessage();
    assertTrue(m.startsWith("Fashion-MNIST not found, and downloading it failed:\n  " + cut
        + "train-images-idx3-ubyte.gz: "), m);
    assertTrue(m.contains("\n  " + corrupted + "train-images-idx3-ubyte.gz: corrupt: its"
        + " SHA-256 is "), m);
    assertTrue(m.contains(", not the published " + FashionMnist.SHA256[0]), m);
    assertTrue(m.contains("sudo apt-get install dataset-fashion-mnist"), m);
    assertEquals(List.of(), files(), "a failed download leaves nothing");
  }

  @Test
  void aLengthCheckCatchesATruncatedFile() throws IOException {
    // Without a Content-Length the cut is only visible in the length: served as a shorter file.
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/", exchange -> {
      byte[] file = OFFICIAL.get(NAMES[0]);
      exchange.sendResponseHeaders(200, 0); // chunked
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(file, 0, 1000);
      }
    });
    server.start();
    servers.add(server);
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    IOException e = assertThrows(IOException.class, () -> download(List.of(uri)));
    assertTrue(e.getMessage().contains(uri + "train-images-idx3-ubyte.gz: truncated: the"
        + " connection ended after 1000 of 26421880 bytes"), e.getMessage());
    assertEquals(List.of(), files());
  }

  /** A server that goes silent mid-file ends the download at the read timeout, not never. */
  @Test
  void aStalledServerTimesOut() throws IOException {
    URI stalled = rawServer(false);
    Download d = new Download(new PrintStream(progress, true, StandardCharsets.UTF_8), false,
        500);
    IOException e = assertThrows(IOException.class, () -> d.fetch(stalled.resolve(NAMES[0]),
        dir, NAMES[0], FashionMnist.SIZES[0], FashionMnist.SHA256[0]));
    assertEquals("timed out (Read timed out): the server stayed silent", Download.reason(e));
    assertEquals(List.of(), files());
  }

  @Test
  void anUnreachableServerOrAMissingFileIsNamedWithTheManualWay() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + closed + "/");
    URI notFound = server(Serve.NOT_FOUND, new AtomicInteger());
    IOException e = assertThrows(IOException.class, () -> download(List.of(nobody, notFound)));
    String m = e.getMessage();
    assertTrue(m.contains("\n  " + nobody + "train-images-idx3-ubyte.gz: cannot connect"), m);
    assertTrue(m.contains("\n  " + notFound + "train-images-idx3-ubyte.gz: the server answered"
        + " HTTP 404"), m);
    assertTrue(m.contains("Looked for train-images-idx3-ubyte[.gz] in:\n  " + dir), m);
    assertTrue(m.contains("download the four files of"
        + " https://github.com/zalandoresearch/fashion-mnist"), m);
    assertEquals(List.of(), files());
  }

  @Test
  void onlyTheMissingFilesAreFetched() throws IOException {
    for (int i = 1; i < NAMES.length; i++) {
      Files.write(dir.resolve(NAMES[i]), OFFICIAL.get(NAMES[i]));
    }
    AtomicInteger requests = new AtomicInteger();
    download(List.of(server(Serve.WHOLE, requests)));
    assertEquals(1, requests.get());
    assertEquals(4, files().size());
  }

  /** The mirrors are the official locations, over HTTPS first. */
  @Test
  void theMirrorsAreZalandosRepositoryThenItsBucket() {
    assertEquals(List.of(
        URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"
            + NAMES[0]),
        URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" + NAMES[0])),
        FashionMnist.MIRRORS.stream().map(m -> m.resolve(NAMES[0])).toList());
  }
}
