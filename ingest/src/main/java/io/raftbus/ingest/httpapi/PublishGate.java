package io.raftbus.ingest.httpapi;

import io.raftbus.log.ChannelKey;
import io.raftbus.log.ChannelRules;
import io.raftbus.log.LogClient;
import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import io.raftbus.log.PublishCommand;
import io.raftbus.log.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes the commands of one API request and completes only when every one is committed by a majority. A
 * failure of any command fails the request: the caller never hears success for an event that was not stored.
 * A failed multi-channel request may have stored some channels; retrying it with the same idempotency key stores
 * each channel exactly once. Log errors are mapped to HTTP API errors here, in one place.
 */
final class PublishGate {
    private final LogClient client;

    PublishGate(LogClient client) {
        this.client = client;
    }

    /**
     * Publishes every command (concurrently, so the log coalesces them) and waits for all.
     *
     * @param commands the commands.
     * @return completes with the results in command order, or exceptionally with an {@link HttpApiException}.
     */
    CompletableFuture<List<PublishResult>> publishAll(List<PublishCommand> commands) {
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>(commands.size());
        for (PublishCommand c : commands) {
            CompletableFuture<PublishResult> f;
            try {
                f = client.publish(c);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f);
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> {
                    if (error != null) {
                        throw new CompletionException(translate(error));
                    }
                    List<PublishResult> results = new ArrayList<>(futures.size());
                    futures.forEach(f -> results.add(f.join()));
                    return results;
                });
    }

    /**
     * Composes the idempotency key stored for one channel of a request, so a multi-channel publish stores each
     * channel once and a retry of the whole request stores nothing new.
     *
     * @param key the request's key, or null.
     * @param scope what distinguishes this command within the request (the channel, or index and channel).
     * @return the key, or null.
     * @throws HttpApiException (400) if the composed key is too long.
     */
    static String idempotencyKey(String key, String scope) {
        if (key == null) {
            return null;
        }
        String composed = key + ":" + scope;
        if (key.isEmpty() || composed.length() > ChannelRules.MAX_KEY_LENGTH) {
            throw HttpApiException.badRequest("idempotency key must have 1 to "
                    + (ChannelRules.MAX_KEY_LENGTH - scope.length() - 1) + " characters for channel '" + scope
                    + "'");
        }
        return composed;
    }

    /**
     * Maps a failure of the log to the API's answer.
     *
     * @param error the failure, possibly wrapped.
     * @return the API exception.
     */
    static HttpApiException translate(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) {
            if (e.getCause() == null) {
                break;
            }
            e = e.getCause();
        }
        if (e instanceof HttpApiException api) {
            return api;
        }
        if (e instanceof LogException le) {
            HttpApiError mapped = of(le.error());
            return new HttpApiException(mapped, mapped == HttpApiError.INTERNAL ? "internal error"
                    : le.getMessage());
        }
        return new HttpApiException(HttpApiError.INTERNAL, "internal error");
    }

    private static HttpApiError of(LogError error) {
        return switch (error) {
            case INVALID_CHANNEL, INVALID_APP, INVALID_EVENT_NAME, INVALID_FIELD, MALFORMED_ENTRY ->
                    HttpApiError.BAD_REQUEST;
            case EVENT_TOO_LARGE -> HttpApiError.TOO_LARGE;
            case DISK_FULL, UNAVAILABLE, TIMEOUT, CLOSED -> HttpApiError.UNAVAILABLE;
            case INTERNAL -> HttpApiError.INTERNAL;
        };
    }

    /**
     * Returns the key of a channel of an app.
     *
     * @param app the app id.
     * @param channel the channel name.
     * @return the key.
     */
    static ChannelKey key(String app, String channel) {
        return new ChannelKey(app, channel);
    }
}
