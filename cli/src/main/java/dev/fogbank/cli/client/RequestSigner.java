package dev.fogbank.cli.client;

import java.net.http.HttpRequest;

/** Authenticates a request just before it is sent, from its headers and its exact body. */
interface RequestSigner {
  /** Leaves the request as it is: the bearer token, if any, is already among its headers. */
  RequestSigner NONE = (request, body) -> request;

  HttpRequest sign(HttpRequest request, byte[] body);
}
