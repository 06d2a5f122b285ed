package dev.fogbank.cli.client;

import java.net.URI;
import java.util.Map;

/** Authenticates a request just before it is sent, from its headers and its exact body. */
interface RequestSigner {
  /** Adds nothing: the bearer token, if any, is already among the request's headers. */
  RequestSigner NONE = (method, uri, headers, body) -> Map.of();

  /**
   * The headers to add to the request {@code method uri} whose other headers are {@code headers}
   * (sent exactly so) and whose body is {@code body} (sent byte for byte).
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body);
}
