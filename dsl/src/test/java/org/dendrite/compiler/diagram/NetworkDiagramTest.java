package org.dendrite.compiler.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.SourceFile;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.nn.NnCompiler;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The diagram of the residual golden network: a box per layer with its shape, an edge per input
 * (the skip connection curved around the block), as well-formed SVG and as DOT.
 */
class NetworkDiagramTest {
  static Network residual() throws Exception {
    Path nn = Path.of("src/test/resources/golden/Residual.nn");
    DiagnosticCollector d = new DiagnosticCollector();
    List<Network> networks = NnCompiler.parse(new SourceFile("Residual.nn",
        Files.readString(nn)), d);
    assertEquals(List.of(), d.diagnostics());
    return networks.get(0);
  }

  @Test
  void svgHasABoxPerLayerAndAnEdgePerInput() throws Exception {
    Network n = residual();
    String svg = NetworkDiagram.svg(n);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getTagName());
    assertEquals(n.layers().size(), doc.getElementsByTagName("rect").getLength());
    int edges = 0;
    for (int i = 0; i < n.layers().size(); i++) {
      edges += n.inputs(i).size();
    }
    NodeList lines = doc.getElementsByTagName("line");
    NodeList paths = doc.getElementsByTagName("path"); // the arrow head's, and curved edges
    assertEquals(edges, lines.getLength() + paths.getLength() - 1);
    assertEquals(2, paths.getLength(), "the skip connection stem → sum curves: " + svg);
    assertTrue(svg.contains(">sum: Add<") && svg.contains(">8×8×4<"), svg);
  }

  @Test
  void dotHasEveryEdge() throws Exception {
    String dot = NetworkDiagram.dot(residual());
    assertTrue(dot.startsWith("digraph \"Residual\" {"), dot);
    for (String edge : List.of("\"image\" -> \"stem\"", "\"conv2\" -> \"sum\"",
        "\"stem\" -> \"sum\"", "\"sum\" -> \"out1\"", "\"gap\" -> \"output\"")) {
      assertTrue(dot.contains(edge + ";"), () -> edge + " missing from " + dot);
    }
    assertTrue(dot.contains("label=\"sum: Add\\n8×8×4\""), dot);
  }
}
