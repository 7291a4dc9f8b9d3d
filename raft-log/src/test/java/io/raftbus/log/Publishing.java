package io.raftbus.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test helpers that publish like a careful producer: retry with the same idempotency key until acknowledged. */
final class Publishing {
    private Publishing() {
    }

    /**
     * Publishes one event, retrying failures with the same idempotency key for up to a minute.
     *
     * @param client the client.
     * @param command the event; must carry an idempotency key.
     * @return the acknowledged result.
     */
    static PublishResult publishUntilAcked(LogClient client, PublishCommand command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        LogException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return client.publish(command).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LogException le) {
                    last = le;
                    continue;
                }
                throw new AssertionError(e);
            } catch (TimeoutException e) {
                last = new LogException(LogError.TIMEOUT, "test timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("never acknowledged: " + command, last);
    }

    static PublishCommand keyed(String channel, int i) {
        return PublishCommand.of("app", channel, "ev", ("v" + i).getBytes(StandardCharsets.UTF_8))
                .withIdempotencyKey(channel + "-" + i);
    }

    /**
     * Reads a whole channel from a node's replica.
     *
     * @param node the node.
     * @param channel the channel.
     * @return every event from offset 1.
     */
    static List<ChannelEvent> readAll(RaftLog node, ChannelKey channel) {
        List<ChannelEvent> all = new ArrayList<>();
        long from = 1;
        while (true) {
            ReadResult r = node.readLocal(channel, from, 1000);
            if (!(r instanceof ReadResult.Events ev)) {
                throw new AssertionError("unexpected " + r);
            }
            all.addAll(ev.events());
            if (ev.events().isEmpty()) {
                return all;
            }
            from = ev.nextOffset();
        }
    }

    static List<String> payloads(List<ChannelEvent> events) {
        List<String> out = new ArrayList<>();
        for (ChannelEvent e : events) {
            out.add(new String(e.data(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
