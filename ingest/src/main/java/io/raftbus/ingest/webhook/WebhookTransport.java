package io.raftbus.ingest.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends one signed webhook POST. Implementations must be thread-safe and must not block the caller. */
interface WebhookTransport {
    /**
     * Posts a body.
     *
     * @param url the target.
     * @param appKey the {@code X-Pusher-Key} header.
     * @param signature the {@code X-Pusher-Signature} header.
     * @param body the JSON body.
     * @return completes with the HTTP status, or exceptionally if no answer arrived.
     */
    CompletableFuture<Integer> post(String url, String appKey, String signature, byte[] body);

    /**
     * Returns a transport on {@link HttpClient}.
     *
     * @param timeout how long one POST may take before it counts as failed.
     * @return the transport.
     */
    static WebhookTransport httpClient(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return (url, key, signature, body) -> {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Content-Type", "application/json").header("X-Pusher-Key", key)
                        .header("X-Pusher-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e);
            }
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode);
        };
    }
}
