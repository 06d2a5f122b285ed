package dev.fogbank.cli.local;

import dev.fogbank.shared.log.StructuredLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local API's listening socket, in front of the JDK HTTP server: the JDK server refuses a
 * request target that is not a valid URI (a bad %-escape such as {@code /deployments/%zz}) itself,
 * before any handler runs, with an HTML page naming {@code URISyntaxException}. Here each request
 * line is checked first and such a request gets fogbank's JSON 400 {@code INVALID_REQUEST}; every
 * other request is passed on unchanged but for {@code Connection: close}, so that each connection
 * carries one request and every request line passes this check.
 */
final class RequestLineGuard implements AutoCloseable {
  /** Request line and headers; the JDK server's own limit is of the same order. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final ServerSocket socket;
  private final int backendPort;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean open = true;

  RequestLineGuard(int port, int backendPort) throws IOException {
    this.backendPort = backendPort;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
  }

  int port() {
    return socket.getLocalPort();
  }

  void start() {
    Thread.ofVirtual().name("fogbank-api-accept").start(this::accept);
  }

  private void accept() {
    while (open) {
      try {
        Socket client = socket.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        if (open) {
          StructuredLog.warn("api_accept_failed", Map.of("type", e.getClass().getName()));
        }
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(client.getInputStream());
      byte[] head = readHead(in);
      if (head == null) {
        return; // closed, or a head too long: the JDK server would refuse it too
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      String requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
      if (!validTarget(requestLine)) {
        refuse(client.getOutputStream());
        return;
      }
      try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
        OutputStream toBackend = backend.getOutputStream();
        toBackend.write(withConnectionClose(text).getBytes(StandardCharsets.ISO_8859_1));
        toBackend.flush();
        Thread body =
            Thread.ofVirtual().start(() -> pipe(in, backend));
        backend.getInputStream().transferTo(client.getOutputStream());
        client.getOutputStream().flush();
        body.interrupt();
      }
    } catch (IOException e) {
      // The client or the server went away: nothing left to answer.
    }
  }

  /** The rest of the request (its body) from the client to the server, until either closes. */
  private static void pipe(InputStream client, Socket backend) {
    try {
      client.transferTo(backend.getOutputStream());
    } catch (IOException e) {
      // the exchange ended
    }
  }

  /** The request line's target parses as the JDK server parses it. */
  private static boolean validTarget(String requestLine) {
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3) {
      return true; // the JDK server answers a malformed request line itself
    }
    try {
      new URI(parts[1]);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(OutputStream out) throws IOException {
    byte[] body =
        ("{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"the request path is not a valid"
                + " URI (a bad %-escape? a % must be followed by two hex digits)\"}}")
            .getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** The head with its Connection header replaced by {@code Connection: close}. */
  private static String withConnectionClose(String head) {
    StringBuilder out = new StringBuilder(head.length() + 20);
    String[] lines = head.split("\r\n", -1);
    out.append(lines[0]).append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        break;
      }
      if (!line.regionMatches(true, 0, "connection:", 0, 11)) {
        out.append(line).append("\r\n");
      }
    }
    return out.append("Connection: close\r\n\r\n").toString();
  }

  /** The bytes up to and including the blank line after the headers; null if none in bounds. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    while (head.size() < MAX_HEAD_BYTES) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }

  @Override
  public void close() {
    open = false;
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
    connections.shutdownNow();
  }
}
