package io.raftbus.ingest.webhook;

import io.raftbus.ingest.IngestConfig;

/**
 * How webhooks are batched and retried.
 *
 * @param batchMs how long events are collected before a POST.
 * @param maxBatchEvents the most events in one POST (Pusher: 20).
 * @param retryForMs how long a failing POST is retried.
 * @param initialBackoffMs the first retry's delay; each next one doubles, up to a minute.
 * @param pollMs how often the sender's duty cycle runs.
 */
record WebhookSettings(long batchMs, int maxBatchEvents, long retryForMs, long initialBackoffMs, long pollMs) {
    /** Pusher's batch size. */
    static final int PUSHER_BATCH_EVENTS = 20;

    /**
     * Returns the settings of an edge config.
     *
     * @param config the config.
     * @return the settings: 20 events, 1 s first back-off, 50 ms poll.
     */
    static WebhookSettings of(IngestConfig config) {
        return new WebhookSettings(config.webhookBatch().toMillis(), PUSHER_BATCH_EVENTS,
                config.webhookRetryFor().toMillis(), 1_000, 50);
    }
}
