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
import java.util.TreeMap;
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
    /** Per wall-clock second (epoch seconds): {events, max latency in ns}, to line slow seconds up with logs. */
    private final TreeMap<Long, long[]> seconds = new TreeMap<>();

    @Override
    public void onCommitted(List<ChannelEvent> events) {
        long now = System.nanoTime();
        long second = System.currentTimeMillis() / 1000;
        synchronized (histogram) {
            long[] s = null;
            for (ChannelEvent e : events) {
                if (e.data().length >= 8 && EVENT.equals(e.eventName())) {
                    long latency = Math.max(0, now - ByteBuffer.wrap(e.data()).getLong(0));
                    histogram.recordValue(latency);
                    if (s == null) {
                        s = seconds.computeIfAbsent(second, k -> new long[2]);
                    }
                    s[0]++;
                    s[1] = Math.max(s[1], latency);
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
        StringBuilder timeline = new StringBuilder();
        synchronized (histogram) {
            seconds.forEach((second, s) -> timeline.append(second).append(' ').append(s[0]).append(' ')
                    .append(s[1]).append('\n'));
        }
        write(secondsFile(file), timeline.toString());
        write(file, text);
    }

    /**
     * Returns the file {@link #writeTo} puts the per-second timeline in: one line per wall-clock second with
     * events, {@code epochSecond count maxLatencyNs}.
     *
     * @param file the histogram's file.
     * @return the timeline's file.
     */
    public static Path secondsFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".seconds");
    }

    private static void write(Path file, String text) throws IOException {
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
