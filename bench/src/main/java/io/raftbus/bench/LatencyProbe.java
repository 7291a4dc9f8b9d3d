package io.raftbus.bench;

import io.raftbus.log.ChannelEvent;
import io.raftbus.log.CommittedListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Records, on a node, the time from a benchmark event's intended send to its commit on this node.
 *
 * <p>Benchmark events are named {@value #EVENT} and carry the sender's {@code System.nanoTime()} in their
 * first 8 bytes; on Linux that clock is CLOCK_MONOTONIC, shared by every process on the machine, so the
 * difference is a real cross-process latency. Events named anything else (warm-up) are ignored. Called from
 * the dispatch thread of each group; recording is synchronized, once per event.
 */
public final class LatencyProbe implements CommittedListener {
    /** The event name that is measured. */
    public static final String EVENT = "bench";

    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);

    @Override
    public void onCommitted(List<ChannelEvent> events) {
        long now = System.nanoTime();
        synchronized (histogram) {
            for (ChannelEvent e : events) {
                if (e.data().length >= 8 && EVENT.equals(e.eventName())) {
                    long sent = ByteBuffer.wrap(e.data()).getLong(0);
                    histogram.recordValue(Math.max(0, now - sent));
                }
            }
        }
    }

    /**
     * Writes the recorded histogram (HdrHistogram's compressed form, Base64) to a file atomically.
     *
     * @param file the file.
     * @throws IOException if writing fails.
     */
    public void writeTo(Path file) throws IOException {
        String text;
        synchronized (histogram) {
            ByteBuffer buf = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int n = histogram.encodeIntoCompressedByteBuffer(buf);
            text = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a histogram written by {@link #writeTo}.
     *
     * @param file the file.
     * @return the histogram, in nanoseconds.
     * @throws IOException if reading or decoding fails.
     */
    public static Histogram readFrom(Path file) throws IOException {
        byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("bad histogram in " + file, e);
        }
    }
}
